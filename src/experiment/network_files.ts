/**
 * The one place a network's records become files: at each snapshot epoch
 * the pictures of every cell (drawn by the topology pool as the cells
 * arrive) and the Mapper stage's files; at the end its barcode data and
 * evaluation (with the tracking series, computed here from the snapshot
 * records by {@linkcode networkRecords}), its history, the pictures, the
 * weights as safetensors and the tfjs model files — in the layout of
 * src/artifacts/layout.ts.
 *
 * @module
 */

import type * as tf from "@tensorflow/tfjs";
import { diagramsFromJson } from "../topology/diagram.ts";
import { writeFileAtomic } from "../artifacts/atomic.ts";
import { type ArtifactRecord, writeArtifactJson } from "../artifacts/json.ts";
import { encodeSafetensors, type SafetensorsEntry } from "../artifacts/safetensors.ts";
import { saveModelFiles } from "../artifacts/tfjs_model_files.ts";
import type { NetworkPaths } from "../artifacts/layout.ts";
import { computeSnapshot, type SnapshotJob, type SnapshotRecord } from "./snapshot_stage.ts";
import type { TopologyPool } from "./topology_pool.ts";
import { writeMapperFiles } from "./mapper_files.ts";
import { DEFAULT_CYCLES } from "./snapshot.ts";
import { type SnapshotDiagrams, type TrackedDistancesFunction, trackTopology } from "./tracking.ts";
import { drawNetworkPicture, metricPictures, type NetworkPicture } from "./pictures.ts";

/** A network's topology records. */
export interface NetworkRecords {
  barcodeData: ArtifactRecord<"barcode_data">;
  evaluation: ArtifactRecord<"barcode_evaluation">;
  /** The cycles of the longest H1 bars, when any cell kept them. */
  cycles?: ArtifactRecord<"cycles">;
}

/**
 * Gather a network's snapshot records into its barcode data and evaluation,
 * with the tracking series between them.
 *
 * @example
 * ```ts
 * import { networkRecords } from "./network_files.ts";
 * import assert from "node:assert/strict";
 * const records = await networkRecords({
 *   experiment: "x", network: "n", maxDim: 1, snapshots: new Map(),
 * });
 * assert.deepEqual(records.barcodeData.epochs, {});
 * ```
 */
export async function networkRecords(options: {
  experiment: string;
  network: string;
  maxDim: number;
  /** Most cycles per cell (the spec's `topology.cycles`). */
  cycles?: number;
  snapshots: Map<number, SnapshotRecord>;
  distances?: TrackedDistancesFunction;
}): Promise<NetworkRecords> {
  const { experiment, network, snapshots } = options;
  const barcodeData: NetworkRecords["barcodeData"] = {
    experiment,
    network,
    maxDim: options.maxDim,
    epochs: {},
    weights: {},
  };
  const epochs: NetworkRecords["evaluation"]["epochs"] = {};
  const neural: NetworkRecords["evaluation"]["neuralPersistence"] = {};
  for (const k of [...snapshots.keys()].sort((a, b) => a - b)) {
    const s = snapshots.get(k)!;
    barcodeData.epochs[k] = { layers: s.layers };
    epochs[k] = { layers: s.metrics };
    barcodeData.weights[k] = { layers: s.weights };
    if (s.neuralPersistence) neural[k] = s.neuralPersistence;
  }
  const diagrams = snapshotDiagrams(snapshots);
  const tracking = await trackTopology(diagrams, snapshots, options.distances);
  const cycles: NonNullable<NetworkRecords["cycles"]>["epochs"] = {};
  for (const k of [...snapshots.keys()].sort((a, b) => a - b)) {
    const layers = snapshots.get(k)!.cycles;
    if (layers) cycles[k] = { layers };
  }
  const top = options.cycles ?? DEFAULT_CYCLES;
  return {
    barcodeData,
    evaluation: { experiment, network, epochs, tracking, neuralPersistence: neural },
    ...(Object.keys(cycles).length > 0
      ? { cycles: { experiment, network, top, epochs: cycles } }
      : {}),
  };
}

/**
 * The diagrams of every snapshot, by epoch (increasing), layer and split, as
 * the tracking series reads them.
 *
 * @example
 * ```ts
 * import { snapshotDiagrams } from "./network_files.ts";
 * import assert from "node:assert/strict";
 * const barcode = { points: 2, sampled: 2, subsample: "all" as const, coveringRadius: 0, threshold: 1, dim: 1, diagrams: { H0: [[0, 1], [0, null]] as [number, number | null][] } };
 * const diagrams = snapshotDiagrams(new Map([[0, { epoch: 0, layers: { 0: { all: barcode } }, metrics: {}, weights: {} }]]));
 * assert.deepEqual(diagrams.get(0)?.[0].all, [[[0, 1], [0, Infinity]]]);
 * ```
 */
export function snapshotDiagrams(
  snapshots: Map<number, Pick<SnapshotRecord, "layers">>,
): Map<number, SnapshotDiagrams> {
  const diagrams = new Map<number, SnapshotDiagrams>();
  for (const k of [...snapshots.keys()].sort((a, b) => a - b)) {
    diagrams.set(k, layerDiagrams(snapshots.get(k)!.layers));
  }
  return diagrams;
}

/**
 * Each snapshot's diagrams are read from its JSON once: the runner asks for
 * every snapshot's at each commit (the tracking it can start), and they do
 * not change once committed. Callers only read them.
 */
const converted = new WeakMap<SnapshotRecord["layers"], SnapshotDiagrams>();

function layerDiagrams(layers: SnapshotRecord["layers"]): SnapshotDiagrams {
  let diagrams = converted.get(layers);
  if (!diagrams) {
    diagrams = Object.fromEntries(
      Object.entries(layers).map(([layer, splits]) => [
        layer,
        Object.fromEntries(
          Object.entries(splits).map(([split, barcode]) => [
            split,
            diagramsFromJson(barcode.diagrams),
          ]),
        ),
      ]),
    );
    converted.set(layers, diagrams);
  }
  return diagrams;
}

/** One row of history.json; a score a dump did not record is `null`. */
export type HistoryRow = ArtifactRecord<"history">["epochs"][number];

/** What {@linkcode writeNetworkFiles} writes. */
export interface NetworkFiles {
  /** The network's topology records ({@linkcode networkRecords}). */
  records: NetworkRecords;
  /** Per-epoch scores (none: no history.json, no training curves). */
  history: HistoryRow[] | null;
  /** Tensors of the weights file with its metadata (none: no weights file). */
  weights?: { tensors: Record<string, SafetensorsEntry>; metadata: Record<string, string> };
  /** The trained model, saved as tfjs model files. */
  model?: tf.LayersModel;
  /** The network's folder. */
  paths: NetworkPaths;
  /** Draws a picture (default: on this thread; a pool's `picture` spreads them over its workers). */
  draw?: (picture: NetworkPicture) => Promise<void>;
}

/**
 * Write every file of a finished network: barcode data, evaluation, cycles,
 * the metric pictures, history and its training curves, the weights and the
 * model files (the last three when given).
 *
 * @example
 * ```ts
 * import { networkRecords, writeNetworkFiles } from "./network_files.ts";
 * import { networkPaths } from "../artifacts/layout.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const barcode = { points: 2, sampled: 2, subsample: "all" as const, coveringRadius: 0, threshold: 1, dim: 1, diagrams: { H0: [[0, 1], [0, null]] as [number, number | null][] } };
 * const paths = networkPaths(dir, "toy", 1);
 * const records = await networkRecords({
 *   experiment: "x", network: "toy", maxDim: 0,
 *   snapshots: new Map([[0, { epoch: 0, layers: { 0: { all: barcode } }, metrics: { 0: { all: {} } }, weights: {} }]]),
 * });
 * await writeNetworkFiles({ records, history: null, paths });
 * const data = JSON.parse(await Deno.readTextFile(paths.barcodeData));
 * assert.equal(data.epochs[0].layers[0].all.points, 2);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeNetworkFiles(job: NetworkFiles): Promise<void> {
  const { records, history, paths } = job;
  const network = records.barcodeData.network;
  await writeArtifactJson(paths.barcodeData, "barcode_data", records.barcodeData);
  if (records.cycles) await writeArtifactJson(paths.cycles, "cycles", records.cycles);
  await writeArtifactJson(paths.barcodeEvaluation, "barcode_evaluation", records.evaluation);
  const pictures = metricPictures(
    paths,
    network,
    records.evaluation.epochs,
    records.barcodeData.maxDim,
  );
  if (history) {
    await writeArtifactJson(paths.history, "history", { network, epochs: history });
    pictures.push({ kind: "history", path: paths.lossAndRmsePng, network, history });
  }
  // Drawn while the weights and model files are written.
  const drawn = Promise.all(pictures.map(job.draw ?? drawNetworkPicture));
  drawn.catch(() => {});
  if (job.weights) {
    await writeFileAtomic(
      paths.safetensors,
      encodeSafetensors(job.weights.tensors, job.weights.metadata),
    );
  }
  if (job.model) {
    await Deno.remove(paths.modelDir, { recursive: true }).catch(() => {});
    await saveModelFiles(job.model, paths.modelDir);
  }
  await drawn;
}

/** What {@linkcode snapshotFiles} needs: the snapshot to compute, and where its files go. */
export interface SnapshotFilesJob {
  /** The snapshot to compute. */
  job: SnapshotJob;
  /** The network's folder. */
  paths: NetworkPaths;
  /** The data amount part of the network's folder name. */
  amount: number;
  /** Draws each cell's pictures on its workers. */
  pool: Pick<TopologyPool, "pictures">;
  /** The experiment's folder. */
  experimentDir: string;
  /** Called with the record once every barcode is in, before the pictures are all drawn. */
  onBarcodes?: (record: SnapshotRecord) => void;
}

/**
 * Compute one snapshot epoch and write its files: each cell's pictures as
 * the cell arrives, then the Mapper stage's files. Returns the snapshot's
 * record, to commit.
 *
 * @example
 * ```ts
 * import { snapshotFiles } from "./network_files.ts";
 * import { topologyPool } from "./topology_pool.ts";
 * import { networkPaths } from "../artifacts/layout.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const pool = topologyPool({ workers: 0 });
 * const cloud = { data: new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]), n: 4, d: 2 };
 * try {
 *   const record = await snapshotFiles({
 *     job: {
 *       spec: { topology: { maxDim: 1, points: 10, splits: ["all"], metric: "euclidean" }, seed: 0, snapshots: [0] },
 *       network: "toy", epoch: 0,
 *       activations: { train: [cloud], test: [{ data: new Float32Array(0), n: 0, d: 2 }] },
 *       labels: { train: new Int32Array(4), test: new Int32Array(0) }, kernels: [],
 *     },
 *     paths: networkPaths(dir, "toy", 1), amount: 1, experimentDir: dir, pool,
 *   });
 *   assert.equal(record.layers[0].all?.points, 4);
 * } finally {
 *   pool.close();
 *   await Deno.remove(dir, { recursive: true });
 * }
 * ```
 */
export async function snapshotFiles(options: SnapshotFilesJob): Promise<SnapshotRecord> {
  const { job, paths, pool } = options;
  const { epoch } = job;
  await Deno.mkdir(paths.epochDir(epoch), { recursive: true });
  // Each cell's pictures are drawn as the cell arrives; all are written
  // before the snapshot is committed.
  const pictures: Promise<void>[] = [];
  const result = await computeSnapshot({
    ...job,
    onCell: (cell, done, total) => {
      const drawn = pool.pictures({
        experimentDir: options.experimentDir,
        network: job.network,
        amount: options.amount,
        epoch,
        cell,
      });
      // Awaited below; a failure while a later cell is still computed must
      // not surface as unhandled.
      drawn.catch(() => {});
      pictures.push(drawn);
      job.onCell?.(cell, done, total);
    },
  });
  options.onBarcodes?.(result.record);
  await Promise.all(pictures);
  if (result.mapper) {
    // Written before the snapshot is committed: a run killed while writing
    // them redoes the snapshot.
    const dir = `${paths.dir}/mapper/epoch${epoch}`;
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    await writeMapperFiles(dir, result.mapper);
  }
  return result.record;
}
