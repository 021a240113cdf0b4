/**
 * Internal: renumber cluster labels.
 *
 * @module
 */

/**
 * Renumber arbitrary cluster ids to 0, 1, … by first appearance (−1 kept).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { relabelByFirstAppearance } from "./_relabel.ts";
 * assert.equal(relabelByFirstAppearance(Int32Array.from([7, -1, 7, 3])).join(), "0,-1,0,1");
 * ```
 */
export function relabelByFirstAppearance(roots: Int32Array): Int32Array {
  const map = new Map<number, number>();
  const labels = new Int32Array(roots.length);
  for (let i = 0; i < roots.length; i++) {
    if (roots[i] < 0) {
      labels[i] = -1;
      continue;
    }
    let l = map.get(roots[i]);
    if (l === undefined) map.set(roots[i], l = map.size);
    labels[i] = l;
  }
  return labels;
}
