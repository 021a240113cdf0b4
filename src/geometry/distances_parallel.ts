/**
 * The threaded backend of `pairwiseDistances` (distances.ts) for Ripser's
 * rounding: the calling thread and threads − 1 workers each compute a band
 * of rows of the packed lower triangle into one SharedArrayBuffer with the same per-entry arithmetic
 * (`ripserEuclideanRows`, ripser_rows.ts), so the matrix is the same bytes
 * as on one thread. Not an entry point: callers ask `pairwiseDistances` with
 * `threads`, which decides when threads pay off. This module imports the
 * kernel, not distances.ts, so neither it nor its worker forms a cycle.
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import type { DistanceMatrix } from "./distance_matrix.ts";
import { ripserEuclideanRows } from "./ripser_rows.ts";

/** A band of rows for one worker thread. */
export interface DistanceBand {
  /** The cloud, its coordinates in shared memory. */
  cloud: PointCloud;
  cutoff: number;
  rows: [number, number];
  /** The packed lower triangle, shared. */
  out: Float32Array;
}

/**
 * Row bounds that split the packed lower triangle of n points into `parts`
 * bands of about equal area (row i holds i entries: band k ends at n·√(k / parts)).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rowBands } from "./distances_parallel.ts";
 * assert.deepEqual(rowBands(100, 2), [1, 71, 100]);
 * ```
 */
export function rowBands(n: number, parts: number): number[] {
  const bounds = [1];
  for (let k = 1; k < parts; k++) bounds.push(Math.max(1, Math.round(n * Math.sqrt(k / parts))));
  bounds.push(n);
  return bounds;
}

/**
 * Euclidean distances with Ripser's rounding and `cutoff` (as
 * `plainDistances` with `rounding: "ripser"`) on `threads` threads — the
 * calling one and threads − 1 workers — into shared memory.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { threadedRipserDistances } from "./distances_parallel.ts";
 * import { plainDistances } from "./distances.ts";
 * const data = Float32Array.from({ length: 60 }, (_, k) => Math.sin(k));
 * const cloud = { data, n: 20, d: 3 };
 * const many = await threadedRipserDistances(cloud, { threads: 2, cutoff: 1 });
 * assert.deepEqual(many.data, plainDistances(cloud, { rounding: "ripser", cutoff: 1 }).data);
 * ```
 */
export async function threadedRipserDistances(
  cloud: PointCloud,
  options: { threads: number; cutoff: number },
): Promise<DistanceMatrix> {
  const { n, d } = cloud;
  const data = new Float32Array(new SharedArrayBuffer(4 * cloud.data.length));
  data.set(cloud.data);
  const out = new Float32Array(new SharedArrayBuffer(4 * ((n * (n - 1)) / 2)));
  const bounds = rowBands(n, Math.max(1, Math.min(options.threads, n - 1)));
  const url = new URL("./distances_worker.ts", import.meta.url).href;
  // band 0 is the calling thread's, computed while the workers run the others
  const workers = bounds.slice(2).map(() => new Worker(url, { type: "module" }));
  try {
    const done = Promise.all(workers.map((worker, w) =>
      new Promise<void>((resolve, reject) => {
        const k = w + 1;
        worker.onmessage = () => resolve();
        worker.onerror = (event) => {
          event.preventDefault();
          reject(new Error(`distance worker: ${event.message}`));
        };
        const band: DistanceBand = {
          cloud: { data, n, d },
          cutoff: options.cutoff,
          rows: [bounds[k], bounds[k + 1]],
          out,
        };
        worker.postMessage(band);
      })
    ));
    ripserEuclideanRows({ data, n, d }, {
      cutoff: options.cutoff,
      rows: [bounds[0], bounds[1]],
      out,
    });
    await done;
  } finally {
    for (const worker of workers) worker.terminate();
  }
  return { kind: "lower", data: out, n };
}
