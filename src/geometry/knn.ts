/**
 * Exact k-nearest-neighbour distances by brute force (O(n²·d)).
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import { squaredEuclidean } from "./distances.ts";

/**
 * For every point, the Euclidean distances to its k nearest other points,
 * ascending: an n × k row-major Float64Array.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { knnDistances } from "./knn.ts";
 * const cloud = { data: new Float32Array([0, 1, 3]), n: 3, d: 1 };
 * assert.equal(knnDistances(cloud, 1).join(), "1,1,2");
 * ```
 */
export function knnDistances(cloud: PointCloud, k: number): Float64Array {
  const { data, n, d } = cloud;
  if (!(Number.isInteger(k) && k >= 1 && k < n)) {
    throw new RangeError(
      `knnDistances: "k" must be an integer in [1, n − 1 = ${n - 1}], found ${k}`,
    );
  }
  const out = new Float64Array(n * k).fill(Infinity);
  for (let i = 0; i < n; i++) {
    const row = i * k;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const s = squaredEuclidean(data, d, i, j);
      if (s >= out[row + k - 1]) continue;
      // Insert into the sorted row.
      let p = k - 1;
      while (p > 0 && out[row + p - 1] > s) {
        out[row + p] = out[row + p - 1];
        p--;
      }
      out[row + p] = s;
    }
    for (let p = 0; p < k; p++) out[row + p] = Math.sqrt(out[row + p]);
  }
  return out;
}
