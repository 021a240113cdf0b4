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
import type { EpochRecord } from "../nn/train.ts";
import { weights as denseWeights } from "../nn/weights.ts";
import { diagramsFromJson } from "../topology/diagram.ts";
import { lossRmseChart } from "../plots/loss_rmse.ts";
import { writeChartPng } from "../artifacts/png.ts";
import { writeFileAtomic } from "../artifacts/atomic.ts";
import { type ArtifactRecord, writeArtifactJson } from "../artifacts/json.ts";
import { encodeSafetensors } from "../artifacts/safetensors.ts";
import { saveModelFiles } from "../artifacts/tfjs_model_files.ts";
import type { NetworkPaths } from "../artifacts/layout.ts";
import { computeSnapshot, type SnapshotJob, type SnapshotRecord } from "./snapshot_stage.ts";
import type { TopologyPool } from "./topology_pool.ts";
import { writeMapperFiles } from "./mapper_files.ts";
import { DEFAULT_CYCLES } from "./snapshot.ts";
import { type SnapshotDiagrams, type TrackedDistancesFunction, trackTopology } from "./tracking.ts";
import { writeMetricPictures } from "./pictures.ts";
import type { ExperimentSpec, NetworkSpec } from "./spec.ts";

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
  const diagrams = new Map<number, SnapshotDiagrams>();
  for (const k of [...snapshots.keys()].sort((a, b) => a - b)) {
    const s = snapshots.get(k)!;
    barcodeData.epochs[k] = { layers: s.layers };
    epochs[k] = { layers: s.metrics };
    barcodeData.weights[k] = { layers: s.weights };
    neural[k] = s.neuralPersistence;
    diagrams.set(
      k,
      Object.fromEntries(
        Object.entries(s.layers).map(([layer, splits]) => [
          layer,
          Object.fromEntries(
            Object.entries(splits).map(([split, barcode]) => [
              split,
              diagramsFromJson(barcode.diagrams),
            ]),
          ),
        ]),
      ),
    );
  }
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

/** What {@linkcode writeNetworkFiles} writes. */
export interface NetworkFilesJob {
  spec: ExperimentSpec;
  net: NetworkSpec;
  model: tf.LayersModel;
  history: EpochRecord[];
  records: NetworkRecords;
  paths: NetworkPaths;
}

/** Write every file of a finished network. */
export async function writeNetworkFiles(job: NetworkFilesJob): Promise<void> {
  const { spec, net, model, history, records, paths } = job;
  await writeArtifactJson(paths.barcodeData, "barcode_data", records.barcodeData);
  await writeArtifactJson(paths.barcodeEvaluation, "barcode_evaluation", records.evaluation);
  if (records.cycles) await writeArtifactJson(paths.cycles, "cycles", records.cycles);
  await writeMetricPictures(paths, net.name, records.evaluation.epochs, spec.topology.maxDim);
  await writeArtifactJson(paths.history, "history", { network: net.name, epochs: history });
  await writeChartPng(
    paths.lossAndRmsePng,
    lossRmseChart(history, { title: `${net.name} · loss and RMSE` }),
  );
  const tensors: Record<string, { dtype: "F32"; shape: number[]; data: Float32Array }> = {};
  for (const layer of denseWeights(model)) {
    tensors[`${layer.name}.weight`] = { dtype: "F32", shape: layer.shape, data: layer.kernel };
    tensors[`${layer.name}.bias`] = { dtype: "F32", shape: [layer.shape[1]], data: layer.bias };
  }
  await writeFileAtomic(
    paths.safetensors,
    encodeSafetensors(tensors, { network: net.name, epochs: String(spec.epochs) }),
  );
  await Deno.remove(paths.modelDir, { recursive: true }).catch(() => {});
  await saveModelFiles(model, paths.modelDir);
}

/** What {@linkcode snapshotFiles} needs: the snapshot to compute, and where its files go. */
export interface SnapshotFilesJob {
  job: SnapshotJob;
  paths: NetworkPaths;
  /** Draws each cell's pictures on its workers. */
  pool: Pick<TopologyPool, "pictures">;
  /** The experiment's folder. */
  experimentDir: string;
}

/**
 * Compute one snapshot epoch and write its files: each cell's pictures as
 * the cell arrives, then the Mapper stage's files. Returns the snapshot's
 * record, to commit.
 */
export async function snapshotFiles(options: SnapshotFilesJob): Promise<SnapshotRecord> {
  const { job, paths, pool } = options;
  const { epoch, net, spec } = job;
  await Deno.mkdir(paths.epochDir(epoch), { recursive: true });
  // Each cell's pictures are drawn as the cell arrives; all are written
  // before the snapshot is committed.
  const pictures: Promise<void>[] = [];
  const result = await computeSnapshot({
    ...job,
    onCell: (cell, done, total) => {
      const drawn = pool.pictures({
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
      job.onCell?.(cell, done, total);
    },
  });
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
