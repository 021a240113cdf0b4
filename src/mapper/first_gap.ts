/**
 * The first-gap rule for cutting a single-linkage dendrogram (Singh, Mémoli,
 * Carlsson's Mapper heuristic, as in KeplerMapper / giotto-tda's
 * FirstSimpleGap): cut below the first jump between consecutive merge heights
 * that exceeds a fraction of the largest merge height.
 *
 * @module
 */

import type { SingleLinkage } from "./single_linkage.ts";
import { relabelByFirstAppearance } from "./_relabel.ts";

/**
 * Cut a single-linkage dendrogram at its first large gap and label the points.
 *
 * With merge heights h₁ ≤ … ≤ h_{m−1}, the cut falls after the first merge i
 * with h_{i+1} − h_i ≥ relativeGap · h_{m−1}: the merges 1..i are kept, giving
 * m − i clusters. Without such a gap every point lands in one cluster. (Unlike
 * giotto-tda we do not count the jump from 0 to h₁ as a gap, so evenly spaced
 * points stay one cluster instead of m singletons.) Labels are numbered
 * 0, 1, … in order of each cluster's first local index.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { singleLinkage } from "./single_linkage.ts";
 * import { firstGapLabels } from "./first_gap.ts";
 * const points = { data: new Float32Array([0, 1, 2, 10, 11]), n: 5, d: 1 };
 * const dendrogram = singleLinkage(points, Int32Array.from([0, 1, 2, 3, 4]));
 * assert.equal(firstGapLabels(dendrogram, 5).join(), "0,0,0,1,1");
 * ```
 */
export function firstGapLabels(
  dendrogram: SingleLinkage,
  m: number,
  relativeGap = 0.3,
): Int32Array {
  if (!(relativeGap > 0)) {
    throw new RangeError(`firstGapLabels: "relativeGap" must be > 0, found ${relativeGap}`);
  }
  const { left, right, heights } = dendrogram;
  if (heights.length !== Math.max(0, m - 1)) {
    throw new RangeError(
      `firstGapLabels: expected ${
        Math.max(0, m - 1)
      } merges for ${m} points, found ${heights.length}`,
    );
  }
  const maxHeight = heights.length > 0 ? heights[heights.length - 1] : 0;
  let kept = heights.length;
  for (let i = 0; i + 1 < heights.length; i++) {
    if (heights[i + 1] - heights[i] >= relativeGap * maxHeight && heights[i + 1] > heights[i]) {
      kept = i + 1;
      break;
    }
  }
  const parent = Int32Array.from({ length: m }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let e = 0; e < kept; e++) {
    const a = find(left[e]), b = find(right[e]);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  return relabelByFirstAppearance(Int32Array.from({ length: m }, (_, i) => find(i)));
}
