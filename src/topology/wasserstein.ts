/**
 * Exact p-Wasserstein distance between persistence diagrams, with the
 * convention of GUDHI / hera (`gudhi.hera.wasserstein_distance`, GUDHI
 * 3.7.1): ground metric L^q between points (q = `internalP`, default ∞); a
 * point left unmatched goes to the diagonal at its L^q distance to it,
 * `(death − birth) / 2 · 2^(1/q)`; `W_p = (min over matchings Σ cost^p)^(1/p)`.
 * Essential points are matched only with essential points of the same kind at
 * cost |Δ| of the finite coordinate, their costs^p added to the sum; different
 * essential counts give Infinity (hera 3.7.1 has no option to drop them —
 * remove infinite points first to compare only the finite parts).
 *
 * Algorithm: shortest augmenting paths (Jonker–Volgenant) on the (m + n)×(m + n) cost matrix of the
 * diagrams augmented by each other's diagonal copies; O((m + n)³), fine for a
 * few hundred points.
 *
 * @module
 */

import {
  assertDiagram,
  assignment,
  diagonalDistance,
  type DiagramInput,
  type DiagramMatching,
  groundDistance,
  matchEssential,
  splitDiagram,
} from "./matching.ts";

/** Options of {@linkcode wassersteinDistance}. */
export interface WassersteinOptions {
  /** The exponent p ≥ 1 (finite) of W_p. Default 1. */
  p?: number;
  /** The ground metric L^q between points, q ≥ 1 or Infinity. Default Infinity. */
  internalP?: number;
}

/**
 * The p-Wasserstein distance with an optimal matching (pairs `[i, j]`, −1 for
 * the diagonal; see {@linkcode DiagramMatching}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { wassersteinMatching } from "./wasserstein.ts";
 * const { distance, matching } = wassersteinMatching([[0, 1], [0, 4]], [[0, 3.5]]);
 * assert.equal(distance, 1); // 0.5 to the diagonal + 0.5 between (0, 4) and (0, 3.5)
 * assert.equal(JSON.stringify(matching), "[[0,-1],[1,0]]");
 * ```
 */
export function wassersteinMatching(
  a: DiagramInput,
  b: DiagramInput,
  options: WassersteinOptions = {},
): DiagramMatching {
  const { p = 1, internalP = Infinity } = options;
  if (typeof p !== "number" || !(p >= 1) || !Number.isFinite(p)) {
    throw new RangeError(
      `wassersteinDistance: option "p": expected a finite number ≥ 1, found ${p}`,
    );
  }
  if (typeof internalP !== "number" || !(internalP >= 1)) {
    throw new RangeError(
      `wassersteinDistance: option "internalP": expected a number ≥ 1 or Infinity, found ${internalP}`,
    );
  }
  assertDiagram(a, "wassersteinDistance: first diagram");
  assertDiagram(b, "wassersteinDistance: second diagram");
  const partsA = splitDiagram(a), partsB = splitDiagram(b);
  const essential = matchEssential(a, partsA, b, partsB);
  const ia = partsA.offDiagonal, ib = partsB.offDiagonal;
  const nA = ia.length, nB = ib.length, n = nA + nB;
  const matching: Array<[number, number]> = [];
  let total = 0;
  if (n > 0) {
    // Rows: a's points, then diagonal copies for b's. Columns: b's points, then copies for a's.
    const cost = new Float64Array(n * n);
    for (let r = 0; r < nA; r++) {
      const [b1, d1] = a[ia[r]];
      for (let c = 0; c < nB; c++) {
        const [b2, d2] = b[ib[c]];
        cost[r * n + c] = groundDistance(b1, d1, b2, d2, internalP) ** p;
      }
      cost.fill(diagonalDistance(b1, d1, internalP) ** p, r * n + nB, r * n + n);
    }
    for (let c = 0; c < nB; c++) {
      const [b2, d2] = b[ib[c]];
      const toDiagonal = diagonalDistance(b2, d2, internalP) ** p;
      for (let r = nA; r < n; r++) cost[r * n + c] = toDiagonal;
    }
    const rowToColumn = assignment(cost, n);
    for (let r = 0; r < n; r++) {
      const c = rowToColumn[r];
      total += cost[r * n + c];
      if (r < nA) matching.push([ia[r], c < nB ? ib[c] : -1]);
      else if (c < nB) matching.push([-1, ib[c]]);
    }
  }
  for (const i of partsA.onDiagonal) matching.push([i, -1]);
  for (const j of partsB.onDiagonal) matching.push([-1, j]);
  matching.push(...essential.pairs);
  for (const c of essential.costs) total += c ** p;
  const distance = essential.finite ? total ** (1 / p) : Infinity;
  return { distance, matching };
}

/**
 * The p-Wasserstein distance between two diagrams (exact).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { wassersteinDistance } from "./wasserstein.ts";
 * assert.equal(wassersteinDistance([[0, 2], [0, 4]], []), 3);
 * assert.equal(wassersteinDistance([[0, 2], [0, 4]], [], { p: 2 }), Math.sqrt(5));
 * assert.equal(wassersteinDistance([[0, Infinity]], [[2, Infinity]]), 2);
 * ```
 */
export function wassersteinDistance(
  a: DiagramInput,
  b: DiagramInput,
  options: WassersteinOptions = {},
): number {
  return wassersteinMatching(a, b, options).distance;
}
