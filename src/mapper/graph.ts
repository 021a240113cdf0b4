/**
 * Connected components and cycle rank of a Mapper graph.
 *
 * @module
 */

import type { MapperGraph } from "./mapper.ts";

/**
 * The connected components of a graph, as lists of node positions (each list
 * ascending, lists ordered by their smallest node).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { graphComponents } from "./graph.ts";
 * const graph = { nodes: [{}, {}, {}], edges: [[0, 2]] as Array<[number, number]> };
 * assert.equal(JSON.stringify(graphComponents(graph)), "[[0,2],[1]]");
 * ```
 */
export function graphComponents(
  graph: Pick<MapperGraph, "edges"> & { nodes: ArrayLike<unknown> },
): number[][] {
  const n = graph.nodes.length;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (const [i, j] of graph.edges) {
    if (!(i >= 0 && i < n && j >= 0 && j < n)) {
      throw new RangeError(`graph: edge [${i}, ${j}] names a node outside [0, ${n})`);
    }
    const a = find(i), b = find(j);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  return [...groups.values()];
}

/**
 * The cycle rank (first Betti number) of a graph: edges − nodes + components.
 * Duplicate edges are counted once and self-loops ignored.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { graphCycleRank } from "./graph.ts";
 * const triangle = { nodes: [{}, {}, {}], edges: [[0, 1], [1, 2], [0, 2]] as Array<[number, number]> };
 * assert.equal(graphCycleRank(triangle), 1);
 * ```
 */
export function graphCycleRank(
  graph: Pick<MapperGraph, "edges"> & { nodes: ArrayLike<unknown> },
): number {
  const unique = new Set<string>();
  for (const [i, j] of graph.edges) if (i !== j) unique.add(`${Math.min(i, j)},${Math.max(i, j)}`);
  return unique.size - graph.nodes.length + graphComponents(graph).length;
}
