/**
 * The topology of one snapshot: for every layer and split, a seeded maxmin
 * landmark subsample of the activations, its Vietoris–Rips barcode and the
 * barcode's metrics.
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import { deriveSeed } from "../data/random.ts";
import { maxminLandmarks } from "../geometry/landmarks.ts";
import { vietorisRips } from "../topology/vietoris_rips.ts";
import { type DistanceBackend, selectBackend } from "../geometry/backend.ts";
import { pairwiseDistances } from "../geometry/distances.ts";
import type { DistanceMatrix } from "../geometry/distance_matrix.ts";
import { type Diagram, diagramsToJson } from "../topology/diagram.ts";
import { diagramMetrics } from "../topology/metrics.ts";
import type { Split } from "../artifacts/layout.ts";
import type { CellCycles, SnapshotBarcode } from "../artifacts/schema.ts";
import type { DiagramMetrics } from "../topology/metrics.ts";
import { longestBarCycles } from "./cell_cycles.ts";
import type { TopologySpec } from "./spec.ts";

/** The activations of every layer (0 = input) on the train and the test set. */
export interface LayerActivations {
  train: PointCloud[];
  test: PointCloud[];
  /** The layer number of each entry (default: its index, 0 = input). */
  layers?: number[];
}

/** One layer × split of a snapshot, with the diagrams kept for drawing. */
export interface SnapshotCell {
  layer: number;
  split: Split;
  barcode: SnapshotBarcode;
  metrics: Record<string, DiagramMetrics>;
  diagrams: Diagram[];
  /** Cycles of the longest H1 bars (labels still empty), when asked for. */
  cycles?: CellCycles;
  /** Where its distance matrix was computed (`plain`: the Ripser-rounded typed-array loop). */
  backend: DistanceBackend;
}

/** Options of {@linkcode cloudBarcode}. */
export interface CloudBarcodeOptions {
  /** Highest homology dimension. */
  maxDim: number;
  /** Most points to take: more are subsampled by maxmin landmarks. */
  points: number;
  /** Distance between points. */
  metric: TopologySpec["metric"];
  /** Seed of the first landmark. */
  seed: number;
  /** Keep representative cycles of this many longest H1 bars (default 0: none). */
  cycles?: number;
  /** Where the distance matrix is computed (default `"plain"`: Ripser's rounding; see `TopologySpec.backend`). */
  backend?: TopologySpec["backend"];
}

/** What {@linkcode cloudBarcode} returns: the barcode record and its diagrams. */
export interface CloudBarcode {
  /** The barcode as stored in barcode_data.json. */
  barcode: SnapshotBarcode;
  /** The diagrams, infinite deaths as `Infinity`. */
  diagrams: Diagram[];
  /** Cycles of the longest H1 bars (labels still empty), when `options.cycles` > 0. */
  cycles?: CellCycles;
  /** Where the distance matrix was computed (`plain`: the Ripser-rounded typed-array loop). */
  backend: DistanceBackend;
}

/**
 * Computes {@linkcode cloudBarcode}; {@linkcode snapshotTopology} takes one so
 * that the work can go to other threads and identical clouds be computed once.
 */
export type CloudBarcodeFunction = (
  cloud: PointCloud,
  options: CloudBarcodeOptions,
) => Promise<CloudBarcode>;

/**
 * Stack two point clouds of the same dimension (train then test).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { concatClouds } from "./snapshot.ts";
 * const a = { data: new Float32Array([1, 2]), n: 1, d: 2 };
 * assert.equal(concatClouds(a, a).n, 2);
 * ```
 */
export function concatClouds(a: PointCloud, b: PointCloud): PointCloud {
  if (a.d !== b.d) {
    throw new RangeError(`concatClouds: expected equal dimensions, found ${a.d} and ${b.d}`);
  }
  const data = new Float32Array(a.data.length + b.data.length);
  data.set(a.data, 0);
  data.set(b.data, a.data.length);
  return { data, n: a.n + b.n, d: a.d };
}

/**
 * Take the rows `indices` of a point cloud.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { selectPoints } from "./snapshot.ts";
 * const c = { data: new Float32Array([0, 1, 2]), n: 3, d: 1 };
 * assert.equal(selectPoints(c, Int32Array.from([2])).data[0], 2);
 * ```
 */
export function selectPoints(cloud: PointCloud, indices: Int32Array): PointCloud {
  const { d } = cloud;
  const data = new Float32Array(indices.length * d);
  for (let r = 0; r < indices.length; r++) {
    data.set(cloud.data.subarray(indices[r] * d, indices[r] * d + d), r * d);
  }
  return { data, n: indices.length, d };
}

/**
 * The barcode of one activation set: the whole set when it has at most
 * `points` points, a seeded maxmin landmark subsample otherwise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cloudBarcode } from "./snapshot.ts";
 * const cloud = { data: new Float32Array([0, 0, 1, 0, 0, 1]), n: 3, d: 2 };
 * const { barcode } = cloudBarcode(cloud, { maxDim: 1, points: 10, metric: "euclidean", seed: 0 });
 * assert.equal(barcode.subsample, "all");
 * ```
 */
export function cloudBarcode(
  cloud: PointCloud,
  options: CloudBarcodeOptions,
): CloudBarcode {
  const sample = barcodeSample(cloud, options);
  return sampleBarcode(cloud, sample, options, { input: sample.cloud, backend: "plain" });
}

/** The points a barcode is computed on: all of them, or seeded maxmin landmarks. */
interface BarcodeSample {
  cloud: PointCloud;
  coveringRadius: number;
  /** The landmarks' rows in the whole cloud, or null for all points. */
  indices: Int32Array | null;
}

function barcodeSample(cloud: PointCloud, options: CloudBarcodeOptions): BarcodeSample {
  if (cloud.n <= options.points) return { cloud, coveringRadius: 0, indices: null };
  const landmarks = maxminLandmarks(cloud, options.points, { seed: options.seed });
  return {
    cloud: selectPoints(cloud, landmarks.indices),
    coveringRadius: landmarks.coveringRadius,
    indices: landmarks.indices,
  };
}

/** The barcode of a sample, from its points or from their distance matrix. */
function sampleBarcode(
  cloud: PointCloud,
  sample: BarcodeSample,
  options: CloudBarcodeOptions,
  on: { input: PointCloud | DistanceMatrix; backend: DistanceBackend },
): CloudBarcode {
  const { input, backend } = on;
  const top = options.maxDim >= 1 ? options.cycles ?? 0 : 0;
  const result = vietorisRips(input, {
    maxDim: options.maxDim,
    metric: options.metric,
    cycles: top > 0 ? { longest: top } : false,
  });
  return {
    ...(top > 0 ? { cycles: longestBarCycles(result, sample.cloud, sample.indices, top) } : {}),
    diagrams: result.diagrams,
    backend,
    barcode: {
      points: cloud.n,
      sampled: sample.cloud.n,
      subsample: sample.indices ? "maxmin" : "all",
      coveringRadius: sample.coveringRadius,
      threshold: result.threshold,
      dim: cloud.d,
      diagrams: diagramsToJson(result.diagrams),
    },
  };
}

/**
 * {@linkcode cloudBarcode} with the distance matrix computed where
 * `options.backend` says, through `pairwiseDistances` (the one distance entry
 * point): when the choice comes out as the plain loop (no real GPU adapter, a
 * small sample), this is `cloudBarcode` itself, byte for byte.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cloudBarcode, cloudBarcodeOn } from "./snapshot.ts";
 * const cloud = { data: new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]), n: 4, d: 2 };
 * const options = { maxDim: 1, points: 10, metric: "euclidean" as const, seed: 0 };
 * const auto = await cloudBarcodeOn(cloud, { ...options, backend: "auto" });
 * assert.deepEqual(auto.barcode, cloudBarcode(cloud, options).barcode);
 * const gpuJs = await cloudBarcodeOn(cloud, { ...options, backend: "cpu" }); // gpu.js's CPU mode
 * assert.equal(gpuJs.backend, "cpu");
 * assert.equal(gpuJs.barcode.diagrams.H0.length, 4);
 * ```
 */
export async function cloudBarcodeOn(
  cloud: PointCloud,
  options: CloudBarcodeOptions,
): Promise<CloudBarcode> {
  const requested = options.backend ?? "plain";
  if (requested === "plain") return cloudBarcode(cloud, options);
  const sample = barcodeSample(cloud, options);
  const { backend } = await selectBackend({ n: sample.cloud.n, backend: requested });
  if (backend === "plain") {
    return sampleBarcode(cloud, sample, options, { input: sample.cloud, backend });
  }
  const input = await pairwiseDistances(sample.cloud, { metric: options.metric, backend });
  return sampleBarcode(cloud, sample, options, { input, backend });
}

/**
 * Metrics of every dimension of a barcode, infinite bars truncated at the
 * filtration threshold, with the Betti curve on {@linkcode bettiGrid}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { barcodeMetrics } from "./snapshot.ts";
 * const m = barcodeMetrics([[[0, 1], [0, Infinity]]], 2);
 * assert.ok("H0" in m);
 * ```
 */
export function barcodeMetrics(
  diagrams: Diagram[],
  threshold: number,
): Record<string, DiagramMetrics> {
  const grid = bettiGrid(threshold);
  const out: Record<string, DiagramMetrics> = {};
  diagrams.forEach((diagram, k) => {
    out[`H${k}`] = diagramMetrics(diagram, { infinity: threshold, grid });
  });
  return out;
}

/**
 * Number of scales of the Betti curve stored with every diagram's metrics.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BETTI_GRID_SIZE, bettiGrid } from "./snapshot.ts";
 * assert.equal(bettiGrid(1).length, BETTI_GRID_SIZE);
 * ```
 */
export const BETTI_GRID_SIZE = 16;

/**
 * The scales of the stored Betti curves: {@linkcode BETTI_GRID_SIZE} evenly
 * spaced values from 0 to the filtration threshold, both included.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bettiGrid } from "./snapshot.ts";
 * const grid = bettiGrid(3);
 * assert.equal(grid[0], 0);
 * assert.equal(grid[grid.length - 1], 3);
 * ```
 */
export function bettiGrid(threshold: number): number[] {
  return Array.from(
    { length: BETTI_GRID_SIZE },
    (_, i) => (threshold * i) / (BETTI_GRID_SIZE - 1),
  );
}

/** How many of each cell's longest H1 bars keep their cycles when the spec does not say. */
export const DEFAULT_CYCLES = 5;

/** Options of {@linkcode snapshotTopology}. */
export interface SnapshotTopologyOptions {
  /** Dimensions, points, splits, distance and cycles. */
  topology: TopologySpec;
  /** Seed of the landmark choices. */
  seed: number;
  /** Called after each cell, in order, with the cells done of all. */
  onCell?: (cell: SnapshotCell, done: number, total: number) => void | Promise<void>;
  /** Computes one barcode (default {@linkcode cloudBarcode} on this thread). */
  compute?: CloudBarcodeFunction;
}

/**
 * Compute every layer × split of a snapshot, calling `onCell` after each, in
 * layer-then-split order (for progress and for writing its picture). The
 * barcodes are all requested from `compute` at once, so a
 * {@linkcode CloudBarcodeFunction} that spreads them over threads computes
 * them in parallel; the cells come back in the same order either way.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { snapshotTopology } from "./snapshot.ts";
 * const layer = { data: new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]), n: 4, d: 2 };
 * const cells = await snapshotTopology({ train: [layer], test: [layer] }, {
 *   topology: { maxDim: 1, points: 100, splits: ["test"], metric: "euclidean" },
 *   seed: 0,
 * });
 * assert.equal(cells.length, 1);
 * ```
 */
export async function snapshotTopology(
  activations: LayerActivations,
  options: SnapshotTopologyOptions,
): Promise<SnapshotCell[]> {
  const { topology, seed, onCell = () => {} } = options;
  const compute: CloudBarcodeFunction = options.compute ?? cloudBarcodeOn;
  const requests: { layer: number; split: Split; result: Promise<CloudBarcode> }[] = [];
  for (let at = 0; at < activations.train.length; at++) {
    const layer = activations.layers?.[at] ?? at;
    for (const split of topology.splits) {
      const cloud = split === "train"
        ? activations.train[at]
        : split === "test"
        ? activations.test[at]
        : concatClouds(activations.train[at], activations.test[at]);
      const result = compute(cloud, {
        maxDim: topology.maxDim,
        points: topology.points,
        metric: topology.metric,
        seed: deriveSeed(seed, `landmarks:${split}`),
        cycles: topology.cycles ?? DEFAULT_CYCLES,
        ...(topology.backend ? { backend: topology.backend } : {}),
      });
      // Handled below in order; this keeps a later failure from surfacing as
      // unhandled while an earlier cell is awaited.
      result.catch(() => {});
      requests.push({ layer, split, result });
    }
  }
  const cells: SnapshotCell[] = [];
  for (const { layer, split, result } of requests) {
    const { barcode, diagrams, cycles, backend } = await result;
    const cell: SnapshotCell = {
      layer,
      split,
      barcode,
      diagrams,
      backend,
      metrics: barcodeMetrics(diagrams, barcode.threshold),
      ...(cycles ? { cycles } : {}),
    };
    cells.push(cell);
    await onCell(cell, cells.length, requests.length);
  }
  return cells;
}
