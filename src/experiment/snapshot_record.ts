/**
 * One snapshot of one network, from plain arrays: the barcodes of every
 * layer × split of its activations (with their pictures), the topology of its
 * dense kernels, and the Mapper stage when the spec asks for it. The runner
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
import type { NetworkPaths, Split } from "../artifacts/layout.ts";
import type {
  CellCycles,
  DiagramMetrics,
  SnapshotBarcode,
  WeightTopology,
} from "../artifacts/schema.ts";
import {
  concatClouds,
  type LayerActivations,
  type SnapshotCell,
  snapshotTopology,
} from "./snapshot.ts";
import { type CycleSamples, labelCellCycles } from "./cell_cycles.ts";
import type { TopologyPool } from "./topology_pool.ts";
import { mapperStage, mapperStageSteps } from "./mapper_stage.ts";
import type { ExperimentSpec } from "./spec.ts";

/** The topology of one snapshot epoch (committed as `.resume/epoch<k>.json`). */
export interface SnapshotRecord {
  epoch: number;
  layers: Record<string, Record<string, SnapshotBarcode>>;
  metrics: Record<string, Record<string, Record<string, DiagramMetrics>>>;
  /** Weight topology per layer j whose incoming dense kernel is known. */
  weights: Record<string, WeightTopology>;
  /** Network-level neural persistence; absent when no dense kernel is known. */
  neuralPersistence?: { mean: number; perLayer: number[] };
  /** Cycles of the longest H1 bars by layer and split (absent in records of older runs). */
  cycles?: Record<string, Record<string, CellCycles>>;
}

/** A dense kernel, row-major [in, out], and the layer whose activations it produces. */
export interface LayerKernel {
  /** The layer j (1..L) the kernel feeds. */
  layer: number;
  /** Row-major [in, out]: `kernel[i*out + o]` weighs input i into neuron o. */
  kernel: Float32Array;
  /** `[in, out]`. */
  shape: [number, number];
}

/** What {@linkcode snapshotRecord} needs. */
export interface SnapshotInput {
  /** The analysis settings: topology, Mapper, seed, data amount. */
  spec: Pick<ExperimentSpec, "topology" | "mapper" | "seed" | "snapshots" | "dataAmount">;
  /** Network name. */
  network: string;
  /** The snapshot epoch. */
  epoch: number;
  /** Activations of every layer (0 = input) on the train and the test set. */
  activations: LayerActivations;
  /** True class of every train and test point (for Mapper). */
  labels: { train: Int32Array; test: Int32Array };
  /** Dense kernels known at this epoch (none: no weight topology, no weight pictures). */
  kernels: LayerKernel[];
  /** Picture size of the inputs (layer 0) when they are images: cycles then show their samples. */
  images?: { width: number; height: number };
  /** The network's folder. */
  paths: NetworkPaths;
  /** The experiment's folder. */
  experimentDir: string;
  /** Computes barcodes and pictures. */
  pool: TopologyPool;
  /** Called after each barcode. */
  onStep?: (done: number, total: number) => void;
  /** Called after each Mapper step. */
  onMapperStep?: (done: number, total: number, status: string) => void;
}

/**
 * The snapshot epochs that get the Mapper stage.
 *
 * @example
 * ```ts
 * import { mapperEpochs } from "./snapshot_record.ts";
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

/**
 * Compute one snapshot's record and write its pictures and Mapper files.
 *
 * @example
 * ```ts
 * import { snapshotRecord } from "./snapshot_record.ts";
 * import { topologyPool } from "./topology_pool.ts";
 * import { networkPaths } from "../artifacts/layout.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const pool = topologyPool({ workers: 0 });
 * const cloud = { data: new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]), n: 4, d: 2 };
 * try {
 *   const record = await snapshotRecord({
 *     spec: { topology: { maxDim: 1, points: 10, splits: ["all"], metric: "euclidean" }, seed: 0, snapshots: [0], dataAmount: { part: 1, parts: 1 } },
 *     network: "toy", epoch: 0,
 *     activations: { train: [cloud], test: [{ data: new Float32Array(0), n: 0, d: 2 }] },
 *     labels: { train: new Int32Array(4), test: new Int32Array(0) },
 *     kernels: [], paths: networkPaths(dir, "toy", 1), experimentDir: dir, pool,
 *   });
 *   assert.equal(record.layers[0].all.points, 4);
 *   assert.equal(record.neuralPersistence, undefined);
 * } finally {
 *   pool.close();
 *   await Deno.remove(dir, { recursive: true });
 * }
 * ```
 */
export async function snapshotRecord(input: SnapshotInput): Promise<SnapshotRecord> {
  const { spec, network, epoch, paths, pool } = input;
  const record: SnapshotRecord = { epoch, layers: {}, metrics: {}, weights: {} };
  await Deno.mkdir(paths.epochDir(epoch), { recursive: true });
  // Each cell's pictures are drawn by the pool as the cell arrives; all are
  // written before the snapshot is committed.
  const pictures: Promise<void>[] = [];
  await snapshotTopology(
    input.activations,
    spec.topology,
    deriveSeed(spec.seed, "landmarks"),
    (cell: SnapshotCell, done, total) => {
      if (cell.cycles) {
        cell.cycles = labelCellCycles(cell.cycles, cycleSamples(input, cell.split));
        ((record.cycles ??= {})[cell.layer] ??= {})[cell.split] = cell.cycles;
      }
      (record.layers[cell.layer] ??= {})[cell.split] = cell.barcode;
      (record.metrics[cell.layer] ??= {})[cell.split] = cell.metrics;
      const drawn = pool.pictures({
        experimentDir: input.experimentDir,
        network,
        amount: spec.dataAmount.part,
        epoch,
        cell,
      });
      // Awaited below; a failure while a later cell is still computed must
      // not surface as unhandled.
      drawn.catch(() => {});
      pictures.push(drawn);
      input.onStep?.(done, total);
    },
    pool.barcode,
  );
  await Promise.all(pictures);
  if (input.kernels.length > 0) weightTopology(record, input.kernels, spec.topology.maxDim);

  // Mapper, clusterings and attribution (the MNIST Mapper talk), written before the
  // snapshot is committed: a run killed during them redoes the snapshot.
  if (spec.mapper && mapperEpochs(spec).includes(epoch)) {
    const split = spec.mapper.split ?? "test";
    const dir = `${paths.dir}/mapper/epoch${epoch}`;
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    input.onMapperStep?.(0, mapperStageSteps(spec.mapper), "graph");
    const depth = input.activations.train.length - 1;
    // Kernels by the layer they feed: the Mapper stage indexes kernel j-1 for layer j.
    const byLayer = new Map(input.kernels.map((k) => [k.layer, k]));
    const kernels = Array.from({ length: depth }, (_, j) => byLayer.get(j + 1));
    await mapperStage({
      spec: spec.mapper,
      network,
      epoch,
      activations: input.activations[split],
      labels: input.labels[split],
      kernels: kernels.every((k) => k !== undefined) ? kernels as LayerKernel[] : null,
      seed: deriveSeed(spec.seed, "mapper"),
      dir,
      onStep: input.onMapperStep,
    });
  }
  return record;
}

/** Labels of a split's samples (`all`: train then test), and their pictures for image data. */
function cycleSamples(input: SnapshotInput, split: Split): CycleSamples {
  const { train, test } = input.activations;
  const sets = split === "train" ? ["train"] : split === "test" ? ["test"] : ["train", "test"];
  const labels = new Int32Array(sets.reduce((n, s) => n + input.labels[s as "train"].length, 0));
  let row = 0;
  for (const s of sets) {
    labels.set(input.labels[s as "train"], row);
    row += input.labels[s as "train"].length;
  }
  if (!input.images) return { labels };
  const cloud = split === "train"
    ? train[0]
    : split === "test"
    ? test[0]
    : concatClouds(train[0], test[0]);
  return { labels, images: { cloud, ...input.images } };
}

/**
 * Weight topology: neural persistence of every known dense layer, and the VR
 * barcode of each layer's neurons as points (their incoming weights).
 */
function weightTopology(record: SnapshotRecord, kernels: LayerKernel[], maxDim: number): void {
  const np = neuralPersistence(kernels.map((l) => ({ kernel: l.kernel, shape: l.shape })));
  record.neuralPersistence = { mean: np.mean, perLayer: np.perLayer.map((l) => l.normalized) };
  for (let j = 0; j < kernels.length; j++) {
    const layer = kernels[j];
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
    record.weights[layer.layer] = topology;
  }
}
