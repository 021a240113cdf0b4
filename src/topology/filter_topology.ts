/**
 * Filter topology: the shape of a population of first-layer convolution
 * filters, as Carlsson, Ishkhanov, de Silva and Zomorodian studied 3×3
 * natural-image patches ("On the local behavior of spaces of natural images",
 * 2008: the primary circle of edge orientations) and Gabrielsson and Carlsson
 * studied the first-layer filters of trained CNNs (the same circle, absent at
 * initialisation) — the study the CNN-topology talk presents.
 *
 * Each filter (kh·kw values of one input channel) is mean-centred and
 * contrast-normalised (divided by its Euclidean norm after centring, so the
 * points lie on a unit sphere); filters whose contrast is below `minNorm` are
 * dropped. A density filtration keeps the fraction `p` of points with the
 * smallest distance to their k-th nearest neighbour — the X(k, p) of
 * Carlsson et al. — and the Vietoris–Rips barcode of the kept points is
 * computed.
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import { knnDistances } from "../geometry/knn.ts";
import { vietorisRips } from "./vietoris_rips.ts";
import type { Diagram } from "./diagram.ts";

/** Parameters of {@linkcode filterTopology}. */
export interface FilterTopologyOptions {
  /**
   * Neighbour whose distance estimates the density (default 15: X(15, 30) is
   * the density filtration of Carlsson et al. shown on the talk's slide).
   * Clamped to n − 1 for small populations (the result records the k used).
   */
  k?: number;
  /** Fraction of the densest points kept (default 0.3, the same X(15, 30)). */
  p?: number;
  /** Highest homology dimension (default 1). */
  maxDim?: number;
  /** Filters whose norm after centring is below this are dropped (default 1e-6). */
  minNorm?: number;
}

/** What {@linkcode filterTopology} found. */
export interface FilterTopology {
  /** Filters given. */
  filters: number;
  /** Dimension of a filter (kh·kw). */
  dim: number;
  /** Filters dropped for lack of contrast. */
  flat: number;
  /** The k used (after clamping). */
  k: number;
  /** The fraction kept. */
  p: number;
  /** Indices (into the filters given) of the kept points, densest first. */
  kept: number[];
  /** The normalised kept points, row-major kept × dim. */
  points: PointCloud;
  /** Diagrams H0..H<maxDim> of the kept points' Vietoris–Rips filtration. */
  diagrams: Diagram[];
  /** Lifetime of the longest finite H1 bar divided by the second longest (Infinity when only one). */
  h1Dominance: number;
}

/**
 * Mean-centred, contrast-normalised filters: each row of `filters` (n × dim)
 * minus its mean, divided by its norm; rows with norm below `minNorm` are
 * left out. Returns the rows and the indices they came from.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { normaliseFilters } from "./filter_topology.ts";
 * const { cloud, index } = normaliseFilters({ data: new Float32Array([1, 3, 2, 2]), n: 2, d: 2 }, 1e-6);
 * assert.deepEqual([...cloud.data].map((v) => Math.round(v * 1e6) / 1e6), [-0.707107, 0.707107]);
 * assert.deepEqual(index, [0]); // the flat filter [2, 2] is dropped
 * ```
 */
export function normaliseFilters(
  filters: PointCloud,
  minNorm: number,
): { cloud: PointCloud; index: number[] } {
  const { data, n, d } = filters;
  const rows: number[][] = [], index: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from(data.subarray(i * d, (i + 1) * d));
    const mean = row.reduce((a, b) => a + b, 0) / d;
    const centred = row.map((v) => v - mean);
    const norm = Math.sqrt(centred.reduce((a, b) => a + b * b, 0));
    if (!(norm >= minNorm)) continue;
    rows.push(centred.map((v) => v / norm));
    index.push(i);
  }
  return { cloud: { data: Float32Array.from(rows.flat()), n: rows.length, d }, index };
}

/**
 * The density filtration X(k, p): indices of the fraction `p` of points
 * (at least 2 when there are 2) with the smallest distance to their k-th
 * nearest neighbour, densest first (ties by index).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { densestPoints } from "./filter_topology.ts";
 * const cloud = { data: new Float32Array([0, 1, 3, 10]), n: 4, d: 1 };
 * assert.deepEqual(densestPoints(cloud, 1, 0.5), [0, 1]);
 * ```
 */
export function densestPoints(cloud: PointCloud, k: number, p: number): number[] {
  const knn = knnDistances(cloud, k);
  const kth = Array.from({ length: cloud.n }, (_, i) => knn[i * k + k - 1]);
  const order = kth.map((_, i) => i).sort((a, b) => kth[a] - kth[b] || a - b);
  const keep = Math.min(cloud.n, Math.max(2, Math.round(p * cloud.n)));
  return order.slice(0, keep);
}

/** Longest finite H1 lifetime over the second longest. */
function dominance(h1: Diagram | undefined): number {
  const lives = (h1 ?? []).map(([b, d]) => d - b).filter(Number.isFinite).sort((a, b) => b - a);
  if (lives.length === 0) return 0;
  return lives.length === 1 ? Infinity : lives[0] / lives[1];
}

/**
 * The topology of a population of filters (rows of `filters`, n × kh·kw):
 * normalise ({@linkcode normaliseFilters}), keep the densest fraction p by
 * the distance to the k-th neighbour ({@linkcode densestPoints}), and
 * compute the Vietoris–Rips barcode of what is kept.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { filterTopology } from "./filter_topology.ts";
 * // 3×3 edge filters at 40 orientations: a circle after normalisation.
 * const n = 40, data = new Float32Array(n * 9);
 * for (let i = 0; i < n; i++) {
 *   const t = (2 * Math.PI * i) / n;
 *   for (let y = 0; y < 3; y++) for (let x = 0; x < 3; x++) {
 *     data[i * 9 + y * 3 + x] = Math.cos(t) * (x - 1) + Math.sin(t) * (y - 1);
 *   }
 * }
 * const result = filterTopology({ data, n, d: 9 }, { k: 5, p: 1 });
 * assert.equal(result.diagrams[1].length, 1);
 * assert.equal(result.h1Dominance, Infinity);
 * ```
 */
export function filterTopology(
  filters: PointCloud,
  options: FilterTopologyOptions = {},
): FilterTopology {
  const p = options.p ?? 0.3, maxDim = options.maxDim ?? 1, minNorm = options.minNorm ?? 1e-6;
  if (!(p > 0 && p <= 1)) {
    throw new RangeError(`filterTopology: option "p": expected a fraction in (0, 1], found ${p}`);
  }
  const requestedK = options.k ?? 15;
  if (!Number.isInteger(requestedK) || requestedK < 1) {
    throw new RangeError(
      `filterTopology: option "k": expected a positive integer, found ${requestedK}`,
    );
  }
  const { cloud, index } = normaliseFilters(filters, minNorm);
  if (cloud.n < 3) {
    throw new RangeError(
      `filterTopology: expected at least 3 filters with contrast ≥ ${minNorm}, found ${cloud.n} of ${filters.n}`,
    );
  }
  const k = Math.min(requestedK, cloud.n - 1);
  const densest = densestPoints(cloud, k, p);
  const d = cloud.d;
  const points: PointCloud = { data: new Float32Array(densest.length * d), n: densest.length, d };
  densest.forEach((i, r) => points.data.set(cloud.data.subarray(i * d, (i + 1) * d), r * d));
  const { diagrams } = vietorisRips(points, { maxDim });
  return {
    filters: filters.n,
    dim: d,
    flat: filters.n - cloud.n,
    k,
    p,
    kept: densest.map((i) => index[i]),
    points,
    diagrams,
    h1Dominance: dominance(diagrams[1]),
  };
}

/**
 * The first-layer filters of a conv kernel `[kh, kw, cin, cout]` (row-major,
 * tfjs's layout) as points: one row of kh·kw values per (output, input)
 * channel pair, in output-channel order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { kernelFilters } from "./filter_topology.ts";
 * // a 2×2 kernel, 1 input channel, 2 filters: values k[y][x][0][f] = 10·f + 2y + x
 * const kernel = new Float32Array([0, 10, 1, 11, 2, 12, 3, 13]);
 * const cloud = kernelFilters(kernel, [2, 2, 1, 2]);
 * assert.deepEqual([...cloud.data], [0, 1, 2, 3, 10, 11, 12, 13]);
 * ```
 */
export function kernelFilters(kernel: Float32Array, shape: number[]): PointCloud {
  const [kh, kw, cin, cout] = shape;
  if (shape.length !== 4 || kernel.length !== kh * kw * cin * cout) {
    throw new RangeError(
      `kernelFilters: expected a [kh, kw, cin, cout] kernel with that many values, found shape ${
        JSON.stringify(shape)
      } and ${kernel.length} values`,
    );
  }
  const d = kh * kw, n = cin * cout, data = new Float32Array(n * d);
  for (let f = 0; f < cout; f++) {
    for (let c = 0; c < cin; c++) {
      for (let t = 0; t < d; t++) data[(f * cin + c) * d + t] = kernel[(t * cin + c) * cout + f];
    }
  }
  return { data, n, d };
}
