/**
 * {@linkcode plainDistances} with Ripser's rounding on several worker threads:
 * each computes a band of rows of the packed lower triangle into one
 * SharedArrayBuffer, with the same per-entry arithmetic, so the matrix is the
 * same bytes as on one thread.
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import type { DistanceMatrix } from "./distance_matrix.ts";
import { plainDistances } from "./distances.ts";

/** A band of rows for one worker thread. */
export interface DistanceBand {
  /** The cloud, its coordinates in shared memory. */
  cloud: PointCloud;
  cutoff: number;
  rows: [number, number];
  /** The packed lower triangle, shared. */
  out: Float32Array;
}

/** Fewest points worth threads (below, starting them costs more than they save). */
const MIN_POINTS = 2000;

/**
 * Euclidean distances rounded as Ripser 1.2.1 rounds them (`plainDistances`
 * with `rounding: "ripser"` and `cutoff`), on `threads` worker threads when
 * the cloud has at least `minPoints` points (default 2000).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ripserDistancesParallel } from "./distances_parallel.ts";
 * import { plainDistances } from "./distances.ts";
 * const data = Float32Array.from({ length: 60 }, (_, k) => Math.sin(k));
 * const cloud = { data, n: 20, d: 3 };
 * const many = await ripserDistancesParallel(cloud, { threads: 2, cutoff: 1, minPoints: 0 });
 * assert.deepEqual(many, plainDistances(cloud, { rounding: "ripser", cutoff: 1 }));
 * ```
 */
export async function ripserDistancesParallel(
  cloud: PointCloud,
  options: { threads: number; cutoff?: number; minPoints?: number },
): Promise<DistanceMatrix> {
  const { n, d } = cloud;
  const cutoff = options.cutoff ?? Infinity;
  const threads = Math.min(options.threads, Math.max(1, n - 1));
  if (threads <= 1 || n < (options.minPoints ?? MIN_POINTS)) {
    return plainDistances(cloud, { rounding: "ripser", cutoff });
  }
  const data = new Float32Array(new SharedArrayBuffer(4 * cloud.data.length));
  data.set(cloud.data);
  const out = new Float32Array(new SharedArrayBuffer(4 * ((n * (n - 1)) / 2)));
  // row i holds i entries: equal areas of the triangle end at n·√(k / threads)
  const bounds = [1];
  for (let k = 1; k < threads; k++) {
    bounds.push(Math.max(1, Math.round(n * Math.sqrt(k / threads))));
  }
  bounds.push(n);
  const url = new URL("./distances_worker.ts", import.meta.url).href;
  const workers = bounds.slice(1).map(() => new Worker(url, { type: "module" }));
  try {
    await Promise.all(workers.map((worker, k) =>
      new Promise<void>((resolve, reject) => {
        worker.onmessage = () => resolve();
        worker.onerror = (event) => {
          event.preventDefault();
          reject(new Error(`distance worker: ${event.message}`));
        };
        const band: DistanceBand = {
          cloud: { data, n, d },
          cutoff,
          rows: [bounds[k], bounds[k + 1]],
          out,
        };
        worker.postMessage(band);
      })
    ));
  } finally {
    for (const worker of workers) worker.terminate();
  }
  return { kind: "lower", data: out, n };
}
