/**
 * Exact bottleneck distance between persistence diagrams, GUDHI's convention:
 * L∞ ground metric, a point goes to the diagonal at `(death − birth) / 2`,
 * essential points are matched only with essential points of the same kind
 * (at |Δ| of the finite coordinate) and different essential counts give
 * Infinity — as `gudhi.bottleneck_distance(a, b, e=0)` (GUDHI 3.7.1) does.
 *
 * Algorithm: the distance is one of the candidate values (a pairwise L∞
 * distance or a distance to the diagonal); binary search over the sorted
 * candidates, testing each with a perfect-matching check (Hopcroft–Karp) on
 * the graph of the two diagrams augmented by each other's diagonal
 * projections.
 *
 * @module
 */

import {
  assertDiagram,
  diagonalDistance,
  type DiagramInput,
  type DiagramMatching,
  groundDistance,
  hopcroftKarp,
  matchEssential,
  splitDiagram,
} from "./matching.ts";

/**
 * The bottleneck distance with an optimal matching (pairs `[i, j]`, −1 for
 * the diagonal; see {@linkcode DiagramMatching}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bottleneckMatching } from "./bottleneck.ts";
 * const { distance, matching } = bottleneckMatching([[0, 1], [0, 4]], [[0, 3.5]]);
 * assert.equal(distance, 0.5);
 * assert.equal(JSON.stringify(matching), "[[0,-1],[1,0]]");
 * ```
 */
export function bottleneckMatching(a: DiagramInput, b: DiagramInput): DiagramMatching {
  assertDiagram(a, "bottleneckDistance: first diagram");
  assertDiagram(b, "bottleneckDistance: second diagram");
  const partsA = splitDiagram(a), partsB = splitDiagram(b);
  const essential = matchEssential(a, partsA, b, partsB);
  const ia = partsA.offDiagonal, ib = partsB.offDiagonal;
  const finite = matchOffDiagonal(
    ia.map((i) => a[i]),
    ib.map((j) => b[j]),
  );
  const matching: Array<[number, number]> = [];
  for (const [u, v] of finite.pairs) matching.push([u < 0 ? -1 : ia[u], v < 0 ? -1 : ib[v]]);
  for (const i of partsA.onDiagonal) matching.push([i, -1]);
  for (const j of partsB.onDiagonal) matching.push([-1, j]);
  matching.push(...essential.pairs);
  const distance = essential.finite ? Math.max(finite.distance, ...essential.costs) : Infinity;
  return { distance, matching };
}

/**
 * The bottleneck distance between two diagrams (exact).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bottleneckDistance } from "./bottleneck.ts";
 * assert.equal(bottleneckDistance([[0, 2]], []), 1);
 * assert.equal(bottleneckDistance([[0, Infinity]], [[1, Infinity]]), 1);
 * assert.equal(bottleneckDistance([[0, Infinity]], []), Infinity);
 * ```
 */
export function bottleneckDistance(a: DiagramInput, b: DiagramInput): number {
  return bottleneckMatching(a, b).distance;
}

/** Bottleneck matching of finite off-diagonal points (indices local to the lists). */
function matchOffDiagonal(
  a: ReadonlyArray<ReadonlyArray<number>>,
  b: ReadonlyArray<ReadonlyArray<number>>,
): { distance: number; pairs: Array<[number, number]> } {
  const nA = a.length, nB = b.length;
  if (nA + nB === 0) return { distance: 0, pairs: [] };
  const cost = new Float64Array(nA * nB);
  const diagonalA = a.map(([birth, death]) => diagonalDistance(birth, death, Infinity));
  const diagonalB = b.map(([birth, death]) => diagonalDistance(birth, death, Infinity));
  // Every point must go somewhere: the cheapest option of the worst point bounds from below.
  let lowerBound = 0;
  const cheapestB = [...diagonalB];
  for (let i = 0; i < nA; i++) {
    let cheapest = diagonalA[i];
    for (let j = 0; j < nB; j++) {
      const c = groundDistance(a[i][0], a[i][1], b[j][0], b[j][1], Infinity);
      cost[i * nB + j] = c;
      if (c < cheapest) cheapest = c;
      if (c < cheapestB[j]) cheapestB[j] = c;
    }
    lowerBound = Math.max(lowerBound, cheapest);
  }
  for (const c of cheapestB) lowerBound = Math.max(lowerBound, c);
  const candidates = Float64Array.from(
    [...cost, ...diagonalA, ...diagonalB].filter((c) => c >= lowerBound),
  ).sort();
  // Binary search for the first feasible candidate; the largest is always feasible.
  let lo = 0, hi = candidates.length - 1;
  let best = feasibleMatching(candidates[hi]);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const attempt = feasibleMatching(candidates[mid]);
    if (attempt) {
      best = attempt;
      hi = mid;
    } else lo = mid + 1;
  }
  if (best === null) throw new Error("bottleneckDistance: internal error, no perfect matching");
  const leftMate = best;
  const pairs: Array<[number, number]> = [];
  for (let u = 0; u < nA; u++) pairs.push([u, leftMate[u] < nB ? leftMate[u] : -1]);
  for (let j = 0; j < nB; j++) if (leftMate[nA + j] === j) pairs.push([-1, j]);
  return { distance: candidates[lo], pairs };

  // Left vertices: points of a, then diagonal copies of b's points. Right: points of b,
  // then diagonal copies of a's points. Returns the matching if it is perfect at radius r.
  function feasibleMatching(r: number): Int32Array | null {
    const offsets = new Int32Array(nA + nB + 1);
    const targets: number[] = [];
    for (let i = 0; i < nA; i++) {
      for (let j = 0; j < nB; j++) if (cost[i * nB + j] <= r) targets.push(j);
      if (diagonalA[i] <= r) targets.push(nB + i);
      offsets[i + 1] = targets.length;
    }
    for (let j = 0; j < nB; j++) {
      if (diagonalB[j] <= r) targets.push(j);
      for (let i = 0; i < nA; i++) targets.push(nB + i);
      offsets[nA + j + 1] = targets.length;
    }
    const { size, leftMate } = hopcroftKarp(nA + nB, nA + nB, offsets, Int32Array.from(targets));
    return size === nA + nB ? leftMate : null;
  }
}
