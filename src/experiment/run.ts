/**
 * The experiment runner: data → for each network (train, snapshot, topology)
 * → artifacts in the layout of the repo-layout source → manifest.
 *
 * Resumable: at every snapshot epoch the runner first saves a checkpoint (the
 * model with its optimizer state, and the history so far) and then commits
 * the snapshot (its topology in `.resume/epoch<k>.json` and the sha256 of
 * every file it wrote; see ./checkpoint.ts). `--resume` keeps every finished
 * network and committed snapshot whose files still hash to the record, says
 * what does not and redoes it; since every random choice derives from the
 * seed, the result equals an uninterrupted run, byte for byte.
 *
 * @module
 */

import type * as tf from "@tensorflow/tfjs";
import type { Dataset, SplitDataset } from "../data/dataset.ts";
import { deriveSeed } from "../data/random.ts";
import { buildModel } from "../nn/build_model.ts";
import { layerLabel } from "../nn/spec.ts";
import { type EpochRecord, trainModel } from "../nn/train.ts";
import { evaluateModel } from "../nn/evaluate.ts";
import { activations as layerActivations } from "../nn/activations.ts";
import { modelWeights } from "../nn/weights.ts";
import { writeFileAtomic } from "../artifacts/atomic.ts";
import { readArtifactJson, toArtifactJson } from "../artifacts/json.ts";
import { sha256Hex } from "../artifacts/hash.ts";
import { experimentDir, manifestPath, networkPaths } from "../artifacts/layout.ts";
import type { ManifestNetwork } from "../artifacts/schema.ts";
import { prepareData } from "./prepare_data.ts";
import { type TopologyPool, topologyPool } from "./topology_pool.ts";
import { mapperStageSteps } from "./mapper_stage.ts";
import { filterStage, modelFilters } from "./filter_stage.ts";
import {
  type LayerKernel,
  mapperEpochs,
  type SnapshotJob,
  type SnapshotRecord,
} from "./snapshot_stage.ts";
import {
  networkRecords,
  snapshotDiagrams,
  snapshotFiles,
  writeNetworkFiles,
} from "./network_files.ts";
import { trackTopology } from "./tracking.ts";
import { writeManifest } from "./manifest.ts";
import { type ExperimentSpec, networkAmount, type NetworkSpec } from "./spec.ts";
import {
  type FileLedger,
  NetworkCheckpoint,
  type Notice,
  recordFinishedNetwork,
  removeStrayTemporaries,
  verifyFinishedNetwork,
} from "./checkpoint.ts";

/** A step of a long stage, for progress bars. */
export interface ProgressEvent {
  /** The network working. */
  network: string;
  /** The stage it is in. */
  stage: "training" | "topology" | "mapper" | "filters";
  /** Steps done (batches, barcodes, graphs). */
  done: number;
  /** Steps in all. */
  total: number;
  /** A short status line (the latest loss, the current snapshot). */
  status?: string;
}

/** How to run an experiment. */
export interface RunOptions {
  /** The artifacts root. */
  out: string;
  /** Keep completed snapshots of an interrupted run (default false: start afresh). */
  resume?: boolean;
  /** Progress of training and topology. */
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Threads computing barcodes, distances and pictures; 0 computes them on
   * the main thread. Default: the number of cores, at most 8. The results are the same
   * bytes either way.
   */
  workers?: number;
  /**
   * What `--resume` found wrong (a file missing, corrupt or changed since it
   * was committed) and what it redoes because of it.
   */
  onNotice?: (message: string) => void;
}

/** What a network's run needs besides {@linkcode RunOptions}. */
interface NetworkRunOptions extends RunOptions {
  /** Computes the barcodes, distances and pictures. */
  pool: TopologyPool;
  /** The experiment's folder. */
  experimentDir: string;
  /** sha256 of the spec's JSON: checkpoints of another spec are not used. */
  specHash: string;
  /** `manifest.json`'s file hashes when a finished run is resumed. */
  manifestFiles?: FileLedger;
}

/** What one network reached, and how long each stage took. */
export interface NetworkResult {
  /** The network's name (its architecture). */
  name: string;
  /** Its role in the study (`good`, `bad`, …). */
  role: string;
  /** The last epoch trained. */
  epoch: number;
  /** Accuracy on the training set at that epoch. */
  trainAccuracy: number;
  /** Accuracy on the test set at that epoch. */
  testAccuracy: number;
  /** Wall-clock seconds of each stage. */
  seconds: { training: number; topology: number; artifacts: number };
}

/** What an experiment run produced. */
export interface ExperimentResult {
  /** The experiment's name. */
  experiment: string;
  /** Its folder, `<out>/<dataset>/<dataset>_output/exp_<name>`. */
  dir: string;
  /** What each network reached. */
  networks: NetworkResult[];
}

const RESUME_SPEC = "spec.json";

/**
 * Run one experiment into `options.out`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runExperiment } from "./run.ts";
 * import spec from "../../experiments/spheres.ts";
 * const small = {
 *   ...spec,
 *   dataset: { name: "spheres", source: { kind: "concentric-spheres" as const, n: 200 } },
 *   epochs: 1,
 *   snapshots: [1],
 *   topology: { ...spec.topology, points: 40, splits: ["all" as const] },
 * };
 * const out = await Deno.makeTempDir();
 * const result = await runExperiment(small, { out, workers: 0 });
 * assert.equal(result.networks.length, 2);
 * assert.equal(result.networks[0].epoch, 1);
 * ```
 */
export async function runExperiment(
  spec: ExperimentSpec,
  options: RunOptions,
): Promise<ExperimentResult> {
  const dir = experimentDir({
    root: options.out,
    dataset: spec.dataset.name,
    experiment: spec.name,
  });
  const specJson = JSON.stringify(spec, null, 2) + "\n";
  const specHash = await sha256Hex(new TextEncoder().encode(specJson));
  const notice = options.onNotice ?? (() => {});
  const timings: Record<string, number> = {};
  const results: NetworkResult[] = [];
  const networks: ManifestNetwork[] = [];
  // The workers start first, so that loading their modules overlaps making the data.
  const pool = topologyPool({ workers: options.workers, eager: true });
  try {
    // The data comes first: a dataset that cannot be made leaves nothing behind.
    const t = performance.now();
    const manifestFiles = options.resume ? await assertResumable(dir, specJson, notice) : undefined;
    const data = await amountData(spec);
    timings["data"] = (performance.now() - t) / 1000;
    await prepareFolder(dir, options.resume === true, notice);
    await writeFileAtomic(`${dir}/.resume/${RESUME_SPEC}`, specJson);
    const jobs = spec.networks.map((net): NetworkJob => {
      const amount = networkAmount(spec, net);
      return {
        // The network's own data amount is the one it trains, snapshots and names its folder by.
        spec: { ...spec, dataAmount: amount },
        net,
        data: data.get(amountKey(amount))!,
        options: { ...options, pool, experimentDir: dir, specHash, manifestFiles },
      };
    });
    // Without workers there is nothing to overlap: one network after another.
    const together = options.workers !== 0;
    for (const result of await runNetworks(jobs, pool, together)) {
      results.push(result.summary);
      networks.push(result.manifest);
      for (const [stage, s] of Object.entries(result.summary.seconds)) {
        timings[`${result.summary.name}/${stage}`] = s;
      }
    }
  } finally {
    pool.close();
  }
  // The manifest is written before the resume state goes, so a finished run
  // always has one.
  await writeManifest(dir, { spec, networks, timings });
  await removeTree(`${dir}/.resume`);
  return { experiment: spec.name, dir, networks: results };
}

/**
 * Run the networks all at once (`together`): each trains on this thread while
 * the pool works on the others' topology, so its workers are not left idle
 * between one network's snapshots. The first failure closes the pool (the
 * others stop at their next request) and is the error thrown once every
 * network has stopped. Otherwise one after another.
 */
async function runNetworks(
  jobs: NetworkJob[],
  pool: TopologyPool,
  together: boolean,
): Promise<NetworkRun[]> {
  if (!together) {
    const runs: NetworkRun[] = [];
    for (const job of jobs) runs.push(await runNetwork(job));
    return runs;
  }
  let failure: { error: unknown } | undefined;
  const runs = jobs.map((job) =>
    runNetwork(job).catch((error) => {
      if (!failure) {
        failure = { error };
        pool.close();
      }
      throw error;
    })
  );
  const settled = await Promise.allSettled(runs);
  if (failure) throw failure.error;
  return settled.map((s) => (s as PromiseFulfilledResult<NetworkRun>).value);
}

/**
 * A network as people read it: its name, with its data amount when it has
 * its own (a data-amount sweep lists one network at several amounts).
 */
function networkLabel(job: NetworkJob): string {
  const { part, parts } = job.spec.dataAmount;
  return job.net.dataAmount ? `${job.net.name} (data ${part}/${parts})` : job.net.name;
}

/** The network's folder's identity within the experiment: `<name>_DataAmount<part>`. */
function folderName(job: NetworkJob): string {
  return `${job.net.name}_DataAmount${job.spec.dataAmount.part}`;
}

function amountKey(amount: { part: number; parts: number }): string {
  return `${amount.part}/${amount.parts}`;
}

/**
 * The data of every amount the networks train on, made before anything is
 * written (a dataset that cannot be made leaves nothing behind).
 */
async function amountData(spec: ExperimentSpec): Promise<Map<string, SplitDataset>> {
  const data = new Map<string, SplitDataset>();
  for (const net of spec.networks) {
    const amount = networkAmount(spec, net);
    const key = amountKey(amount);
    if (!data.has(key)) data.set(key, await prepareData({ ...spec, dataAmount: amount }));
  }
  return data;
}

/** A resumed run's folder loses its unfinished writes; a fresh run's goes. */
async function prepareFolder(dir: string, resume: boolean, notice: Notice): Promise<void> {
  if (resume) {
    for (const p of await removeStrayTemporaries(dir)) {
      notice(`${dir}/${p}: removed (an unfinished write)`);
    }
    return;
  }
  await Deno.remove(dir, { recursive: true }).catch((e) => {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  });
}

/**
 * Refuse to resume a run of another spec. An unfinished run keeps its spec in
 * `.resume/spec.json`, a finished one in its manifest; returns the manifest's
 * file hashes when it holds this spec (finished networks are checked against
 * them). An unreadable spec.json is reported: each network's checkpoint then
 * vouches for its own spec.
 */
async function assertResumable(
  dir: string,
  specJson: string,
  notice: Notice,
): Promise<FileLedger | undefined> {
  const refuse = (source: string): never => {
    throw new Error(
      `${source}: expected the same spec as this run to resume it, found a different one (changed --epochs, --points, --seed or --data-amount?); run without --resume to start afresh`,
    );
  };
  let manifest: { spec: unknown; files: FileLedger } | undefined;
  try {
    manifest = await readArtifactJson(manifestPath(dir), "manifest");
  } catch (e) {
    const missing = e instanceof Error && /No such file|NotFound|not found/i.test(e.message);
    if (!missing) notice(`${(e as Error).message}; its file hashes are not used`);
  }
  const manifestSpec = manifest && JSON.stringify(manifest.spec, null, 2) + "\n";
  const source = `${dir}/.resume/${RESUME_SPEC}`;
  let previous: string | undefined;
  try {
    previous = await Deno.readTextFile(source);
  } catch {
    if (manifestSpec !== undefined && manifestSpec !== specJson) refuse(manifestPath(dir));
  }
  if (previous !== undefined && previous !== specJson) {
    try {
      JSON.parse(previous);
    } catch (e) {
      notice(`${source}: corrupt (${e}); each network's checkpoint is checked against this spec`);
      previous = undefined;
    }
    if (previous !== undefined) refuse(source);
  }
  return manifestSpec === specJson ? manifest?.files : undefined;
}

/**
 * Remove a folder so that it is gone at once for a reader: rename it to a
 * hidden sibling first (atomic), then delete that.
 */
async function removeTree(path: string): Promise<void> {
  const doomed = `${path}.removing-${Deno.pid}`;
  try {
    await Deno.rename(path, doomed);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw e;
  }
  await Deno.remove(doomed, { recursive: true });
}

interface NetworkRun {
  summary: NetworkResult;
  manifest: ManifestNetwork;
}

/** One network to run: the study, the network, its data, how to run. */
interface NetworkJob {
  spec: ExperimentSpec;
  net: NetworkSpec;
  data: SplitDataset;
  options: NetworkRunOptions;
}

/** Where a network's run stands: its model, history, committed snapshots. */
interface NetworkState {
  paths: ReturnType<typeof networkPaths>;
  checkpoint: NetworkCheckpoint;
  model: tf.LayersModel;
  history: EpochRecord[];
  /** The epoch the model is at when the run (re)starts. */
  start: number;
  snapshots: Map<number, SnapshotRecord>;
  /** Snapshots taken whose topology is still being computed and committed. */
  computing: Promise<void>[];
  seconds: NetworkResult["seconds"];
}

async function runNetwork(job: NetworkJob): Promise<NetworkRun> {
  const { spec, net, options } = job;
  const paths = networkPaths(options.experimentDir, net.name, spec.dataAmount.part);
  const seconds = { training: 0, topology: 0, artifacts: 0 };
  // A network a resumed run had finished is kept as it is, if every file
  // still hashes to what was committed.
  if (options.resume && await finishedNetwork(job, paths)) {
    await removeTree(paths.resumeDir);
    const history = await readArtifactJson(paths.history, "history");
    return networkRun(job, history.epochs as EpochRecord[], seconds);
  }
  const state = await startState(job, paths, seconds);
  const takeSnapshot = snapshotTaker(job, state);
  // The starting epoch's snapshot: epoch 0 of a fresh run, or the snapshot a
  // killed run had checkpointed but not yet committed.
  await takeSnapshot(state.start);
  if (state.start < spec.epochs) await train(job, state, takeSnapshot);
  await Promise.all(state.computing);
  const t = performance.now();
  await finishNetwork(job, state);
  seconds.artifacts += (performance.now() - t) / 1000;
  return networkRun(job, state.history, seconds);
}

/** Whether a resumed run had finished this network, every file as committed. */
async function finishedNetwork(
  job: NetworkJob,
  paths: ReturnType<typeof networkPaths>,
): Promise<boolean> {
  const { options } = job;
  return await verifyFinishedNetwork({
    experimentDir: options.experimentDir,
    network: folderName(job),
    paths,
    specHash: options.specHash,
    manifestFiles: options.manifestFiles,
  }, options.onNotice ?? (() => {}));
}

/** The committed snapshots and latest checkpoint when resuming, else a fresh model. */
async function startState(
  job: NetworkJob,
  paths: ReturnType<typeof networkPaths>,
  seconds: NetworkResult["seconds"],
): Promise<NetworkState> {
  const { spec, net, data, options } = job;
  const checkpoint = new NetworkCheckpoint(paths, options.specHash);
  const point = options.resume
    ? await checkpoint.resume(
      async (path) => await readArtifactJson(path, "snapshot"),
      options.onNotice ?? (() => {}),
      spec.snapshots,
    )
    : null;
  const snapshots = point?.snapshots ?? new Map<number, SnapshotRecord>();
  const state = { paths, checkpoint, snapshots, computing: [], seconds };
  if (point?.model) {
    return { ...state, model: point.model, history: point.history, start: point.epoch };
  }
  if (snapshots.size === 0) await Deno.remove(paths.dir, { recursive: true }).catch(() => {});
  const model = buildModel(net, data.train.d, { seed: networkSeed(spec, net) });
  return { ...state, model, history: [evaluateRecord(model, data, 0)], start: 0 };
}

function networkSeed(spec: ExperimentSpec, net: NetworkSpec): number {
  return deriveSeed(spec.seed, `network:${net.name}`);
}

function progressOf(job: NetworkJob) {
  return (stage: ProgressEvent["stage"], done: number, total: number, status = "") =>
    job.options.onProgress?.({ network: networkLabel(job), stage, done, total, status });
}

/**
 * Takes the snapshot of an epoch (once, if it is one): the checkpoint and the
 * arrays of the model as it is now, before it trains on. Its topology is then
 * computed and committed while training goes on (`state.computing`), so the
 * pool's workers have the next snapshot's work before they run out;
 * snapshots commit in the order taken. Without workers each snapshot is
 * committed before training goes on.
 */
function snapshotTaker(job: NetworkJob, state: NetworkState) {
  const { spec, options } = job;
  const progress = progressOf(job);
  const counts = snapshotCounts(job, state);
  const mapperAt = mapperEpochs(spec);
  // Every snapshot whose barcodes are in, committed or not, for the tracking distances.
  const computed = new Map(state.snapshots);
  let committed = Promise.resolve();
  return async (epoch: number) => {
    if (!spec.snapshots.includes(epoch) || state.snapshots.has(epoch)) return;
    const t = performance.now();
    // The checkpoint comes first: a kill during the topology leaves the model
    // of this epoch (or of epoch 0, when a later one was saved since) to redo it from.
    await state.checkpoint.save(state.model, state.history, epoch);
    const arrays = modelSnapshot(job, state.model, epoch);
    const filters = spec.filters &&
      Array.from(modelFilters(state.model, spec.filters.layer ?? 1).data);
    const files = snapshotFiles({
      job: {
        ...arrays,
        barcode: options.pool.barcode,
        onCell: (_cell, done) =>
          progress("topology", counts.topology + done, counts.topologyTotal, `epoch ${epoch}`),
        onMapperStep: (done, _total, status) =>
          progress("mapper", counts.mapper + done, counts.mapperTotal, `epoch ${epoch} ${status}`),
      },
      paths: state.paths,
      amount: spec.dataAmount.part,
      pool: options.pool,
      experimentDir: options.experimentDir,
      onBarcodes: (record) => {
        computed.set(epoch, record);
        prefetchTracking(computed, options.pool);
      },
    });
    const previous = committed;
    committed = (async () => {
      const record = await files;
      await previous;
      if (filters) record.filters = filters;
      if (mapperAt.includes(epoch)) counts.mapper += counts.perMapper;
      await state.checkpoint.commit(epoch, toArtifactJson("snapshot", record));
      state.snapshots.set(epoch, record);
      counts.topology += counts.perSnapshot;
      progress("topology", counts.topology, counts.topologyTotal, `epoch ${epoch}`);
      state.seconds.topology += (performance.now() - t) / 1000;
    })();
    // Awaited before the network finishes; a failure while it still trains
    // must not surface as unhandled.
    committed.catch(() => {});
    state.computing.push(committed);
    // On this thread alone (no workers) there is nothing to overlap.
    if (options.workers === 0) await committed;
  };
}

/**
 * Progress counts of a network's topology (barcodes: layers × splits per
 * snapshot) and Mapper (its steps over the snapshots that have it), starting
 * from the snapshots a resumed run kept.
 */
function snapshotCounts(job: NetworkJob, state: NetworkState) {
  const { spec, net } = job;
  const perSnapshot = (net.layers.length + 1) * spec.topology.splits.length;
  const mapperAt = mapperEpochs(spec);
  const perMapper = spec.mapper ? mapperStageSteps(spec.mapper) : 0;
  const kept = [...state.snapshots.keys()];
  return {
    perSnapshot,
    perMapper,
    topology: kept.length * perSnapshot,
    topologyTotal: spec.snapshots.length * perSnapshot,
    mapper: kept.filter((k) => mapperAt.includes(k)).length * perMapper,
    mapperTotal: mapperAt.length * perMapper,
  };
}

/**
 * Ask the pool now for the tracking distances the snapshots so far will need
 * (the pool keeps them), as soon as a snapshot's barcodes are in, so that they
 * are computed while pictures and later snapshots are; the network's records
 * then find them done. Failures surface there.
 */
function prefetchTracking(snapshots: Map<number, SnapshotRecord>, pool: TopologyPool): void {
  const done = new Map(snapshots);
  trackTopology(snapshotDiagrams(done), done, pool.distances).catch(() => {});
}

/**
 * The arrays of one snapshot of a model: the activations of the splits an
 * analysis reads (a conv layer's maps of a whole training set would not fit
 * in memory; the others are empty clouds), the labels, and the dense kernels
 * by the layer they feed.
 */
function modelSnapshot(job: NetworkJob, model: tf.LayersModel, epoch: number): SnapshotJob {
  const { spec, data } = job;
  const splits = new Set<string>(spec.topology.splits);
  if (spec.mapper && mapperEpochs(spec).includes(epoch)) splits.add(spec.mapper.split ?? "test");
  const wanted = (split: "train" | "test") => splits.has(split) || splits.has("all");
  const activationsOf = (set: Dataset, all: boolean) =>
    layerActivations(model, all ? set.x : set.x.subarray(0, 0), all ? set.n : 0, set.d);
  const kernels: LayerKernel[] = modelWeights(model)
    .filter((w) => w.shape.length === 2)
    .map((w) => ({ layer: w.index + 1, kernel: w.kernel, shape: w.shape as [number, number] }));
  const kind = spec.dataset.source.kind;
  return {
    spec,
    network: job.net.name,
    epoch,
    activations: {
      train: activationsOf(data.train, wanted("train")),
      test: activationsOf(data.test, wanted("test")),
    },
    labels: { train: data.train.y, test: data.test.y },
    kernels,
    ...(kind === "mnist" || kind === "fashion-mnist" ? { images: { width: 28, height: 28 } } : {}),
  };
}

/** Train from `state.start` to the last epoch, taking the snapshots on the way. */
async function train(
  job: NetworkJob,
  state: NetworkState,
  takeSnapshot: (epoch: number) => Promise<void>,
): Promise<void> {
  const { spec, net, data } = job;
  const progress = progressOf(job);
  progress("training", state.start, spec.epochs);
  let t = performance.now();
  await trainModel(state.model, net, data, {
    epochs: spec.epochs,
    startEpoch: state.start,
    seed: networkSeed(spec, net),
    onEpochEnd: async (record) => {
      state.history.push(record);
      state.seconds.training += (performance.now() - t) / 1000;
      const { train, test } = record;
      progress(
        "training",
        record.epoch,
        spec.epochs,
        `loss ${train.loss.toFixed(4)} acc ${train.accuracy.toFixed(3)} test acc ${
          test.accuracy.toFixed(3)
        }`,
      );
      await takeSnapshot(record.epoch);
      // A turn of the event loop between epochs: the pool hands a free worker
      // its next task only from this thread.
      await new Promise((resolve) => setTimeout(resolve, 0));
      t = performance.now();
    },
  });
}

/** The filter stage (for a spec with `filters`), then every file of the network. */
async function finishNetwork(job: NetworkJob, state: NetworkState): Promise<void> {
  const { spec, net, data, options } = job;
  const { paths, snapshots, model, history } = state;
  if (spec.filters) {
    const f = spec.filters;
    const conv = net.layers[(f.layer ?? 1) - 1];
    const d = conv.kind === "conv2d" ? conv.kernelSize * conv.kernelSize : 1;
    const own = new Map([...snapshots].map(([k, s]) => {
      const filters = Float32Array.from(s.filters ?? []);
      return [k, { data: filters, n: filters.length / d, d }];
    }));
    const progress = progressOf(job);
    await filterStage({
      spec: { ...spec, filters: f },
      net,
      data,
      seed: networkSeed(spec, net),
      own,
      dir: paths.dir,
      onProgress: (done, total, status) => progress("filters", done, total, status),
    });
  }
  const records = await networkRecords({
    experiment: spec.name,
    network: net.name,
    maxDim: spec.topology.maxDim,
    cycles: spec.topology.cycles,
    snapshots,
    distances: options.pool.distances,
  });
  await writeNetworkFiles({
    records,
    history,
    weights: modelTensors(job, model),
    model,
    paths,
    draw: options.pool.picture,
  });
  await recordFinishedNetwork(options.experimentDir, folderName(job), paths, options.specHash);
  await removeTree(paths.resumeDir);
}

/** Every layer's kernel and bias, as the weights file holds them. */
function modelTensors(job: NetworkJob, model: tf.LayersModel) {
  const tensors: Record<string, { dtype: "F32"; shape: number[]; data: Float32Array }> = {};
  for (const layer of modelWeights(model)) {
    tensors[`${layer.name}.weight`] = { dtype: "F32", shape: layer.shape, data: layer.kernel };
    tensors[`${layer.name}.bias`] = { dtype: "F32", shape: [layer.bias.length], data: layer.bias };
  }
  return { tensors, metadata: { network: job.net.name, epochs: String(job.spec.epochs) } };
}

function networkRun(
  job: NetworkJob,
  history: EpochRecord[],
  seconds: NetworkResult["seconds"],
): NetworkRun {
  const { net, spec, options } = job;
  const last = history[history.length - 1];
  const paths = networkPaths(options.experimentDir, net.name, spec.dataAmount.part);
  return {
    summary: {
      name: networkLabel(job),
      role: net.role,
      epoch: last.epoch,
      trainAccuracy: last.train.accuracy,
      testAccuracy: last.test.accuracy,
      seconds,
    },
    manifest: {
      name: net.name,
      role: net.role,
      dir: paths.dir.slice(options.experimentDir.length + 1),
      dataAmount: spec.dataAmount,
      layers: net.layers.map(layerLabel),
      final: { epoch: last.epoch, train: last.train, test: last.test },
    },
  };
}

function evaluateRecord(model: tf.LayersModel, data: SplitDataset, epoch: number): EpochRecord {
  return { epoch, train: evaluateModel(model, data.train), test: evaluateModel(model, data.test) };
}
