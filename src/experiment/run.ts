/**
 * The experiment runner: data → for each network (train, snapshot, topology)
 * → artifacts in the seed-000 layout → manifest.
 *
 * Resumable: at every snapshot epoch the runner first saves a checkpoint (the
 * model with its optimizer state, and the history so far) and then commits
 * the snapshot's topology to `.resume/epoch<k>.json`. `--resume` reloads the
 * latest checkpoint, keeps every committed snapshot and redoes only the rest;
 * since every random choice derives from the seed, the result equals an
 * uninterrupted run.
 *
 * @module
 */

import type * as tf from "@tensorflow/tfjs";
import type { SplitDataset } from "../data/dataset.ts";
import { deriveSeed } from "../data/random.ts";
import { buildModel } from "../nn/build_model.ts";
import { type EpochRecord, trainModel } from "../nn/train.ts";
import { evaluateModel } from "../nn/evaluate.ts";
import { writeFileAtomic } from "../artifacts/atomic.ts";
import { readArtifactJson, toArtifactJson, writeArtifactJson } from "../artifacts/json.ts";
import { hashTree } from "../artifacts/hash.ts";
import { loadModelFiles, saveModelFiles } from "../artifacts/tfjs_model_files.ts";
import {
  experimentDir,
  manifestPath,
  type NetworkPaths,
  networkPaths,
} from "../artifacts/layout.ts";
import type { ManifestNetwork } from "../artifacts/schema.ts";
import { prepareData } from "./prepare_data.ts";
import { type TopologyPool, topologyPool } from "./topology_pool.ts";
import { mapperStageSteps } from "./mapper_stage.ts";
import { mapperEpochs, type SnapshotRecord } from "./snapshot_stage.ts";
import { networkRecords, snapshotFiles, writeNetworkFiles } from "./network_files.ts";
import type { ExperimentSpec, NetworkSpec } from "./spec.ts";
import { versions } from "./versions.ts";

/** A step of a long stage, for progress bars. */
export interface ProgressEvent {
  /** The network working. */
  network: string;
  /** The stage it is in. */
  stage: "training" | "topology" | "mapper";
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
}

/** What a network's run needs besides {@linkcode RunOptions}. */
interface NetworkRunOptions extends RunOptions {
  /** Computes the barcodes, distances and pictures. */
  pool: TopologyPool;
  /** The experiment's folder. */
  experimentDir: string;
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
 * import { runExperiment } from "./run.ts";
 * import spec from "../../experiments/spheres.ts";
 * await runExperiment({ ...spec, epochs: 1, snapshots: [1] }, { out: "results" });
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
  if (options.resume) {
    await assertResumable(dir, specJson);
  } else {
    await Deno.remove(dir, { recursive: true }).catch((e) => {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    });
  }
  await writeFileAtomic(`${dir}/.resume/${RESUME_SPEC}`, specJson);

  const timings: Record<string, number> = {};
  let t = performance.now();
  const data = await prepareData(spec);
  timings["data"] = (performance.now() - t) / 1000;

  const results: NetworkResult[] = [];
  const manifestNetworks: ManifestNetwork[] = [];
  const pool = topologyPool({ workers: options.workers });
  try {
    for (const net of spec.networks) {
      const paths = networkPaths(dir, net.name, spec.dataAmount.part);
      const result = await runNetwork({
        spec,
        net,
        data,
        paths,
        options: { ...options, pool, experimentDir: dir },
      });
      results.push(result.summary);
      manifestNetworks.push({
        name: net.name,
        role: net.role,
        dir: paths.dir.slice(dir.length + 1),
        layers: net.layers.map((l) => l.units),
        final: result.final,
      });
      for (const [stage, s] of Object.entries(result.summary.seconds)) {
        timings[`${net.name}/${stage}`] = s;
      }
    }
  } finally {
    pool.close();
  }

  t = performance.now();
  // Hidden entries (the resume state) are not hashed; the manifest is
  // written before that state goes, so a finished run always has one.
  const files = await hashTree(dir, (p) => p === "manifest.json");
  timings["hashing"] = (performance.now() - t) / 1000;
  await writeArtifactJson(manifestPath(dir), "manifest", {
    experiment: spec.name,
    title: spec.title,
    description: spec.description,
    dataset: spec.dataset.name,
    seed: spec.seed,
    spec: jsonObject(spec),
    networks: manifestNetworks,
    versions: versions(),
    timings: roundTimings(timings),
    createdAt: new Date().toISOString(),
    files,
  });
  await removeTree(`${dir}/.resume`);
  return { experiment: spec.name, dir, networks: results };
}

/** A spec as the plain JSON object the manifest records. */
function jsonObject(value: ExperimentSpec): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value));
}

function roundTimings(timings: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(timings).map(([k, v]) => [k, Math.round(v * 1000) / 1000]),
  );
}

async function assertResumable(dir: string, specJson: string): Promise<void> {
  // An unfinished run keeps its spec in .resume/; a finished one in its manifest.
  let previous: string | undefined;
  let source = `${dir}/.resume/${RESUME_SPEC}`;
  try {
    previous = await Deno.readTextFile(source);
  } catch {
    source = manifestPath(dir);
    try {
      const manifest = await readArtifactJson(source, "manifest");
      previous = JSON.stringify(manifest.spec, null, 2) + "\n";
    } catch {
      return; // nothing to resume: a fresh run
    }
  }
  if (previous !== specJson) {
    throw new Error(
      `${source}: expected the same spec as this run to resume it, found a different one (changed --epochs, --points, --seed or --data-amount?); run without --resume to start afresh`,
    );
  }
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

/** A network whose artifacts were all written: its history, no resume state. */
async function finishedNetwork(paths: NetworkPaths): Promise<EpochRecord[] | null> {
  try {
    await Deno.stat(paths.resumeDir);
    return null; // resume state left: unfinished
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  try {
    const history = await readArtifactJson(paths.history, "history");
    return history.epochs;
  } catch {
    return null;
  }
}

interface NetworkRun {
  summary: NetworkResult;
  final: ManifestNetwork["final"];
}

/** One network to run: the study, the network, its data and folder, how to run. */
interface NetworkJob {
  spec: ExperimentSpec;
  net: NetworkSpec;
  data: SplitDataset;
  paths: NetworkPaths;
  options: NetworkRunOptions;
}

/** Where a network's run stands: its model, history, committed snapshots. */
interface NetworkState {
  model: tf.LayersModel;
  history: EpochRecord[];
  /** The epoch the model is at when the run (re)starts. */
  start: number;
  snapshots: Map<number, SnapshotRecord>;
}

type Seconds = NetworkResult["seconds"];

async function runNetwork(job: NetworkJob): Promise<NetworkRun> {
  const { spec, net, paths, options } = job;
  const seconds = { training: 0, topology: 0, artifacts: 0 };
  // A network a resumed run had finished is kept as it is.
  const finished = options.resume ? await finishedNetwork(paths) : null;
  if (finished) return networkRun(net, finished, seconds);
  const state = await startState(job);
  const takeSnapshot = snapshotTaker(job, state, seconds);
  // The starting epoch's snapshot: epoch 0 of a fresh run, or the snapshot a
  // killed run had checkpointed but not yet committed.
  await takeSnapshot(state.start);
  if (state.start < spec.epochs) await train(job, state, { seconds, takeSnapshot });
  const t = performance.now();
  const records = await networkRecords({
    experiment: spec.name,
    network: net.name,
    maxDim: spec.topology.maxDim,
    cycles: spec.topology.cycles,
    snapshots: state.snapshots,
    distances: options.pool.distances,
  });
  const { model, history } = state;
  await writeNetworkFiles({ spec, net, model, history, records, paths });
  await removeTree(paths.resumeDir);
  seconds.artifacts += (performance.now() - t) / 1000;
  return networkRun(net, history, seconds);
}

/** The committed snapshots and latest checkpoint when resuming, else a fresh model. */
async function startState(job: NetworkJob): Promise<NetworkState> {
  const { spec, net, data, paths, options } = job;
  const snapshots = new Map<number, SnapshotRecord>();
  const checkpoint = options.resume ? await loadCheckpoint(paths) : null;
  if (checkpoint) {
    for (const k of spec.snapshots) {
      const record = await readSnapshot(paths, k);
      if (record) snapshots.set(k, record);
    }
    const { model, history, epoch } = checkpoint;
    return { model, history, start: epoch, snapshots };
  }
  await Deno.remove(paths.dir, { recursive: true }).catch(() => {});
  const model = buildModel(net, data.train.d, {
    seed: deriveSeed(spec.seed, `network:${net.name}`),
  });
  return { model, history: [evaluateRecord(model, data, 0)], start: 0, snapshots };
}

function progressOf(job: NetworkJob) {
  return (stage: ProgressEvent["stage"], done: number, total: number, status = "") =>
    job.options.onProgress?.({ network: job.net.name, stage, done, total, status });
}

/** Takes the snapshot of an epoch (once, if it is one): checkpoint, compute, commit. */
function snapshotTaker(job: NetworkJob, state: NetworkState, seconds: Seconds) {
  const { spec, net, paths, options } = job;
  const progress = progressOf(job);
  // Topology progress counts barcodes: layers × splits per snapshot.
  const perSnapshot = (net.layers.length + 1) * spec.topology.splits.length;
  const topologyTotal = spec.snapshots.length * perSnapshot;
  let topologyDone = state.snapshots.size * perSnapshot;
  // Mapper progress counts its steps over the snapshots that have it.
  const mapperAt = mapperEpochs(spec);
  const perMapper = spec.mapper ? mapperStageSteps(spec.mapper) : 0;
  const mapperTotal = mapperAt.length * perMapper;
  let mapperDone = [...state.snapshots.keys()].filter((k) => mapperAt.includes(k)).length *
    perMapper;
  return async (epoch: number) => {
    if (!spec.snapshots.includes(epoch) || state.snapshots.has(epoch)) return;
    const t = performance.now();
    // The checkpoint comes first: a kill during the topology leaves the model
    // of this epoch to redo it from; the committed JSON marks it done.
    await saveCheckpoint(paths, state.model, state.history, epoch);
    const record = await snapshotFiles({
      job: {
        ...job,
        model: state.model,
        epoch,
        barcode: options.pool.barcode,
        onCell: (_cell, done) =>
          progress("topology", topologyDone + done, topologyTotal, `epoch ${epoch}`),
        onMapperStep: (done, _total, status) =>
          progress("mapper", mapperDone + done, mapperTotal, `epoch ${epoch} ${status}`),
      },
      paths,
      pool: options.pool,
      experimentDir: options.experimentDir,
    });
    if (mapperAt.includes(epoch)) mapperDone += perMapper;
    await writeFileAtomic(
      `${paths.resumeDir}/epoch${epoch}.json`,
      toArtifactJson("snapshot", record),
    );
    state.snapshots.set(epoch, record);
    topologyDone += perSnapshot;
    progress("topology", topologyDone, topologyTotal, `epoch ${epoch}`);
    seconds.topology += (performance.now() - t) / 1000;
  };
}

/** Train from `state.start` to the last epoch, taking the snapshots on the way. */
async function train(
  job: NetworkJob,
  state: NetworkState,
  how: { seconds: Seconds; takeSnapshot: (epoch: number) => Promise<void> },
): Promise<void> {
  const { spec, net, data } = job;
  const progress = progressOf(job);
  progress("training", state.start, spec.epochs);
  let t = performance.now();
  await trainModel(state.model, net, data, {
    epochs: spec.epochs,
    startEpoch: state.start,
    seed: deriveSeed(spec.seed, `network:${net.name}`),
    onEpochEnd: async (record) => {
      state.history.push(record);
      how.seconds.training += (performance.now() - t) / 1000;
      const { train, test } = record;
      progress(
        "training",
        record.epoch,
        spec.epochs,
        `loss ${train.loss.toFixed(4)} acc ${train.accuracy.toFixed(3)} test acc ${
          test.accuracy.toFixed(3)
        }`,
      );
      await how.takeSnapshot(record.epoch);
      t = performance.now();
    },
  });
}

function networkRun(
  net: NetworkSpec,
  history: EpochRecord[],
  seconds: NetworkResult["seconds"],
): NetworkRun {
  const last = history[history.length - 1];
  return {
    summary: {
      name: net.name,
      role: net.role,
      epoch: last.epoch,
      trainAccuracy: last.train.accuracy,
      testAccuracy: last.test.accuracy,
      seconds,
    },
    final: { epoch: last.epoch, train: last.train, test: last.test },
  };
}

function evaluateRecord(model: tf.LayersModel, data: SplitDataset, epoch: number): EpochRecord {
  return { epoch, train: evaluateModel(model, data.train), test: evaluateModel(model, data.test) };
}

async function readSnapshot(paths: NetworkPaths, epoch: number): Promise<SnapshotRecord | null> {
  const path = `${paths.resumeDir}/epoch${epoch}.json`;
  try {
    await Deno.stat(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null; // not committed yet
    throw e;
  }
  return await readArtifactJson(path, "snapshot");
}

async function saveCheckpoint(
  paths: NetworkPaths,
  model: tf.LayersModel,
  history: EpochRecord[],
  epoch: number,
): Promise<void> {
  // The model files go to a folder of their own, then checkpoint.json (written
  // atomically) names it, then older folders go: a kill at any point leaves
  // checkpoint.json naming a complete checkpoint.
  const name = `checkpoint-epoch${epoch}`;
  await Deno.remove(`${paths.resumeDir}/${name}`, { recursive: true }).catch(() => {});
  await saveModelFiles(model, `${paths.resumeDir}/${name}`);
  await writeFileAtomic(
    `${paths.resumeDir}/checkpoint.json`,
    JSON.stringify({ epoch, dir: name, history }) + "\n",
  );
  for await (const entry of Deno.readDir(paths.resumeDir)) {
    if (entry.isDirectory && entry.name.startsWith("checkpoint-") && entry.name !== name) {
      await Deno.remove(`${paths.resumeDir}/${entry.name}`, { recursive: true });
    }
  }
}

async function loadCheckpoint(
  paths: NetworkPaths,
): Promise<{ model: tf.LayersModel; history: EpochRecord[]; epoch: number } | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(`${paths.resumeDir}/checkpoint.json`);
  } catch {
    return null;
  }
  const state = JSON.parse(text) as { epoch: number; dir: string; history: EpochRecord[] };
  const model = await loadModelFiles(`${paths.resumeDir}/${state.dir}`);
  return { model, history: state.history, epoch: state.epoch };
}
