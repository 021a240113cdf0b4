/**
 * One snapshot epoch of a network, from plain arrays: the barcodes and
 * metrics of every layer × split of its activations (with the cycles of the
 * longest H1 bars), the topology of its dense kernels (neural persistence,
 * the neurons' barcodes) and, at the Mapper epochs, the Mapper stage.
 * Returns records; writes nothing — network_files.ts writes them. The runner
 * takes the arrays from its own model; `deno task analyze` from a dump of
 * someone else's network.
 *
 * @module
 */

import { deriveSeed } from "../data/random.ts";
import { diagramsToJson } from "../topology/diagram.ts";
import { vietorisRips } from "../topology/vietoris_rips.ts";
import {
  neuralPersistence,
  weightPointClouds as weightPointCloud,
} from "../topology/neural_persistence.ts";
import type { ArtifactRecord } from "../artifacts/json.ts";
import type { Split } from "../artifacts/layout.ts";
import type { WeightTopology } from "../artifacts/schema.ts";
import {
  type CloudBarcodeFunction,
  concatClouds,
  type LayerActivations,
  type SnapshotCell,
  snapshotTopology,
} from "./snapshot.ts";
import { type CycleSamples, labelCellCycles } from "./cell_cycles.ts";
import { mapperRecords, type MapperStageResult, mapperStageSteps } from "./mapper_stage.ts";
import type { ExperimentSpec } from "./spec.ts";

/** The committed topology of one snapshot epoch (`.resume/epoch<k>.json`). */
export type SnapshotRecord = ArtifactRecord<"snapshot">;

/** A dense kernel, row-major [in, out], and the layer whose activations it produces. */
export interface LayerKernel {
  /** The layer j (1..L) the kernel feeds. */
  layer: number;
  /** Row-major [in, out]: `kernel[i*out + o]` weighs input i into neuron o. */
  kernel: Float32Array;
  /** `[in, out]`. */
  shape: [number, number];
}

/** What {@linkcode computeSnapshot} needs. */
export interface SnapshotJob {
  /** The analysis settings: topology, Mapper, seed, snapshots. */
  spec: Pick<ExperimentSpec, "topology" | "mapper" | "seed" | "snapshots">;
  /** Network name. */
  network: string;
  /** The snapshot epoch. */
  epoch: number;
  /** Activations of every layer (0 = input) on the train and the test set. */
  activations: LayerActivations;
  /** True class of every train and test point. */
  labels: { train: Int32Array; test: Int32Array };
  /** Dense kernels known at this epoch (none: no weight topology, no weight pictures). */
  kernels: LayerKernel[];
  /** Picture size of the inputs (layer 0) when they are images: cycles then show their samples. */
  images?: { width: number; height: number };
  /** Computes barcodes (the topology pool's, to spread them over threads). */
  barcode?: CloudBarcodeFunction;
  /** Each layer × split as it is computed, with the cells done of all. */
  onCell?: (cell: SnapshotCell, done: number, total: number) => void;
  /** Each step of the Mapper stage. */
  onMapperStep?: (done: number, total: number, status: string) => void;
}

/** What one snapshot epoch gives. */
export interface SnapshotResult {
  /** Barcodes, metrics, cycles and weight topology. */
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
 * const mapper = { lens: "pca" as never, intervals: 4, overlap: 0.3, methods: [], k: 2, top: 1 };
 * assert.deepEqual(mapperEpochs({ snapshots: [0, 5, 9], mapper }), [9]);
 * assert.deepEqual(mapperEpochs({ snapshots: [0, 5, 9] }), []);
 * ```
 */
export function mapperEpochs(spec: Pick<ExperimentSpec, "snapshots" | "mapper">): number[] {
  if (!spec.mapper) return [];
  return spec.mapper.epochs === "all" ? spec.snapshots : spec.snapshots.slice(-1);
}

/** Labels of a split's samples (`all`: train then test), and their pictures for image data. */
function cycleSamples(job: SnapshotJob, split: Split): CycleSamples {
  const { train, test } = job.activations;
  const parts = split === "train"
    ? [job.labels.train]
    : split === "test"
    ? [job.labels.test]
    : [job.labels.train, job.labels.test];
  const labels = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let row = 0;
  for (const p of parts) {
    labels.set(p, row);
    row += p.length;
  }
  if (!job.images) return { labels };
  const cloud = split === "train"
    ? train[0]
    : split === "test"
    ? test[0]
    : concatClouds(train[0], test[0]);
  return { labels, images: { cloud, ...job.images } };
}

/**
 * Weight topology of every known dense layer: neural persistence of its
 * weight graph, and the VR barcode of its neurons as points (their incoming
 * weights), keyed by the layer the kernel feeds.
 *
 * @example
 * ```ts
 * import { weightTopology } from "./snapshot_stage.ts";
 * import assert from "node:assert/strict";
 * const kernel = { layer: 1, kernel: new Float32Array([1, 0, 0, 1, 1, 1]), shape: [2, 3] as [number, number] };
 * const { weights, neuralPersistence } = weightTopology([kernel], 1);
 * assert.equal(weights[1].neurons?.points, 3);
 * assert.equal(neuralPersistence.perLayer.length, 1);
 * ```
 */
export function weightTopology(
  kernels: LayerKernel[],
  maxDim: number,
): Required<Pick<SnapshotRecord, "weights" | "neuralPersistence">> {
  const np = neuralPersistence(kernels.map((l) => ({ kernel: l.kernel, shape: l.shape })));
  const weights: Record<string, WeightTopology> = {};
  kernels.forEach((layer, j) => {
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
    weights[layer.layer] = topology;
  });
  const neural = { mean: np.mean, perLayer: np.perLayer.map((l) => l.normalized) };
  return { weights, neuralPersistence: neural };
}

/** The Mapper stage's records at a Mapper epoch, kernel j-1 feeding layer j. */
function snapshotMapper(job: SnapshotJob): MapperStageResult | undefined {
  const { spec, epoch } = job;
  if (!spec.mapper || !mapperEpochs(spec).includes(epoch)) return undefined;
  const split = spec.mapper.split ?? "test";
  job.onMapperStep?.(0, mapperStageSteps(spec.mapper), "graph");
  const depth = job.activations.train.length - 1;
  const byLayer = new Map(job.kernels.map((k) => [k.layer, k]));
  const kernels = Array.from({ length: depth }, (_, j) => byLayer.get(j + 1));
  return mapperRecords({
    spec: spec.mapper,
    network: job.network,
    epoch,
    activations: job.activations[split],
    labels: job.labels[split],
    kernels: kernels.every((k) => k !== undefined) ? kernels as LayerKernel[] : null,
    seed: deriveSeed(spec.seed, "mapper"),
    onStep: job.onMapperStep,
  });
}

/**
 * Compute one snapshot epoch of a network.
 *
 * @example
 * ```ts
 * import { computeSnapshot } from "./snapshot_stage.ts";
 * import assert from "node:assert/strict";
 * const cloud = { data: new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]), n: 4, d: 2 };
 * const { record } = await computeSnapshot({
 *   spec: { topology: { maxDim: 1, points: 10, splits: ["all"], metric: "euclidean" }, seed: 0, snapshots: [0] },
 *   network: "toy", epoch: 0,
 *   activations: { train: [cloud], test: [{ data: new Float32Array(0), n: 0, d: 2 }] },
 *   labels: { train: new Int32Array(4), test: new Int32Array(0) },
 *   kernels: [],
 * });
 * assert.equal(record.layers[0].all?.points, 4);
 * assert.equal(record.neuralPersistence, undefined);
 * ```
 */
export async function computeSnapshot(job: SnapshotJob): Promise<SnapshotResult> {
  const { spec, epoch } = job;
  const record: SnapshotRecord = { epoch, layers: {}, metrics: {}, weights: {} };
  await snapshotTopology(job.activations, {
    topology: spec.topology,
    seed: deriveSeed(spec.seed, "landmarks"),
    compute: job.barcode,
    onCell: (cell, done, total) => {
      if (cell.cycles) {
        cell.cycles = labelCellCycles(cell.cycles, cycleSamples(job, cell.split));
        ((record.cycles ??= {})[cell.layer] ??= {})[cell.split] = cell.cycles;
      }
      (record.layers[cell.layer] ??= {})[cell.split] = cell.barcode;
      (record.metrics[cell.layer] ??= {})[cell.split] = cell.metrics;
      job.onCell?.(cell, done, total);
    },
  });
  if (job.kernels.length > 0) {
    Object.assign(record, weightTopology(job.kernels, spec.topology.maxDim));
  }
  const mapper = snapshotMapper(job);
  return mapper ? { record, mapper } : { record };
}
