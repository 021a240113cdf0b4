/**
 * Everything computed at one snapshot epoch of a network: the barcodes and
 * metrics of every layer × split of its activations, the topology of its
 * weights (neural persistence, the neurons' barcodes) and, at the Mapper
 * epochs, the Mapper stage. Returns records; writes nothing — the runner
 * hands each cell to `onCell` as it arrives, to draw its pictures.
 *
 * @module
 */

import type * as tf from "@tensorflow/tfjs";
import type { Dataset, SplitDataset } from "../data/dataset.ts";
import { deriveSeed } from "../data/random.ts";
import { activations as layerActivations } from "../nn/activations.ts";
import { type DenseWeights, weights as denseWeights } from "../nn/weights.ts";
import { diagramsToJson } from "../topology/diagram.ts";
import { vietorisRips } from "../topology/vietoris_rips.ts";
import {
  neuralPersistence,
  weightPointClouds as weightPointCloud,
} from "../topology/neural_persistence.ts";
import type { ArtifactRecord } from "../artifacts/json.ts";
import type { WeightTopology } from "../artifacts/schema.ts";
import { type CloudBarcodeFunction, type SnapshotCell, snapshotTopology } from "./snapshot.ts";
import { type CycleSamples, labelCellCycles } from "./cell_cycles.ts";
import { mapperRecords, type MapperStageResult, mapperStageSteps } from "./mapper_stage.ts";
import type { ExperimentSpec, NetworkSpec } from "./spec.ts";

/** The committed topology of one snapshot epoch (`.resume/epoch<k>.json`). */
export type SnapshotRecord = ArtifactRecord<"snapshot">;

/** What {@linkcode computeSnapshot} needs. */
export interface SnapshotJob {
  spec: ExperimentSpec;
  net: NetworkSpec;
  model: tf.LayersModel;
  data: SplitDataset;
  epoch: number;
  /** Computes barcodes (the topology pool's, to spread them over threads). */
  barcode: CloudBarcodeFunction;
  /** Each layer × split as it is computed, with the cells done of all. */
  onCell?: (cell: SnapshotCell, done: number, total: number) => void;
  /** Each step of the Mapper stage. */
  onMapperStep?: (done: number, total: number, status: string) => void;
}

/** What one snapshot epoch gives. */
export interface SnapshotResult {
  /** Barcodes, metrics and weight topology. */
  record: SnapshotRecord;
  /** The Mapper stage's records, at the Mapper epochs. */
  mapper?: MapperStageResult;
}

/**
 * The snapshot epochs that get the Mapper stage.
 *
 * @example
 * ```ts
 * import { mapperEpochs } from "./snapshot_stage.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(mapperEpochs({ snapshots: [0, 5], mapper: undefined }), []);
 * ```
 */
export function mapperEpochs(spec: Pick<ExperimentSpec, "snapshots" | "mapper">): number[] {
  if (!spec.mapper) return [];
  return spec.mapper.epochs === "all" ? spec.snapshots : spec.snapshots.slice(-1);
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

function activationsOf(model: tf.LayersModel, set: Dataset) {
  return layerActivations(model, set.x, set.n, set.d);
}

/**
 * Weight topology of every dense layer: neural persistence of its weight
 * graph, and the VR barcode of its neurons as points (their incoming weights).
 */
export function weightTopology(
  dense: DenseWeights[],
  maxDim: number,
): Pick<SnapshotRecord, "weights" | "neuralPersistence"> {
  const np = neuralPersistence(dense.map((l) => ({ kernel: l.kernel, shape: l.shape })));
  const weights: Record<string, WeightTopology> = {};
  dense.forEach((layer, j) => {
    const topology: WeightTopology = {
      neuralPersistence: {
        diagram: diagramsToJson([np.perLayer[j].diagram]).H0,
        value: np.perLayer[j].value,
        normalized: np.perLayer[j].normalized,
      },
    };
    const cloud = weightPointCloud(layer.kernel, layer.shape);
    if (cloud.n >= 2) {
      const barcode = vietorisRips(cloud, { maxDim });
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
    weights[j + 1] = topology;
  });
  const neural = { mean: np.mean, perLayer: np.perLayer.map((l) => l.normalized) };
  return { weights, neuralPersistence: neural };
}

/**
 * Compute one snapshot epoch of a network.
 *
 * @example
 * ```ts
 * import { computeSnapshot } from "./snapshot_stage.ts";
 * import { cloudBarcode } from "./snapshot.ts";
 * import { buildModel } from "../nn/build_model.ts";
 * import assert from "node:assert/strict";
 * const net = { name: "n", role: "r", layers: [{ units: 3 }, { units: 1 }] };
 * const set = {
 *   name: "xor", classes: 2,
 *   x: new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]), y: Int32Array.from([0, 1, 1, 0]), n: 4, d: 2,
 * };
 * const spec = {
 *   snapshots: [0], seed: 0, dataset: { name: "xor", source: { kind: "concentric-spheres" } },
 *   topology: { maxDim: 1, points: 10, splits: ["all"], metric: "euclidean" },
 * } as const;
 * const { record } = await computeSnapshot({
 *   // deno-lint-ignore no-explicit-any
 *   spec: spec as any, net, model: buildModel(net, 2, { seed: 0 }), data: { train: set, test: set },
 *   epoch: 0, barcode: (cloud, options) => Promise.resolve(cloudBarcode(cloud, options)),
 * });
 * assert.deepEqual(Object.keys(record.layers), ["0", "1", "2"]);
 * ```
 */
export async function computeSnapshot(job: SnapshotJob): Promise<SnapshotResult> {
  const { spec, model, data, epoch } = job;
  const activations = {
    train: activationsOf(model, data.train),
    test: activationsOf(model, data.test),
  };
  const record: SnapshotRecord = {
    epoch,
    layers: {},
    metrics: {},
    weights: {},
    neuralPersistence: { mean: 0, perLayer: [] },
  };
  await snapshotTopology(activations, {
    topology: spec.topology,
    seed: deriveSeed(spec.seed, "landmarks"),
    compute: job.barcode,
    onCell: (cell, done, total) => {
      (record.layers[cell.layer] ??= {})[cell.split] = cell.barcode;
      (record.metrics[cell.layer] ??= {})[cell.split] = cell.metrics;
      if (cell.cycles) {
        cell.cycles = labelCellCycles(cell.cycles, cycleSamples(spec, data, cell.split));
        ((record.cycles ??= {})[cell.layer] ??= {})[cell.split] = cell.cycles;
      }
      job.onCell?.(cell, done, total);
    },
  });
  const dense = denseWeights(model);
  Object.assign(record, weightTopology(dense, spec.topology.maxDim));
  if (!spec.mapper || !mapperEpochs(spec).includes(epoch)) return { record };
  const split = spec.mapper.split ?? "test";
  job.onMapperStep?.(0, mapperStageSteps(spec.mapper), "graph");
  const mapper = mapperRecords({
    spec: spec.mapper,
    network: job.net.name,
    epoch,
    activations: activations[split],
    labels: data[split].y,
    kernels: dense,
    seed: deriveSeed(spec.seed, "mapper"),
    onStep: job.onMapperStep,
  });
  return { record, mapper };
}
