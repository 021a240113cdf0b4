/**
 * Single-linkage hierarchical clustering, as the minimum spanning tree of the
 * points (the single-linkage dendrogram merges along MST edges in order of
 * length).
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import { squaredEuclidean } from "../geometry/distances.ts";

/** The single-linkage dendrogram, as MST edges sorted by length. */
export interface SingleLinkage {
  /** Local indices (into the clustered subset) of each merge's endpoints. */
  left: Int32Array;
  /** Local indices (into the clustered subset) of each merge's endpoints. */
  right: Int32Array;
  /** Merge heights (Euclidean edge lengths), non-decreasing; length m − 1. */
  heights: Float64Array;
}

/**
 * Build the single-linkage dendrogram of a subset of points with Prim's
 * algorithm (O(m²·d) time, O(m) memory), returning its m − 1 merges sorted by
 * height (ties broken by the order Prim added them).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { singleLinkage } from "./single_linkage.ts";
 * const points = { data: new Float32Array([0, 1, 3, 10]), n: 4, d: 1 };
 * const { heights } = singleLinkage(points, Int32Array.from([0, 1, 2, 3]));
 * assert.equal(heights.join(), "1,2,7");
 * ```
 */
export function singleLinkage(cloud: PointCloud, indices: ArrayLike<number>): SingleLinkage {
  const m = indices.length;
  const { d } = cloud;
  // Copy the subset's rows together: contiguous rows read faster than scattered ones.
  const rows = new Float32Array(m * d);
  for (let k = 0; k < m; k++) {
    rows.set(cloud.data.subarray(indices[k] * d, indices[k] * d + d), k * d);
  }
  const best = new Float64Array(m).fill(Infinity);
  const from = new Int32Array(m).fill(-1);
  const inTree = new Uint8Array(m);
  const left: number[] = [], right: number[] = [], heights: number[] = [];
  if (m === 0) {
    return { left: new Int32Array(), right: new Int32Array(), heights: new Float64Array() };
  }
  let current = 0;
  inTree[0] = 1;
  for (let step = 1; step < m; step++) {
    let next = -1, nextDist = Infinity;
    for (let j = 0; j < m; j++) {
      if (inTree[j]) continue;
      const dist = squaredEuclidean(rows, d, current, j);
      if (dist < best[j]) {
        best[j] = dist;
        from[j] = current;
      }
      if (best[j] < nextDist) {
        nextDist = best[j];
        next = j;
      }
    }
    inTree[next] = 1;
    left.push(from[next]);
    right.push(next);
    heights.push(Math.sqrt(nextDist));
    current = next;
  }
  const order = heights.map((_, i) => i).sort((a, b) => heights[a] - heights[b] || a - b);
  return {
    left: Int32Array.from(order, (i) => left[i]),
    right: Int32Array.from(order, (i) => right[i]),
    heights: Float64Array.from(order, (i) => heights[i]),
  };
}
