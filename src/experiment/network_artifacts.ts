/**
 * A network's artifacts once its snapshots are done: barcode_data.json,
 * barcode_evaluation.json (with tracking), the metric pictures, history.json
 * and its training curves, the weights (safetensors) and the tfjs model —
 * from plain records, so that the runner and `deno task analyze` write the
 * same files.
 *
 * @module
 */

import type * as tf from "@tensorflow/tfjs";
import { type Diagram, diagramsFromJson } from "../topology/diagram.ts";
import { lossRmseChart } from "../plots/loss_rmse.ts";
import { writeChartPng } from "../artifacts/png.ts";
import { writeFileAtomic } from "../artifacts/atomic.ts";
import { writeArtifactJson } from "../artifacts/json.ts";
import { encodeSafetensors, type SafetensorsEntry } from "../artifacts/safetensors.ts";
import { saveModelFiles } from "../artifacts/tfjs_model_files.ts";
import type { NetworkPaths } from "../artifacts/layout.ts";
import type { Scores } from "../artifacts/schema.ts";
import type { SnapshotRecord } from "./snapshot_record.ts";
import { type TrackedDistancesFunction, trackTopology } from "./tracking.ts";
import { writeMetricPictures } from "./pictures.ts";

/** One row of history.json; a score a dump did not record is `null`. */
export interface HistoryRow {
  epoch: number;
  train: { [K in keyof Scores]: Scores[K] | null };
  test: { [K in keyof Scores]: Scores[K] | null };
}

/** What {@linkcode writeNetworkArtifacts} writes. */
export interface NetworkArtifacts {
  /** Experiment name. */
  experiment: string;
  /** Network name. */
  network: string;
  /** Highest homology dimension of the barcodes. */
  maxDim: number;
  /** How many longest H1 bars per cell kept their cycles (cycles.json's `top`). */
  cycles: number;
  /** Every snapshot, by epoch. */
  snapshots: Map<number, SnapshotRecord>;
  /** Per-epoch scores (none: no history.json, no training curves). */
  history: HistoryRow[] | null;
  /** Tensors of the weights file with its metadata (none: no weights file). */
  weights?: { tensors: Record<string, SafetensorsEntry>; metadata: Record<string, string> };
  /** The trained model, saved as tfjs model files. */
  model?: tf.LayersModel;
  /** The network's folder. */
  paths: NetworkPaths;
  /** Distances between tracked diagrams (default: computed here). */
  distances?: TrackedDistancesFunction;
}

/**
 * Write a network's artifacts.
 *
 * @example
 * ```ts
 * import { writeNetworkArtifacts } from "./network_artifacts.ts";
 * import { networkPaths } from "../artifacts/layout.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const barcode = { points: 2, sampled: 2, subsample: "all" as const, coveringRadius: 0, threshold: 1, dim: 1, diagrams: { H0: [[0, 1], [0, null]] as [number, number | null][] } };
 * const paths = networkPaths(dir, "toy", 1);
 * await writeNetworkArtifacts({
 *   experiment: "x", network: "toy", maxDim: 0, cycles: 0, history: null, paths,
 *   snapshots: new Map([[0, { epoch: 0, layers: { 0: { all: barcode } }, metrics: { 0: { all: {} } }, weights: {} }]]),
 * });
 * const data = JSON.parse(await Deno.readTextFile(paths.barcodeData));
 * assert.equal(data.epochs[0].layers[0].all.points, 2);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeNetworkArtifacts(input: NetworkArtifacts): Promise<void> {
  const { snapshots, paths, network, experiment } = input;
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
    if (s.neuralPersistence) neural[k] = s.neuralPersistence;
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
    experiment,
    network,
    maxDim: input.maxDim,
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
      experiment,
      network,
      top: input.cycles,
      epochs: cycles,
    });
  }
  await writeArtifactJson(paths.barcodeEvaluation, "barcode_evaluation", {
    experiment,
    network,
    epochs: evaluationEpochs,
    tracking: await trackTopology(diagramsByEpoch, snapshots, input.distances),
    neuralPersistence: neural,
  });
  await writeMetricPictures(
    paths,
    network,
    evaluationEpochs as Parameters<typeof writeMetricPictures>[2],
    input.maxDim,
  );
  if (input.history) {
    await writeArtifactJson(paths.history, "history", { network, epochs: input.history });
    await writeChartPng(
      paths.lossAndRmsePng,
      lossRmseChart(input.history as Parameters<typeof lossRmseChart>[0], {
        title: `${network} · loss and RMSE`,
      }),
    );
  }
  if (input.weights) {
    await writeFileAtomic(
      paths.safetensors,
      encodeSafetensors(input.weights.tensors, input.weights.metadata),
    );
  }
  if (input.model) {
    await Deno.remove(paths.modelDir, { recursive: true }).catch(() => {});
    await saveModelFiles(input.model, paths.modelDir);
  }
}
