/**
 * A size estimate of a Vietoris–Rips computation, for the memory guard.
 *
 * @module
 */

/** What the estimate depends on. */
export interface MemoryEstimateOptions {
  /** Highest homology dimension computed. */
  maxDim: number;
  /** Filtration threshold (informational; its effect enters through edgeDensity). */
  threshold?: number;
  /**
   * Fraction of the n(n−1)/2 pairs within the threshold (default 1). A
   * k-simplex is counted with probability edgeDensity^(k(k+1)/2).
   */
  edgeDensity?: number;
}

function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/**
 * Estimated peak bytes of {@linkcode vietorisRips} on n points: the distance
 * matrices, the sorted edge list, and for each dimension the simplices kept,
 * the columns to reduce, their sort buffers and the pivot hash map, plus a
 * quarter for the reduction matrix and working columns. Calibrated against
 * peak RSS on uniform random clouds (within about 2× there).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { estimateMemory } from "./memory_estimate.ts";
 * const bytes = estimateMemory(1000, { maxDim: 1 });
 * assert.ok(bytes > 4 * 1000 * 1000);
 * ```
 */
export function estimateMemory(n: number, options: MemoryEstimateOptions): number {
  const density = Math.min(1, Math.max(0, options.edgeDensity ?? 1));
  const maxDim = options.maxDim;
  let bytes = 6 * n * n; // full float32 matrix + packed lower triangle
  const edges = density * choose(n, 2);
  bytes += 28 * edges; // edge list + radix sort buffers
  if (maxDim >= 1) bytes += 12 * edges + 36 * edges; // columns + pivot map
  for (let k = 2; k <= maxDim; k++) {
    const simplices = choose(n, k + 1) * Math.pow(density, (k * (k + 1)) / 2);
    // apparent pairs and clearing leave about a tenth as columns (measured on
    // uniform clouds); each column costs its entry, sort buffers and pivot slot
    bytes += 0.1 * simplices * 64;
    if (k < maxDim) bytes += 12 * simplices; // kept for the next dimension
  }
  bytes += 16 * 2 ** 20; // working columns, candidate buffers, binomial table
  return Math.ceil(bytes * 1.25);
}
