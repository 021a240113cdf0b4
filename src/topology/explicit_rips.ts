/**
 * Vietoris–Rips persistence on an explicitly listed complex: every simplex
 * within the threshold is enumerated as a clique of the neighbourhood graph
 * and the boundary matrix is reduced by the standard algorithm (Z/2). Slow
 * and memory-hungry, but free of the 2^53 limit of the combinatorial index:
 * the path for huge index spaces with small thresholds (e.g. 4096 points at
 * dimension 3), and an independent check of the fast path.
 *
 * @module
 */

import type { Diagram } from "./diagram.ts";

/**
 * Persistence diagrams H0..H<maxDim> of the Rips filtration of a packed
 * lower-triangular distance matrix up to `threshold`, by explicit
 * enumeration. Throws a RangeError when the complex would need more than
 * `maxMemoryBytes`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { explicitRipsDiagrams } from "./explicit_rips.ts";
 * const s = Math.fround(Math.SQRT2);
 * const [h0, h1] = explicitRipsDiagrams(new Float32Array([1, s, 1, 1, s, 1]), 4, 1, 2, 2 ** 30);
 * assert.equal(h0.length, 4);
 * assert.equal(h1.length, 1);
 * assert.equal(h1[0][1], s);
 * ```
 */
export function explicitRipsDiagrams(
  lower: Float32Array,
  n: number,
  maxDim: number,
  threshold: number,
  maxMemoryBytes: number,
): Diagram[] {
  const distance = (a: number, b: number) =>
    a > b ? lower[(a * (a - 1)) / 2 + b] : lower[(b * (b - 1)) / 2 + a];
  // neighbours above each vertex, increasing
  const above: number[][] = [];
  for (let i = 0; i < n; i++) above.push([]);
  let k = 0;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) if (lower[k++] <= threshold) above[j].push(i);
  }
  const topDim = maxDim + 1;
  const vertices: number[][] = [];
  const diameters: number[] = [];
  const limit = Math.floor(maxMemoryBytes / (64 + 16 * (topDim + 1)));
  const grow = (clique: number[], diameter: number, candidates: number[]) => {
    vertices.push(clique);
    diameters.push(diameter);
    if (vertices.length > limit) {
      throw new RangeError(
        `explicitRipsDiagrams: more than ${limit} simplices within threshold ${threshold} ` +
          `(points n = ${n}, maxDim = ${maxDim}) exceed maxMemoryBytes ${maxMemoryBytes}; ` +
          `lower the threshold, use fewer points, or lower maxDim`,
      );
    }
    if (clique.length > topDim) return;
    for (const v of candidates) {
      let d = diameter;
      for (const u of clique) d = Math.max(d, distance(u, v));
      const next = candidates.filter((w) => w > v && above[v].includes(w));
      grow([...clique, v], d, next);
    }
  };
  for (let v = 0; v < n; v++) grow([v], 0, above[v]);

  // filtration order: diameter, then dimension, then lexicographic
  const order = vertices.map((_, i) => i);
  const lexicographic = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return 0;
  };
  order.sort((a, b) =>
    diameters[a] - diameters[b] || vertices[a].length - vertices[b].length ||
    lexicographic(vertices[a], vertices[b])
  );
  const position = new Map<string, number>();
  order.forEach((s, p) => position.set(vertices[s].join(","), p));

  const lowOwner = new Map<number, number>(); // pivot row → column position
  const paired = new Uint8Array(order.length);
  const reduced: number[][] = new Array(order.length);
  const diagrams: Diagram[] = [];
  for (let dim = 0; dim <= maxDim; dim++) diagrams.push([]);
  for (let p = 0; p < order.length; p++) {
    const simplex = vertices[order[p]];
    if (simplex.length === 1) continue;
    let column: number[] = [];
    for (let skip = 0; skip < simplex.length; skip++) {
      const face = simplex.filter((_, i) => i !== skip).join(",");
      column.push(position.get(face)!);
    }
    column.sort((a, b) => a - b);
    while (column.length > 0) {
      const owner = lowOwner.get(column[column.length - 1]);
      if (owner === undefined) break;
      column = symmetricDifference(column, reduced[owner]);
    }
    reduced[p] = column;
    if (column.length > 0) {
      const low = column[column.length - 1];
      lowOwner.set(low, p);
      paired[low] = 1;
      paired[p] = 1;
      const birth = diameters[order[low]], death = diameters[order[p]];
      const dim = simplex.length - 2;
      if (death > birth && dim <= maxDim) diagrams[dim].push([birth, death]);
    }
  }
  for (let p = 0; p < order.length; p++) {
    const dim = vertices[order[p]].length - 1;
    if (!paired[p] && dim <= maxDim && (reduced[p] === undefined || reduced[p].length === 0)) {
      diagrams[dim].push([diameters[order[p]], Infinity]);
    }
  }
  for (const diagram of diagrams) diagram.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return diagrams;
}

function symmetricDifference(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0, j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] < b[j]) out.push(a[i++]);
    else if (a[i] > b[j]) out.push(b[j++]);
    else {
      i++;
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}
