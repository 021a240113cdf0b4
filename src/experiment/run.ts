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
import { modelWeights, weights as denseWeights } from "../nn/weights.ts";
import { type Diagram, diagramsFromJson, diagramsToJson } from "../topology/diagram.ts";
import { vietorisRips } from "../topology/vietoris_rips.ts";
import { neuralPersistence } from "../topology/neural_persistence.ts";
import { weightPointClouds as weightPointCloud } from "../topology/neural_persistence.ts";
import { lossRmseChart } from "../plots/loss_rmse.ts";
import { writeChartPng } from "../artifacts/png.ts";
import { writeFileAtomic } from "../artifacts/atomic.ts";
import { readArtifactJson, toArtifactJson, writeArtifactJson } from "../artifacts/json.ts";
import { hashTree, sha256Hex } from "../artifacts/hash.ts";
import { encodeSafetensors } from "../artifacts/safetensors.ts";
import { saveModelFiles } from "../artifacts/tfjs_model_files.ts";
import {
  experimentDir,
  manifestPath,
  type NetworkPaths,
  networkPaths,
} from "../artifacts/layout.ts";
import type {
  CellCycles,
  DiagramMetrics,
  ManifestNetwork,
  SnapshotBarcode,
  WeightTopology,
} from "../artifacts/schema.ts";
import { prepareData } from "./prepare_data.ts";
import { DEFAULT_CYCLES, type SnapshotCell, snapshotTopology } from "./snapshot.ts";
import { type CycleSamples, labelCellCycles } from "./cell_cycles.ts";
import { type TopologyPool, topologyPool } from "./topology_pool.ts";
import { mapperStage, mapperStageSteps } from "./mapper_stage.ts";
import { filterStage, modelFilters } from "./filter_stage.ts";
import { type TrackedDistancesFunction, trackTopology } from "./tracking.ts";
import { writeMetricPictures } from "./pictures.ts";
import type { ExperimentSpec, NetworkSpec } from "./spec.ts";
import { versions } from "./versions.ts";
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

/** The committed topology of one snapshot epoch (`.resume/epoch<k>.json`). */
interface SnapshotRecord {
  epoch: number;
  layers: Record<string, Record<string, SnapshotBarcode>>;
  metrics: Record<string, Record<string, Record<string, DiagramMetrics>>>;
  weights: Record<string, WeightTopology>;
  neuralPersistence: { mean: number; perLayer: number[] };
  /** Cycles of the longest H1 bars by layer and split (absent in records of older runs). */
  cycles?: Record<string, Record<string, CellCycles>>;
  /** The studied conv layer's filters (row-major filters × kh·kw), when the spec has `filters`. */
  filters?: number[];
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
  // The data comes first: a dataset that cannot be made leaves nothing behind.
  const timings: Record<string, number> = {};
  let t = performance.now();
  const manifestFiles = options.resume ? await assertResumable(dir, specJson, notice) : undefined;
  const data = await prepareData(spec);
  timings["data"] = (performance.now() - t) / 1000;
  if (options.resume) {
    for (const p of await removeStrayTemporaries(dir)) {
      notice(`${dir}/${p}: removed (an unfinished write)`);
    }
  } else {
    await Deno.remove(dir, { recursive: true }).catch((e) => {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    });
  }
  await writeFileAtomic(`${dir}/.resume/${RESUME_SPEC}`, specJson);

  const results: NetworkResult[] = [];
  const manifestNetworks: ManifestNetwork[] = [];
  const pool = topologyPool({ workers: options.workers });
  try {
    for (const net of spec.networks) {
      const paths = networkPaths(dir, net.name, spec.dataAmount.part);
      const result = await runNetwork(spec, net, data, paths, {
        ...options,
        pool,
        experimentDir: dir,
        specHash,
        manifestFiles,
      });
      results.push(result.summary);
      manifestNetworks.push({
        name: net.name,
        role: net.role,
        dir: paths.dir.slice(dir.length + 1),
        layers: net.layers.map(layerLabel),
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
    spec: spec as unknown as Record<string, unknown>,
    networks: manifestNetworks,
    versions: versions(),
    timings: roundTimings(timings),
    createdAt: new Date().toISOString(),
    files,
  });
  await removeTree(`${dir}/.resume`);
  return { experiment: spec.name, dir, networks: results };
}

function roundTimings(timings: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(timings).map(([k, v]) => [k, Math.round(v * 1000) / 1000]),
  );
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
  let manifest: Record<string, unknown> | undefined;
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
  const files = manifest?.files as FileLedger | undefined;
  return manifestSpec === specJson && typeof files === "object" && files !== null
    ? files
    : undefined;
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
  final: ManifestNetwork["final"];
}

async function runNetwork(
  spec: ExperimentSpec,
  net: NetworkSpec,
  data: SplitDataset,
  paths: NetworkPaths,
  options: NetworkRunOptions,
): Promise<NetworkRun> {
  const seconds = { training: 0, topology: 0, artifacts: 0 };
  const seed = deriveSeed(spec.seed, `network:${net.name}`);
  const progress = (stage: ProgressEvent["stage"], done: number, total: number, status = "") =>
    options.onProgress?.({ network: net.name, stage, done, total, status });

  // A network a resumed run had finished is kept as it is, if every file
  // still hashes to what was committed.
  const notice = options.onNotice ?? (() => {});
  const checkpoint = new NetworkCheckpoint(paths, options.specHash);
  if (options.resume) {
    const finished = await verifyFinishedNetwork({
      experimentDir: options.experimentDir,
      network: net.name,
      paths,
      specHash: options.specHash,
      manifestFiles: options.manifestFiles,
    }, notice);
    if (finished) {
      await removeTree(paths.resumeDir);
      const history = await readArtifactJson(paths.history, "history");
      return networkRun(net, history.epochs as EpochRecord[], seconds);
    }
  }

  // Committed snapshots and the latest checkpoint, when resuming.
  const point = options.resume
    ? await checkpoint.resume(
      async (path) => await readArtifactJson(path, "snapshot") as unknown as SnapshotRecord,
      notice,
    )
    : null;
  const snapshots = point?.snapshots ?? new Map<number, SnapshotRecord>();
  let model: tf.LayersModel;
  let history: EpochRecord[] = [];
  let start = 0;
  if (point?.model) {
    model = point.model;
    history = point.history;
    start = point.epoch;
  } else {
    if (snapshots.size === 0) await Deno.remove(paths.dir, { recursive: true }).catch(() => {});
    model = buildModel(net, data.train.d, { seed });
    history = [evaluateRecord(model, data, 0)];
  }

  // Topology progress counts barcodes: layers × splits per snapshot.
  const perSnapshot = (net.layers.length + 1) * spec.topology.splits.length;
  const topologyTotal = spec.snapshots.length * perSnapshot;
  let topologyDone = snapshots.size * perSnapshot;
  // Mapper progress counts its steps over the snapshots that have it.
  const mapperAt = mapperEpochs(spec);
  const perMapper = spec.mapper ? mapperStageSteps(spec.mapper) : 0;
  const mapperTotal = mapperAt.length * perMapper;
  let mapperDone = [...snapshots.keys()].filter((k) => mapperAt.includes(k)).length * perMapper;
  const takeSnapshot = async (epoch: number) => {
    if (!spec.snapshots.includes(epoch) || snapshots.has(epoch)) return;
    const t = performance.now();
    // The checkpoint comes first: a kill during the topology leaves the model
    // of this epoch to redo it from; the committed JSON marks it done.
    await checkpoint.save(model, history, epoch);
    const record = await computeSnapshot(
      spec,
      net,
      model,
      data,
      paths,
      epoch,
      (done) => progress("topology", topologyDone + done, topologyTotal, `epoch ${epoch}`),
      options,
      (done, _total, status) =>
        progress("mapper", mapperDone + done, mapperTotal, `epoch ${epoch} ${status}`),
    );
    if (mapperAt.includes(epoch)) mapperDone += perMapper;
    await checkpoint.commit(
      epoch,
      toArtifactJson("snapshot", record as unknown as Record<string, unknown>),
    );
    snapshots.set(epoch, record);
    topologyDone += perSnapshot;
    progress("topology", topologyDone, topologyTotal, `epoch ${epoch}`);
    seconds.topology += (performance.now() - t) / 1000;
  };

  // The starting epoch's snapshot: epoch 0 of a fresh run, or the snapshot a
  // killed run had checkpointed but not yet committed.
  await takeSnapshot(start);
  if (start < spec.epochs) {
    progress("training", start, spec.epochs);
    let t = performance.now();
    await trainModel(model, net, data, {
      epochs: spec.epochs,
      startEpoch: start,
      seed,
      onEpochEnd: async (record) => {
        history.push(record);
        seconds.training += (performance.now() - t) / 1000;
        progress(
          "training",
          record.epoch,
          spec.epochs,
          `loss ${record.train.loss.toFixed(4)} acc ${record.train.accuracy.toFixed(3)} test acc ${
            record.test.accuracy.toFixed(3)
          }`,
        );
        await takeSnapshot(record.epoch);
        t = performance.now();
      },
    });
  }

  const t = performance.now();
  if (spec.filters) {
    const f = spec.filters;
    const conv = net.layers[(f.layer ?? 1) - 1];
    const d = conv.kind === "conv2d" ? conv.kernelSize * conv.kernelSize : 1;
    const own = new Map([...snapshots].map(([k, s]) => {
      const data = Float32Array.from(s.filters ?? []);
      return [k, { data, n: data.length / d, d }];
    }));
    await filterStage({
      spec: { ...spec, filters: f },
      net,
      data,
      seed,
      own,
      dir: paths.dir,
      onProgress: (done, total, status) => progress("filters", done, total, status),
    });
  }
  await writeNetworkArtifacts(spec, net, model, history, snapshots, paths, options.pool.distances);
  await recordFinishedNetwork(options.experimentDir, net.name, paths, options.specHash);
  await removeTree(paths.resumeDir);
  seconds.artifacts += (performance.now() - t) / 1000;
  return networkRun(net, history, seconds);
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

function activationsOf(model: tf.LayersModel, set: Dataset) {
  return layerActivations(model, set.x, set.n, set.d);
}

/** Empty clouds of the layers' dimensions, for a split no analysis reads. */
function unused(model: tf.LayersModel, set: Dataset) {
  return layerActivations(model, set.x.subarray(0, 0), 0, set.d);
}

async function computeSnapshot(
  spec: ExperimentSpec,
  net: NetworkSpec,
  model: tf.LayersModel,
  data: SplitDataset,
  paths: NetworkPaths,
  epoch: number,
  onStep: (done: number, total: number) => void,
  options: NetworkRunOptions,
  onMapperStep: (done: number, total: number, status: string) => void,
): Promise<SnapshotRecord> {
  // Only the splits analysed: a conv layer's maps of a whole training set
  // would not fit in memory.
  const splits = new Set<string>(spec.topology.splits);
  if (spec.mapper && mapperEpochs(spec).includes(epoch)) splits.add(spec.mapper.split ?? "test");
  const wanted = (split: "train" | "test") => splits.has(split) || splits.has("all");
  const activations = {
    train: wanted("train") ? activationsOf(model, data.train) : unused(model, data.train),
    test: wanted("test") ? activationsOf(model, data.test) : unused(model, data.test),
  };
  const record: SnapshotRecord = {
    epoch,
    layers: {},
    metrics: {},
    weights: {},
    neuralPersistence: { mean: 0, perLayer: [] },
  };
  if (spec.filters) {
    record.filters = Array.from(modelFilters(model, spec.filters.layer ?? 1).data);
  }
  await Deno.mkdir(paths.epochDir(epoch), { recursive: true });
  // Each cell's pictures are drawn by the pool as the cell arrives; all are
  // written before the snapshot is committed.
  const pictures: Promise<void>[] = [];
  await snapshotTopology(
    activations,
    spec.topology,
    deriveSeed(spec.seed, "landmarks"),
    (cell: SnapshotCell, done, total) => {
      if (cell.cycles) {
        cell.cycles = labelCellCycles(cell.cycles, cycleSamples(spec, data, cell.split));
        ((record.cycles ??= {})[cell.layer] ??= {})[cell.split] = cell.cycles;
      }
      (record.layers[cell.layer] ??= {})[cell.split] = cell.barcode;
      (record.metrics[cell.layer] ??= {})[cell.split] = cell.metrics;
      const drawn = options.pool.pictures({
        experimentDir: options.experimentDir,
        network: net.name,
        amount: spec.dataAmount.part,
        epoch,
        cell,
      });
      // Awaited below; a failure while a later cell is still computed must
      // not surface as unhandled.
      drawn.catch(() => {});
      pictures.push(drawn);
      onStep(done, total);
    },
    options.pool.barcode,
  );
  await Promise.all(pictures);

  // Weight topology: neural persistence of every dense layer, and the VR
  // barcode of each layer's neurons as points (their incoming weights).
  const dense = denseWeights(model);
  // The model index of each dense layer (conv networks have others before them).
  const denseLayer = modelWeights(model).filter((w) => w.shape.length === 2).map((w) =>
    w.index + 1
  );
  const np = neuralPersistence(dense.map((l) => ({ kernel: l.kernel, shape: l.shape })));
  record.neuralPersistence = {
    mean: np.mean,
    perLayer: np.perLayer.map((l) => l.normalized),
  };
  for (let j = 0; j < dense.length; j++) {
    const layer = dense[j];
    const topology: WeightTopology = {
      neuralPersistence: {
        diagram: diagramsToJson([np.perLayer[j].diagram]).H0,
        value: np.perLayer[j].value,
        normalized: np.perLayer[j].normalized,
      },
    };
    const cloud = weightPointCloud(layer.kernel, layer.shape);
    if (cloud.n >= 2) {
      const barcode = vietorisRips(cloud, { maxDim: spec.topology.maxDim });
      topology.neurons = {
        points: cloud.n,
        sampled: cloud.n,
        subsample: "all",
        coveringRadius: 0,
        threshold: barcode.threshold,
        dim: cloud.d,
        diagrams: diagramsToJson(barcode.diagrams),
      };
    }
    record.weights[denseLayer[j]] = topology;
  }

  // Mapper, clusterings and attribution (the MNIST Mapper talk), written before the
  // snapshot is committed: a run killed during them redoes the snapshot.
  if (spec.mapper && mapperEpochs(spec).includes(epoch)) {
    const split = spec.mapper.split ?? "test";
    await Deno.remove(`${paths.dir}/mapper/epoch${epoch}`, { recursive: true }).catch(() => {});
    onMapperStep(0, mapperStageSteps(spec.mapper), "graph");
    await mapperStage({
      spec: spec.mapper,
      network: net.name,
      epoch,
      activations: activations[split],
      labels: data[split].y,
      kernels: dense,
      seed: deriveSeed(spec.seed, "mapper"),
      dir: `${paths.dir}/mapper/epoch${epoch}`,
      onStep: onMapperStep,
    });
  }
  return record;
}

/** Labels of a split's samples (`all`: train then test), and their pictures for image data. */
function cycleSamples(spec: ExperimentSpec, data: SplitDataset, split: string): CycleSamples {
  const sets = split === "train" ? [data.train] : split === "test" ? [data.test] : [
    data.train,
    data.test,
  ];
  const labels = new Int32Array(sets.reduce((n, s) => n + s.n, 0));
  const x = new Float32Array(labels.length * data.train.d);
  let row = 0;
  for (const set of sets) {
    labels.set(set.y, row);
    x.set(set.x, row * set.d);
    row += set.n;
  }
  const kind = spec.dataset.source.kind;
  const images = kind === "mnist" || kind === "fashion-mnist"
    ? { cloud: { data: x, n: labels.length, d: data.train.d }, width: 28, height: 28 }
    : undefined;
  return { labels, images };
}

/** The snapshot epochs that get the Mapper stage. */
function mapperEpochs(spec: ExperimentSpec): number[] {
  if (!spec.mapper) return [];
  return spec.mapper.epochs === "all" ? spec.snapshots : spec.snapshots.slice(-1);
}

async function writeNetworkArtifacts(
  spec: ExperimentSpec,
  net: NetworkSpec,
  model: tf.LayersModel,
  history: EpochRecord[],
  snapshots: Map<number, SnapshotRecord>,
  paths: NetworkPaths,
  distances: TrackedDistancesFunction,
): Promise<void> {
  const epochs = [...snapshots.keys()].sort((a, b) => a - b);
  const barcodeEpochs: Record<string, unknown> = {};
  const evaluationEpochs: Record<string, unknown> = {};
  const weights: Record<string, unknown> = {};
  const neural: Record<string, unknown> = {};
  const diagramsByEpoch = new Map<number, Record<string, Record<string, Diagram[]>>>();
  for (const k of epochs) {
    const s = snapshots.get(k)!;
    barcodeEpochs[k] = { layers: s.layers };
    evaluationEpochs[k] = { layers: s.metrics };
    weights[k] = { layers: s.weights };
    neural[k] = s.neuralPersistence;
    const byLayer: Record<string, Record<string, Diagram[]>> = {};
    for (const [layer, splits] of Object.entries(s.layers)) {
      byLayer[layer] = {};
      for (const [split, barcode] of Object.entries(splits)) {
        byLayer[layer][split] = diagramsFromJson(barcode.diagrams);
      }
    }
    diagramsByEpoch.set(k, byLayer);
  }
  await writeArtifactJson(paths.barcodeData, "barcode_data", {
    experiment: spec.name,
    network: net.name,
    maxDim: spec.topology.maxDim,
    epochs: barcodeEpochs,
    weights,
  });
  const cycles: Record<string, unknown> = {};
  for (const k of epochs) {
    const layers = snapshots.get(k)!.cycles;
    if (layers) cycles[k] = { layers };
  }
  if (Object.keys(cycles).length > 0) {
    await writeArtifactJson(paths.cycles, "cycles", {
      experiment: spec.name,
      network: net.name,
      top: spec.topology.cycles ?? DEFAULT_CYCLES,
      epochs: cycles,
    });
  }
  await writeArtifactJson(paths.barcodeEvaluation, "barcode_evaluation", {
    experiment: spec.name,
    network: net.name,
    epochs: evaluationEpochs,
    tracking: await trackTopology(diagramsByEpoch, snapshots, distances),
    neuralPersistence: neural,
  });
  await writeMetricPictures(
    paths,
    net.name,
    evaluationEpochs as Parameters<typeof writeMetricPictures>[2],
    spec.topology.maxDim,
  );
  await writeArtifactJson(paths.history, "history", { network: net.name, epochs: history });
  await writeChartPng(
    paths.lossAndRmsePng,
    lossRmseChart(history, { title: `${net.name} · loss and RMSE` }),
  );
  const tensors: Record<string, { dtype: "F32"; shape: number[]; data: Float32Array }> = {};
  for (const layer of modelWeights(model)) {
    tensors[`${layer.name}.weight`] = { dtype: "F32", shape: layer.shape, data: layer.kernel };
    tensors[`${layer.name}.bias`] = { dtype: "F32", shape: [layer.bias.length], data: layer.bias };
  }
  await writeFileAtomic(
    paths.safetensors,
    encodeSafetensors(tensors, { network: net.name, epochs: String(spec.epochs) }),
  );
  await Deno.remove(paths.modelDir, { recursive: true }).catch(() => {});
  await saveModelFiles(model, paths.modelDir);
}
