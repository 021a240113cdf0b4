/**
 * The nerve (1-skeleton) of Mapper's clusters: an edge joins two clusters that
 * share enough points.
 *
 * @module
 */

/**
 * Edges [i, j] (i < j, sorted) between member sets that share at least
 * `minIntersection` points. Members are point indices; cost is linear in the
 * total membership plus the number of overlapping pairs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nerveEdges } from "./nerve.ts";
 * const edges = nerveEdges([[0, 1], [1, 2], [3]]);
 * assert.equal(JSON.stringify(edges), "[[0,1]]");
 * ```
 */
export function nerveEdges(
  members: ArrayLike<number>[],
  minIntersection = 1,
): Array<[number, number]> {
  if (!(Number.isInteger(minIntersection) && minIntersection >= 1)) {
    throw new RangeError(
      `nerve: "minIntersection" must be a positive integer, found ${minIntersection}`,
    );
  }
  const byPoint = new Map<number, number[]>();
  members.forEach((set, node) => {
    for (let k = 0; k < set.length; k++) {
      const list = byPoint.get(set[k]);
      if (list) list.push(node);
      else byPoint.set(set[k], [node]);
    }
  });
  const shared = new Map<number, number>();
  const N = members.length;
  for (const nodes of byPoint.values()) {
    for (let a = 0; a < nodes.length; a++) {
      for (let b = a + 1; b < nodes.length; b++) {
        const i = Math.min(nodes[a], nodes[b]), j = Math.max(nodes[a], nodes[b]);
        if (i === j) continue;
        const key = i * N + j;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
  }
  const edges: Array<[number, number]> = [];
  for (const [key, count] of shared) {
    if (count >= minIntersection) edges.push([Math.floor(key / N), key % N]);
  }
  return edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}
