/**
 * Vietoris–Rips persistent homology of a point cloud or a distance matrix:
 * the same intervals as Ripser 1.2.1 (Z/2 coefficients, zero-length
 * intervals dropped, the enclosing radius as the default threshold).
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import { assertPointCloud } from "../data/point_cloud.ts";
import type { DistanceMatrix, Metric } from "../geometry/distance_matrix.ts";
import { plainDistances } from "../geometry/distances.ts";
import type { Barcode, Cycle, Diagram } from "./diagram.ts";
import { enclosingRadius } from "./enclosing_radius.ts";
import { explicitRipsDiagrams } from "./explicit_rips.ts";
import { estimateMemory } from "./memory_estimate.ts";
import {
  RipsCohomology,
  ripsCohomology,
  ripsCohomologyPairing,
  type RipsGeometry,
} from "./rips_cohomology.ts";
import { ripsCohomologyParallel } from "./rips_parallel.ts";
import { representativeCycles } from "./representative_cycles.ts";
import { lineRips } from "./line_rips.ts";

export type { Barcode } from "./diagram.ts";
export type { MemoryEstimateOptions } from "./memory_estimate.ts";
export { estimateMemory };

/** Options of {@linkcode vietorisRips}. */
export interface VietorisRipsOptions {
  /** Highest homology dimension (default 1). */
  maxDim?: number;
  /** Largest simplex diameter (default: the enclosing radius). */
  threshold?: number;
  /** Distance between points of a cloud (default "euclidean"). Ignored for a matrix. */
  metric?: Metric;
  /** Refuse computations estimated above this many bytes (default half the machine's memory). */
  maxMemoryBytes?: number;
  /**
   * What the caller calls the memory limit, for the error that refuses a
   * computation (default `"maxMemoryBytes"`; the `ph` command says `"--max-memory"`).
   */
  memoryLimitName?: string;
  /**
   * Keep the intervals in the order Ripser 1.2.1 prints them instead of
   * sorting them (default false), so that intervals of equal birth come out
   * as Ripser lists them. Index spaces beyond 2^54 (the explicit path) are
   * sorted regardless.
   */
  ripserOrder?: boolean;
  /**
   * Also give a representative cycle for every H1 interval, in
   * `barcode.cycles.H1` (default false). Needs maxDim ≥ 1. With
   * `{ longest: k }` only the k longest intervals get theirs (length
   * min(death, threshold) − birth, ties by position), the others an empty
   * list: the same cycles, without the cost of the rest.
   */
  cycles?: boolean | { longest: number };
  /** Called with the memory estimate (bytes) that the guard compared with `maxMemoryBytes`. */
  onMemoryEstimate?: (bytes: number) => void;
}

const WHAT = "vietorisRips";
/** Below this fraction of edges within the threshold, neighbour lists beat full rows. */
const SPARSE_DENSITY = 0.5;

/**
 * Persistence barcode H0..H<maxDim> of the Vietoris–Rips filtration. Each
 * diagram is sorted by birth, then death (unless `ripserOrder`); essential
 * classes die at Infinity.
 * A point cloud's euclidean distances are computed in float32 exactly as
 * Ripser does; a `"full"` matrix contributes its lower triangle (as Ripser's
 * `distance` format). A euclidean cloud in R^1 has no homology above H0 at
 * any scale; its barcode comes from the gaps between sorted values
 * (line_rips.ts), the same intervals without building the complex. Throws a
 * RangeError naming the knobs (threshold, points, maxDim) when the estimated
 * memory exceeds `maxMemoryBytes`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { vietorisRips } from "./vietoris_rips.ts";
 * // eight points on a circle: one H1 class
 * const data = new Float32Array(16);
 * for (let i = 0; i < 8; i++) {
 *   data[2 * i] = Math.cos((i * Math.PI) / 4);
 *   data[2 * i + 1] = Math.sin((i * Math.PI) / 4);
 * }
 * const barcode = vietorisRips({ data, n: 8, d: 2 }, { maxDim: 1, threshold: 2 });
 * assert.equal(barcode.diagrams[1].length, 1);
 * ```
 */
export function vietorisRips(
  input: PointCloud | DistanceMatrix,
  options: VietorisRipsOptions = {},
): Barcode {
  return onLine(input, options) ?? computeSequential(prepareRips(input, options), options);
}

/** Options of {@linkcode vietorisRipsParallel}. */
export interface ParallelRipsOptions extends VietorisRipsOptions {
  /**
   * Threads for the apparent-pair searches (default: the number of cores).
   * 1, representative cycles, index spaces beyond 2^54 and small inputs (where
   * starting threads costs more than it saves) run on the calling thread.
   */
  threads?: number;
  /**
   * Below this estimated number of cofacet visits, run on the calling thread
   * (default 5e8: starting worker threads costs 0.1 to 0.5 s). 0 always uses threads.
   */
  minParallelWork?: number;
}

/**
 * {@linkcode vietorisRips} on several threads: the same barcode, intervals in
 * the same order, with the apparent-pair searches of each dimension spread
 * over worker threads (see rips_parallel.ts).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { vietorisRips, vietorisRipsParallel } from "./vietoris_rips.ts";
 * const data = new Float32Array(16);
 * for (let i = 0; i < 8; i++) {
 *   data[2 * i] = Math.cos((i * Math.PI) / 4);
 *   data[2 * i + 1] = Math.sin((i * Math.PI) / 4);
 * }
 * const cloud = { data, n: 8, d: 2 };
 * const barcode = await vietorisRipsParallel(cloud, { maxDim: 2, threshold: 2, threads: 2 });
 * assert.deepEqual(barcode, vietorisRips(cloud, { maxDim: 2, threshold: 2 }));
 * ```
 */
export async function vietorisRipsParallel(
  input: PointCloud | DistanceMatrix,
  options: ParallelRipsOptions = {},
): Promise<Barcode> {
  const threads = options.threads ?? navigator.hardwareConcurrency ?? 1;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(`${WHAT}: option "threads": expected an integer ≥ 1, found ${threads}`);
  }
  const line = onLine(input, options);
  if (line) return line;
  const job = prepareRips(input, options, threads);
  if (job.threads === 1) return computeSequential(job, options);
  const { lower, n, maxDim, threshold, mode, geometry } = job;
  const diagrams = await ripsCohomologyParallel(lower, n, {
    maxDim,
    threshold,
    threads: job.threads,
    mode,
    engine: { geometry },
    simplices: job.simplices,
  });
  return finished(job, options, diagrams);
}

/**
 * The barcode of a euclidean cloud in R^1 by {@linkcode lineRips} (the same
 * intervals, without building the complex), or undefined for any other input
 * (and for options the general path refuses, so that it gives the error).
 */
function onLine(
  input: PointCloud | DistanceMatrix,
  options: VietorisRipsOptions,
): Barcode | undefined {
  if (!isPointCloud(input) || input.d !== 1 || !(input.n >= 2)) return undefined;
  const { maxDim, metric } = checkedOptions(options);
  if (metric !== "euclidean" || (options.cycles && maxDim < 1)) return undefined;
  // the values, their order and the intervals
  options.onMemoryEstimate?.(48 * input.n);
  const barcode = lineRips(input, {
    maxDim,
    threshold: options.threshold,
    cycles: Boolean(options.cycles),
  });
  return barcode;
}

/** A checked input, its threshold and how the engine will run it. */
interface RipsJob {
  lower: Float32Array;
  n: number;
  maxDim: number;
  threshold: number;
  edges: number;
  edgeDensity: number;
  mode: "sparse" | "dense";
  explicit: boolean;
  maxMemoryBytes: number;
  /** Threads the computation will use (1: the calling thread only). */
  threads: number;
  /** The engine's cofacet search structures, when the memory guard built them. */
  geometry?: RipsGeometry;
  /** Sampled number of k-simplices, entry k (dimensions 2..maxDim + 1). */
  simplices?: number[];
}

/** Threads pay off past about this many cofacet visits (starting them costs 0.1 to 0.5 s). */
const THREAD_WORK = 5e8;

/**
 * Rough count of the cofacet visits of the apparent-pair searches: each edge
 * and each k-simplex (k ≤ maxDim, as sampled) scans a row (dense) or a
 * neighbour list (sparse).
 */
function estimatedWork(job: RipsJob, simplices: number[] = []): number {
  if (job.maxDim === 0) return 0;
  const scan = job.mode === "dense" ? job.n : (2 * job.edges) / job.n;
  let count = job.edges;
  for (let k = 2; k <= job.maxDim; k++) count += simplices[k] ?? 0;
  return count * scan;
}

function computeSequential(job: RipsJob, options: VietorisRipsOptions): Barcode {
  const { lower, n, maxDim, threshold, mode } = job;
  if (options.cycles) {
    if (maxDim < 1 || job.explicit) {
      throw new RangeError(
        `${WHAT}: option "cycles": expected maxDim ≥ 1 and C(n, maxDim + 2) ≤ 2^54, found ` +
          `maxDim = ${maxDim}, n = ${n}`,
      );
    }
    return withCycles(lower, n, maxDim, threshold, mode, options);
  }
  const diagrams = job.explicit
    ? explicitRipsDiagrams(lower, n, maxDim, threshold, job.maxMemoryBytes)
    : ripsCohomology(lower, n, maxDim, threshold, mode, { geometry: job.geometry });
  return finished(job, options, diagrams);
}

function finished(job: RipsJob, options: VietorisRipsOptions, diagrams: Diagram[]): Barcode {
  if (!options.ripserOrder) {
    for (const diagram of diagrams) diagram.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  }
  return { diagrams, threshold: options.threshold ?? job.threshold, n: job.n };
}

/** The options of {@linkcode vietorisRips}, checked, with their defaults. */
function checkedOptions(options: VietorisRipsOptions) {
  const maxDim = options.maxDim ?? 1;
  if (typeof maxDim !== "number" || !Number.isInteger(maxDim) || maxDim < 0) {
    throw new RangeError(`${WHAT}: option "maxDim": expected an integer ≥ 0, found ${maxDim}`);
  }
  if (typeof options.cycles === "object") {
    const top = options.cycles.longest;
    if (!Number.isInteger(top) || top < 0) {
      throw new RangeError(
        `${WHAT}: option "cycles.longest": expected an integer ≥ 0, found ${top}`,
      );
    }
  }
  if (options.threshold !== undefined) {
    const t = options.threshold;
    if (typeof t !== "number" || Number.isNaN(t) || t < 0) {
      throw new RangeError(
        `${WHAT}: option "threshold": expected a number ≥ 0, found ${t}`,
      );
    }
  }
  const metric = options.metric ?? "euclidean";
  if (metric !== "euclidean" && metric !== "cosine" && metric !== "correlation") {
    throw new RangeError(
      `${WHAT}: option "metric": expected "euclidean", "cosine" or "correlation", found ${metric}`,
    );
  }
  const maxMemoryBytes = options.maxMemoryBytes ?? defaultMemoryBytes();
  const limitName = options.memoryLimitName ?? "maxMemoryBytes";
  return { maxDim, metric, maxMemoryBytes, limitName };
}

/**
 * Check the options and input, compute the distances and threshold, decide
 * how many threads pay off (at most `threads`), apply the memory guard.
 */
function prepareRips(
  input: PointCloud | DistanceMatrix,
  options: ParallelRipsOptions,
  threads = 1,
): RipsJob {
  const { maxDim, metric, maxMemoryBytes, limitName } = checkedOptions(options);
  const n = input.n;
  if (!Number.isInteger(n) || n < 2) {
    throw new RangeError(`${WHAT}: field "n": expected at least 2 points, found ${n}`);
  }
  const matrixBytes = estimateMemory(n, { maxDim: 0, edgeDensity: 0 });
  if (matrixBytes > maxMemoryBytes) {
    throw memoryError({ bytes: matrixBytes, limit: maxMemoryBytes, limitName, n, maxDim });
  }
  const lower = lowerMatrix(input, metric);
  // Ripser compares float32 diameters with a float32 threshold
  const threshold = options.threshold === undefined
    ? enclosingRadius(lower, n)
    : Math.fround(Math.min(options.threshold, 3.4028234663852886e38));
  let within = 0;
  for (let k = 0; k < lower.length; k++) if (lower[k] <= threshold) within++;
  const edgeDensity = lower.length > 0 ? within / lower.length : 0;
  const job: RipsJob = {
    lower,
    n,
    maxDim,
    threshold,
    edges: within,
    edgeDensity,
    mode: edgeDensity < SPARSE_DENSITY ? "sparse" : "dense",
    // simplex indices of dimension maxDim + 1 run up to C(n, maxDim + 2); the engine
    // keeps them exact up to 2^54 (shifted by −2^53 beyond 2^53)
    explicit: choose(n, maxDim + 2) > 2n ** 54n,
    maxMemoryBytes,
    threads: 1,
  };
  job.threads = threads > 1 && !options.cycles && !job.explicit ? threads : 1;
  const simplices = sampleSimplices(job);
  job.simplices = simplices?.simplices;
  if (estimatedWork(job, simplices?.simplices) < (options.minParallelWork ?? THREAD_WORK)) {
    job.threads = 1;
  }
  const bytes = estimateMemory(n, {
    maxDim,
    threshold,
    edgeDensity,
    edges: within,
    dense: job.mode === "dense",
    threads: job.threads,
    sharedInput: lower.buffer instanceof SharedArrayBuffer,
    ...simplices,
  });
  options.onMemoryEstimate?.(bytes);
  if (bytes > maxMemoryBytes) {
    throw memoryError({
      bytes,
      limit: maxMemoryBytes,
      limitName,
      n,
      maxDim,
      threshold,
      edges: within,
    });
  }
  return job;
}

/** Simplices sampled per dimension for the memory estimate. */
const MEMORY_SAMPLES = 4000;

/**
 * The simplex counts and column fractions of dimensions 2..maxDim, sampled
 * with the engine's own cofacet search structures, which the job keeps for
 * the computation (`job.geometry`; shared memory when it will use threads).
 */
function sampleSimplices(
  job: RipsJob,
): { simplices: number[]; columnFraction: number[] } | undefined {
  if (job.maxDim < 2 || job.explicit) return undefined;
  const { lower, n, maxDim, threshold, mode } = job;
  const sampler = new RipsCohomology(lower, n, maxDim, threshold, mode === "sparse", {
    shared: job.threads > 1,
  });
  job.geometry = sampler.geometry;
  return sampler.sampleSimplices(MEMORY_SAMPLES);
}

/** The barcode with a representative cycle per H1 interval, sorted along with it. */
function withCycles(
  lower: Float32Array,
  n: number,
  maxDim: number,
  threshold: number,
  mode: "sparse" | "dense",
  options: VietorisRipsOptions,
): Barcode {
  const pairing = ripsCohomologyPairing(lower, n, maxDim, threshold, mode);
  const { diagrams } = pairing;
  const h1 = diagrams[1];
  const order = h1.map((_, k) => k);
  if (!options.ripserOrder) {
    order.sort((a, b) => h1[a][0] - h1[b][0] || h1[a][1] - h1[b][1] || a - b);
  }
  const shown = options.threshold ?? threshold;
  const wanted = typeof options.cycles === "object"
    ? longestIntervals(order.map((k) => h1[k]), options.cycles.longest, shown).map((at) =>
      order[at]
    )
    : order;
  const found = representativeCycles({
    lower,
    n,
    ...pairing,
    birthEdges: wanted.map((k) => pairing.birthEdges[k]),
    deathTriangles: wanted.map((k) => pairing.deathTriangles[k]),
  });
  const cycles: Cycle[] = h1.map(() => []);
  wanted.forEach((k, at) => cycles[k] = found[at]);
  diagrams[1] = order.map((k) => h1[k]);
  if (!options.ripserOrder) {
    for (const diagram of diagrams) diagram.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  }
  return {
    diagrams,
    threshold: shown,
    n,
    cycles: { H1: order.map((k) => cycles[k]) },
  };
}

/**
 * Positions of the `top` longest intervals of a diagram (length
 * min(death, threshold) − birth), longest first, ties by position.
 */
function longestIntervals(diagram: Diagram, top: number, threshold: number): number[] {
  const length = (k: number) => Math.min(diagram[k][1], threshold) - diagram[k][0];
  return diagram.map((_, k) => k).sort((a, b) => length(b) - length(a) || a - b).slice(0, top);
}

function choose(n: number, k: number): bigint {
  if (k > n) return 0n;
  let c = 1n;
  for (let i = 1; i <= k; i++) c = (c * BigInt(n - k + i)) / BigInt(i);
  return c;
}

function defaultMemoryBytes(): number {
  try {
    return 0.5 * Deno.systemMemoryInfo().total;
  } catch {
    return 4 * 2 ** 30;
  }
}

function memoryError(
  { bytes, limit, limitName, n, maxDim, threshold, edges }: {
    bytes: number;
    limit: number;
    limitName: string;
    n: number;
    maxDim: number;
    threshold?: number;
    edges?: number;
  },
): Error {
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  const detail = threshold === undefined
    ? ""
    : `, threshold = ${threshold} with ${edges} of ${(n * (n - 1)) / 2} edges within it`;
  return new RangeError(
    `${WHAT}: estimated memory ${mb(bytes)} exceeds ${limitName} ${mb(limit)} ` +
      `(points n = ${n}, maxDim = ${maxDim}${detail}); lower the threshold, ` +
      `use fewer points (subsample), lower maxDim, or raise ${limitName}`,
  );
}

function isPointCloud(input: PointCloud | DistanceMatrix): input is PointCloud {
  return "d" in input && !("kind" in input);
}

function lowerMatrix(input: PointCloud | DistanceMatrix, metric: Metric): Float32Array {
  if (isPointCloud(input)) {
    assertPointCloud(input, `${WHAT}: input point cloud`);
    return plainDistances(input, { metric, rounding: "ripser" }).data;
  }
  const { kind, data, n } = input;
  if (!(data instanceof Float32Array)) {
    throw new TypeError(
      `${WHAT}: distance matrix field "data": expected a Float32Array, found ${typeof data}`,
    );
  }
  let lower: Float32Array;
  if (kind === "lower") {
    if (data.length !== (n * (n - 1)) / 2) {
      throw new RangeError(
        `${WHAT}: distance matrix field "data": expected n(n−1)/2 = ${
          (n * (n - 1)) / 2
        } entries for kind "lower", found ${data.length}`,
      );
    }
    lower = data;
  } else if (kind === "full") {
    if (data.length !== n * n) {
      throw new RangeError(
        `${WHAT}: distance matrix field "data": expected n×n = ${
          n * n
        } entries for kind "full", found ${data.length}`,
      );
    }
    lower = new Float32Array((n * (n - 1)) / 2);
    let k = 0;
    for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) lower[k++] = data[i * n + j];
  } else {
    throw new RangeError(
      `${WHAT}: distance matrix field "kind": expected "lower" or "full", found ${kind}`,
    );
  }
  for (let k = 0; k < lower.length; k++) {
    const x = lower[k];
    if (!Number.isFinite(x) || x < 0) {
      throw new RangeError(
        `${WHAT}: distance matrix field "data": expected finite distances ≥ 0, found ${x} ` +
          `at packed lower entry ${k}`,
      );
    }
  }
  return lower;
}
