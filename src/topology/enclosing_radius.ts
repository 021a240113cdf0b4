/**
 * The enclosing radius: min over points of the largest distance to another
 * point. Above it the Rips complex is a cone, so nothing changes; Ripser 1.2
 * uses it as the default threshold.
 *
 * @module
 */

/**
 * The enclosing radius of a packed lower-triangular distance matrix
 * (entries (1,0), (2,0), (2,1), …).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { enclosingRadius } from "./enclosing_radius.ts";
 * // three points on a line at 0, 1, 3: distances (1,0)=1, (2,0)=3, (2,1)=2
 * assert.equal(enclosingRadius(new Float32Array([1, 3, 2]), 3), 2);
 * ```
 */
export function enclosingRadius(lower: Float32Array, n: number): number {
  const rowMax = new Float64Array(n);
  let k = 0;
  for (let i = 1; i < n; i++) {
    let mi = rowMax[i];
    for (let j = 0; j < i; j++) {
      const d = lower[k++];
      if (d > mi) mi = d;
      if (d > rowMax[j]) rowMax[j] = d;
    }
    rowMax[i] = mi;
  }
  let radius = Infinity;
  for (let i = 0; i < n; i++) if (rowMax[i] < radius) radius = rowMax[i];
  return radius;
}
