/**
 * Distances between points: the one place nntopo computes them.
 *
 * - {@linkcode pairwiseDistances} is the entry point for whole matrices: it
 *   picks a backend ({@linkcode selectBackend}: gpu.js on WebGPU only with a
 *   real, non-fallback adapter, gpu.js WebAssembly with enough cores, the
 *   typed-array loop otherwise) and returns the packed lower triangle.
 * - {@linkcode plainDistances} is its typed-array backend, synchronous, used
 *   directly where the work is synchronous ({@linkcode vietorisRips}, the
 *   `ph` command). With `rounding: "ripser"` every step is rounded to float32
 *   exactly as Ripser 1.2.1 does, so barcodes (and ties between equal
 *   distances) come out exactly as Ripser's; with `rounding: "float64"` each
 *   distance is computed in double precision and rounded once.
 * - With `rounding: "ripser"` and `threads` > 1, {@linkcode pairwiseDistances}
 *   splits the rows of the euclidean matrix over worker threads
 *   (distances_parallel.ts; `ripserEuclideanRows` in ripser_rows.ts is the
 *   arithmetic, on one thread or many), giving the same bytes.
 * - {@linkcode squaredEuclidean} is the distance between two rows of a
 *   point cloud, used by the maxmin landmarks, the kNN distances and the
 *   Mapper clusterers (which compare a few distances, never a whole matrix).
 *
 * @module
 */

import { assertPointCloud, type PointCloud } from "../data/point_cloud.ts";
import type { DistanceMatrix, Metric } from "./distance_matrix.ts";
import { type DistanceBackend, selectBackend } from "./backend.ts";
import { gpuJsDistances } from "./kernels.ts";
import { threadedRipserDistances } from "./distances_parallel.ts";
import { ripserEuclideanRows } from "./ripser_rows.ts";

/**
 * How a distance matrix is rounded: `"float64"` computes each distance in
 * double precision and rounds it once to float32; `"ripser"` rounds every
 * step to float32 as Ripser 1.2.1 does (the euclidean sum left to right from
 * 0, then a float32 square root), which barcodes need to match Ripser's.
 */
export type DistanceRounding = "float64" | "ripser";

/** Options of {@linkcode plainDistances}. */
export interface PlainDistanceOptions {
  /** `"euclidean"` (default), `"cosine"` (1 − cos) or `"correlation"` (1 − Pearson r). */
  metric?: Metric;
  /** Default `"float64"`. */
  rounding?: DistanceRounding;
  /**
   * With euclidean `rounding: "ripser"` in {@linkcode plainDistances}: pairs
   * farther apart than this are not rounded as Ripser does but found by a
   * quicker float64 sum and given the largest float32, 3.4028235e38, instead
   * (where only distances up to a threshold matter: persistence with
   * `--threshold`). Distances up to the cutoff are exact as always.
   */
  cutoff?: number;
}

/** Options of {@linkcode pairwiseDistances}. */
export interface PairwiseDistanceOptions extends PlainDistanceOptions {
  /**
   * `"auto"` (default: see {@linkcode selectBackend}) or a backend by name.
   * With `rounding: "ripser"` only the typed-array loop (`"plain"`) rounds
   * as Ripser, so `"auto"` picks it and any other backend is refused.
   */
  backend?: "auto" | DistanceBackend;
  /**
   * With euclidean `rounding: "ripser"`: worker threads that compute bands of
   * rows (default 1), for clouds of at least `minParallelPoints` points —
   * the same bytes as on one thread.
   */
  threads?: number;
  /** Fewest points worth threads (default 2000: below, starting them costs more than they save). */
  minParallelPoints?: number;
}

/** Fewest points for which {@linkcode pairwiseDistances} starts worker threads by default. */
const MIN_PARALLEL_POINTS = 2000;

const METRICS: readonly Metric[] = ["euclidean", "cosine", "correlation"];

function checkedOptions(
  what: string,
  options: PlainDistanceOptions,
): { metric: Metric; rounding: DistanceRounding } {
  const metric = options.metric ?? "euclidean";
  if (!METRICS.includes(metric)) {
    throw new RangeError(
      `${what}: option "metric": expected one of ${METRICS.join(", ")}, found ${
        JSON.stringify(metric)
      }`,
    );
  }
  const rounding = options.rounding ?? "float64";
  if (rounding !== "float64" && rounding !== "ripser") {
    throw new RangeError(
      `${what}: option "rounding": expected "float64" or "ripser", found ${
        JSON.stringify(rounding)
      }`,
    );
  }
  return { metric, rounding };
}

/**
 * All pairwise distances between the points of a cloud, as the packed lower
 * triangle (`kind: "lower"`, entries (1,0), (2,0), (2,1), …), on the backend
 * {@linkcode selectBackend} picks (or the one asked for).
 *
 * A point with all coordinates zero (cosine) or all coordinates equal
 * (correlation) has no direction; it is treated as orthogonal to every other
 * point, at distance 1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pairwiseDistances } from "./distances.ts";
 * const cloud = { data: new Float32Array([0, 0, 3, 4, 6, 8]), n: 3, d: 2 };
 * const m = await pairwiseDistances(cloud);
 * assert.deepEqual([...m.data], [5, 10, 5]);
 * // Ripser's rounding on two worker threads: the same bytes as on one
 * const ripser = { rounding: "ripser", cutoff: 7 } as const;
 * const many = await pairwiseDistances(cloud, { ...ripser, threads: 2, minParallelPoints: 0 });
 * assert.deepEqual(many.data, (await pairwiseDistances(cloud, ripser)).data);
 * ```
 */
export async function pairwiseDistances(
  cloud: PointCloud,
  options: PairwiseDistanceOptions = {},
): Promise<DistanceMatrix> {
  assertPointCloud(cloud, "pairwiseDistances: cloud");
  const { metric, rounding } = checkedOptions("pairwiseDistances", options);
  const requested = options.backend ?? "auto";
  if (rounding === "ripser") {
    if (requested !== "auto" && requested !== "plain") {
      throw new RangeError(
        `pairwiseDistances: option "backend": rounding "ripser" is done only by "plain", found ${
          JSON.stringify(requested)
        }`,
      );
    }
    const threads = Math.min(options.threads ?? 1, cloud.n - 1);
    const parallel = metric === "euclidean" && threads > 1 &&
      cloud.n >= (options.minParallelPoints ?? MIN_PARALLEL_POINTS);
    return parallel
      ? await threadedRipserDistances(cloud, { threads, cutoff: options.cutoff ?? Infinity })
      : plainDistances(cloud, { metric, rounding, cutoff: options.cutoff });
  }
  const { backend } = await selectBackend({ n: cloud.n, backend: requested });
  if (backend === "plain") return plainDistances(cloud, { metric, rounding });
  if (metric === "euclidean") {
    return await gpuJsDistances(cloud.data, cloud.n, cloud.d, "euclidean", backend);
  }
  const rows = Float32Array.from(normalisedRows64(cloud, metric === "correlation"));
  return await gpuJsDistances(rows, cloud.n, cloud.d, "one-minus-dot", backend);
}

/**
 * The typed-array backend of {@linkcode pairwiseDistances}, synchronous: the
 * packed lower triangle of distances, rounded as `options.rounding` says. It
 * is also the reference the other backends are tested against.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { plainDistances } from "./distances.ts";
 * const cloud = { data: new Float32Array([1, 0, 0, 1]), n: 2, d: 2 };
 * assert.equal(plainDistances(cloud, { metric: "cosine" }).data[0], 1);
 * assert.equal(plainDistances(cloud, { rounding: "ripser" }).data[0], Math.fround(Math.SQRT2));
 * ```
 */
export function plainDistances(
  cloud: PointCloud,
  options: PlainDistanceOptions = {},
): DistanceMatrix {
  assertPointCloud(cloud, "plainDistances: cloud");
  const { metric, rounding } = checkedOptions("plainDistances", options);
  if (rounding === "ripser") {
    return metric === "euclidean"
      ? ripserEuclidean(cloud, options.cutoff ?? Infinity)
      : float32Angular(cloud, metric);
  }
  return metric === "euclidean" ? float64Euclidean(cloud) : float64Angular(cloud, metric);
}

/**
 * Squared euclidean distance between rows i and j of a row-major n×d array,
 * accumulated in float64 (unrolled by four with separate accumulators: ~2×
 * faster in V8 for wide rows; Float32Array only, so V8 keeps the call sites
 * monomorphic).
 *
 * With a `bound`, the sum stops once it has reached the bound (after any
 * block of four coordinates) and returns what it has, a value ≥ `bound`: a
 * caller that only wants distances below the bound gets them, the same bits
 * as without it, and skips the rest of the far ones (the partial sums never
 * decrease: every term is ≥ 0 and rounding is monotone).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { squaredEuclidean } from "./distances.ts";
 * assert.equal(squaredEuclidean(new Float32Array([0, 0, 3, 4]), 2, 0, 1), 25);
 * const rows = new Float32Array([0, 0, 0, 0, 0, 5, 5, 5, 5, 5]);
 * assert.ok(squaredEuclidean(rows, 5, 0, 1, 10) >= 10); // stopped after four coordinates
 * assert.equal(squaredEuclidean(rows, 5, 0, 1, 200), 125);
 * ```
 */
export function squaredEuclidean(
  data: Float32Array,
  d: number,
  i: number,
  j: number,
  bound = Infinity,
): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let a = i * d, b = j * d;
  const end = a + d - (d % 4);
  for (; a < end; a += 4, b += 4) {
    const t0 = data[a] - data[b];
    const t1 = data[a + 1] - data[b + 1];
    const t2 = data[a + 2] - data[b + 2];
    const t3 = data[a + 3] - data[b + 3];
    s0 += t0 * t0;
    s1 += t1 * t1;
    s2 += t2 * t2;
    s3 += t3 * t3;
    if ((s0 + s1) + (s2 + s3) >= bound) return (s0 + s1) + (s2 + s3);
  }
  for (; a < i * d + d; a++, b++) {
    const t = data[a] - data[b];
    s0 += t * t;
  }
  return (s0 + s1) + (s2 + s3);
}

/**
 * Ripser 1.2.1's euclidean distances: coordinates read as `float`, `(u − v)²`
 * accumulated in `float` left to right from `0.0f` (`std::inner_product`),
 * then a `float` square root. Each step is rounded with `Math.fround`, which
 * reproduces IEEE single precision exactly (double rounding is innocuous for
 * +, −, ×, √ of float32 operands).
 */
function ripserEuclidean(cloud: PointCloud, cutoff: number): DistanceMatrix {
  const out = new Float32Array((cloud.n * (cloud.n - 1)) / 2);
  ripserEuclideanRows(cloud, { cutoff, rows: [1, cloud.n], out });
  return { kind: "lower", data: out, n: cloud.n };
}

/** Cosine or correlation distances with float32 rows, norms and results, clamped at 0. */
function float32Angular(cloud: PointCloud, metric: "cosine" | "correlation"): DistanceMatrix {
  const { n, d } = cloud;
  const x = Float32Array.from(cloud.data);
  if (metric === "correlation") {
    for (let i = 0; i < n; i++) {
      let mean = 0;
      for (let t = 0; t < d; t++) mean += x[i * d + t];
      mean /= d;
      for (let t = 0; t < d; t++) x[i * d + t] -= mean;
    }
  }
  const norm = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += x[i * d + t] * x[i * d + t];
    norm[i] = Math.sqrt(s);
  }
  const out = new Float32Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let dot = 0;
      for (let t = 0; t < d; t++) dot += x[i * d + t] * x[j * d + t];
      const denominator = norm[i] * norm[j];
      const cos = denominator > 0 ? dot / denominator : 0;
      out[k++] = Math.max(0, 1 - cos);
    }
  }
  return { kind: "lower", data: out, n };
}

function float64Euclidean(cloud: PointCloud): DistanceMatrix {
  const { data: p, n, d } = cloud;
  const out = new Float32Array((n * (n - 1)) / 2);
  let o = 0;
  for (let i = 1; i < n; i++) {
    const pi = i * d;
    for (let j = 0; j < i; j++) {
      const pj = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) {
        const t = p[pi + k] - p[pj + k];
        s += t * t;
      }
      out[o++] = Math.sqrt(s);
    }
  }
  return { kind: "lower", data: out, n };
}

function float64Angular(cloud: PointCloud, metric: "cosine" | "correlation"): DistanceMatrix {
  const { n, d } = cloud;
  const out = new Float32Array((n * (n - 1)) / 2);
  const p = normalisedRows64(cloud, metric === "correlation");
  let o = 0;
  for (let i = 1; i < n; i++) {
    const pi = i * d;
    for (let j = 0; j < i; j++) {
      const pj = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) s += p[pi + k] * p[pj + k];
      out[o++] = Math.max(0, 1 - s);
    }
  }
  return { kind: "lower", data: out, n };
}

/** Rows scaled to unit length (centred first for correlation), in float64. */
function normalisedRows64(cloud: PointCloud, centre: boolean): Float64Array {
  const { data, n, d } = cloud;
  const rows = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const base = i * d;
    let mean = 0;
    if (centre) {
      for (let k = 0; k < d; k++) mean += data[base + k];
      mean /= d;
    }
    let norm = 0, scale = 0;
    for (let k = 0; k < d; k++) {
      const v = data[base + k] - mean;
      rows[base + k] = v;
      norm += v * v;
      scale = Math.max(scale, Math.abs(data[base + k]));
    }
    norm = Math.sqrt(norm);
    // A row that is (numerically) constant after centring has no direction.
    const flat = !(norm > 1e-9 * scale);
    for (let k = 0; k < d; k++) rows[base + k] = flat ? 0 : rows[base + k] / norm;
  }
  return rows;
}
