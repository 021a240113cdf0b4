/**
 * The arithmetic of Ripser 1.2.1's euclidean distances, by bands of rows of
 * the packed lower triangle: the one kernel behind `pairwiseDistances` and
 * `plainDistances` with `rounding: "ripser"` (distances.ts), on the calling
 * thread or on worker threads (distances_parallel.ts). A module of its own
 * so that the worker imports the kernel without the entry point.
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";

/**
 * Rows `rows[0]`..`rows[1]` − 1 of {@linkcode plainDistances} with
 * `rounding: "ripser"` and the euclidean metric, into their places in the
 * packed lower triangle `out` (row i starts at i(i − 1)/2): the part one
 * thread computes (see distances_parallel.ts). Pairs farther apart than
 * `cutoff` get the largest float32.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ripserEuclideanRows } from "./ripser_rows.ts";
 * const cloud = { data: new Float32Array([0, 0, 3, 4, 6, 8]), n: 3, d: 2 };
 * const out = new Float32Array(3);
 * ripserEuclideanRows(cloud, { cutoff: Infinity, rows: [2, 3], out });
 * assert.deepEqual([...out], [0, 10, 5]);
 * ```
 */
export function ripserEuclideanRows(
  cloud: PointCloud,
  part: { cutoff: number; rows: [number, number]; out: Float32Array },
): void {
  const { data: x, d } = cloud;
  const { cutoff, rows: [first, end], out } = part;
  const fround = Math.fround;
  // float32 rounding moves a sum of d squares by a relative (d + 2)·2^−24 at most
  const far = cutoff === Infinity ? Infinity : (cutoff * cutoff) * (1 + 1e-4) + 1e-30;
  let k = (first * (first - 1)) / 2;
  for (let i = first; i < end; i++) {
    const oi = i * d;
    for (let j = 0; j < i; j++) {
      const oj = j * d;
      if (far !== Infinity) {
        // partial sums only grow: most far pairs are told apart by a few coordinates
        let partial = 0, t = 0;
        for (; t + 4 <= d && partial <= far; t += 4) {
          const a = x[oi + t] - x[oj + t], b = x[oi + t + 1] - x[oj + t + 1];
          const c = x[oi + t + 2] - x[oj + t + 2], e = x[oi + t + 3] - x[oj + t + 3];
          partial += (a * a + b * b) + (c * c + e * e);
        }
        for (; t < d && partial <= far; t++) {
          const a = x[oi + t] - x[oj + t];
          partial += a * a;
        }
        if (partial > far) {
          out[k++] = FLOAT32_MAX;
          continue;
        }
      }
      let sum = 0;
      for (let t = 0; t < d; t++) {
        const diff = fround(x[oi + t] - x[oj + t]);
        sum = fround(sum + fround(diff * diff));
      }
      out[k++] = Math.sqrt(sum);
    }
  }
}

/** The largest float32: what pairs beyond the cutoff get. */
export const FLOAT32_MAX = 3.4028234663852886e38;
