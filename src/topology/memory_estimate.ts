/**
 * A size estimate of a Vietoris–Rips computation, for the memory guard.
 *
 * @module
 */

import { bucketLayout } from "./bucket_column.ts";

/** What the estimate depends on. */
export interface MemoryEstimateOptions {
  /** Highest homology dimension computed. */
  maxDim: number;
  /** Filtration threshold (informational; its effect enters through edgeDensity). */
  threshold?: number;
  /**
   * Fraction of the n(n−1)/2 pairs within the threshold (default 1). Without
   * `simplices`, a k-simplex is counted with probability edgeDensity^(k(k+1)/2).
   */
  edgeDensity?: number;
  /** Number of edges within the threshold (default edgeDensity · n(n−1)/2). */
  edges?: number;
  /** Full distance rows (true) or neighbour lists (default: edgeDensity ≥ 0.5). */
  dense?: boolean;
  /**
   * Threads of the run (default 1): worker threads hold copies of what they
   * pass back, and each reduces with a working column of its own.
   */
  threads?: number;
  /**
   * The distances already live in shared memory (the `ph` command's threaded
   * distances), so worker threads read them without a copy (default false).
   */
  sharedInput?: boolean;
  /**
   * Number of k-simplices within the threshold, entry k for 2 ≤ k ≤ maxDim + 1
   * (sampled by the engine).
   */
  simplices?: number[];
  /** Fraction of the k-simplices that are columns to reduce, entry k for k ≥ 2 (sampled). */
  columnFraction?: number[];
}

function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/** The runtime itself: Deno, the engine's code, candidate buffers, the binomial table. */
const BASE_BYTES = 48 * 2 ** 20;
/** A worker thread's own heap and buffers. */
const WORKER_BYTES = 16 * 2 ** 20;
/** Entries past which a working column turns into buckets (simplex_heap.ts). */
const BUCKET_AFTER = 2 ** 20;

/**
 * Bytes of a working column of `entries` entries: 24 an entry in a heap
 * (12, and as much spare capacity at worst); past 2^20 entries, where the
 * indices allow buckets, 9 an entry (8, and partly filled chunks) after the
 * heap of 2^20 entries it turned from.
 */
function columnBytes(entries: number, buckets: boolean): number {
  if (!buckets || entries <= BUCKET_AFTER) return 24 * entries;
  return 12 * BUCKET_AFTER + 9 * entries;
}

/**
 * Estimated peak bytes of a {@linkcode vietorisRips} process on n points,
 * term by term as the engine allocates: the packed distances and the full
 * rows (and, up to 2048 points, each vertex's nearest order) or neighbour lists; per edge its entry, sort buffers, column and
 * pivot/apparent-pair slots; per kept k-simplex (k < maxDim) about 100 bytes
 * (its entry in a growing list and its zero apparent pair's hash slot), 50
 * with threads (lists per worker and one shared table sized from the sampled
 * count); per column about 100 bytes (entry, sort buffers, pivot slot,
 * reduction); and the largest working column, once per thread. Calibrated
 * against peak RSS on the benchmark inputs; with sampled `simplices` and
 * `columnFraction` it is within 2× there.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { estimateMemory } from "./memory_estimate.ts";
 * const bytes = estimateMemory(1000, { maxDim: 1 });
 * assert.ok(bytes > 4 * 1000 * 1000);
 * const sampled = estimateMemory(1000, {
 *   maxDim: 2, edgeDensity: 0.1, simplices: [1000, 0, 2e6], columnFraction: [0, 1, 0.01],
 * });
 * assert.ok(sampled < estimateMemory(1000, { maxDim: 2, edgeDensity: 1 }));
 * ```
 */
export function estimateMemory(n: number, options: MemoryEstimateOptions): number {
  const density = Math.min(1, Math.max(0, options.edgeDensity ?? 1));
  const maxDim = options.maxDim;
  const edges = options.edges ?? density * choose(n, 2);
  const dense = options.dense ?? density >= 0.5;
  const threads = options.threads ?? 1;
  let bytes = BASE_BYTES + 2 * n * n; // the packed lower triangle
  bytes += dense ? 4 * n * n : 16 * edges + 4 * n;
  if (threads > 1) bytes += threads * WORKER_BYTES + (dense || options.sharedInput ? 0 : 2 * n * n);
  bytes += (maxDim === 0 ? 52 : maxDim === 1 ? 60 : 100) * edges;
  // dense inputs of at most 2048 points: each reducing thread's nearest-vertex orders
  if (dense && maxDim >= 1 && n <= 2048) bytes += threads * 2 * n * n;
  const count = (k: number) =>
    options.simplices?.[k] ?? choose(n, k + 1) * density ** ((k * (k + 1)) / 2);
  // indices below C(n, maxDim + 2) and diameters up to the threshold: see bucket_column.ts
  const buckets = bucketLayout(choose(n, maxDim + 2), options.threshold ?? 1) !== null;
  let column = 0;
  for (let k = 1; k <= maxDim; k++) {
    if (k >= 2) {
      if (k < maxDim) bytes += (threads > 1 ? 50 : 100) * count(k);
      bytes += 100 * (options.columnFraction?.[k] ?? 0.1) * count(k);
    }
    // the working column (see columnBytes) holds at its largest, on neighbour lists, from a
    // sixth (o3_4096) to twice (o3_8192) as many entries as there are triangles in dimension 1; on full rows under 1 % (1500 uniform points of
    // a cube: most columns are apparent or emergent pairs there); above, where the complex
    // is nearly complete (RP^2 at its enclosing radius) about 1 % of the (k+1)-simplices,
    // and far less on sparser ones (measured on the benchmark inputs)
    const share = k === 1 ? (dense ? 0.02 : 0.75) : 0.012 * density ** 20;
    column = Math.max(column, columnBytes(share * count(k + 1), buckets));
  }
  // every thread reduces a column of its own at the same time
  return Math.ceil(bytes + threads * column);
}
