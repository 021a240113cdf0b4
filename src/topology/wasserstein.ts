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
  return wasserstein(a, b, checkedOptions(options), true);
}

function checkedOptions(options: WassersteinOptions): Required<WassersteinOptions> {
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
  return { p, internalP };
}

/** The distance, and the matching too when `withMatching` (else an empty list). */
function wasserstein(
  a: DiagramInput,
  b: DiagramInput,
  { p, internalP }: Required<WassersteinOptions>,
  withMatching: boolean,
): DiagramMatching {
  assertDiagram(a, "wassersteinDistance: first diagram");
  assertDiagram(b, "wassersteinDistance: second diagram");
  const partsA = splitDiagram(a), partsB = splitDiagram(b);
  const essential = matchEssential(a, partsA, b, partsB);
  const ia = partsA.offDiagonal, ib = partsB.offDiagonal;
  const nA = ia.length, nB = ib.length, n = nA + nB;
  const matching: Array<[number, number]> = [];
  let total = 0;
  if (n > 0) {
    const cost = costMatrix(a, ia, b, ib, { p, internalP });
    const rowToColumn = assignment(cost, n);
    for (let r = 0; r < n; r++) total += cost[r * n + rowToColumn[r]];
    if (withMatching) {
      for (let r = 0; r < n; r++) {
        const c = rowToColumn[r];
        if (r < nA) matching.push([ia[r], c < nB ? ib[c] : -1]);
        else if (c < nB) matching.push([-1, ib[c]]);
      }
    }
  }
  for (const c of essential.costs) total += c ** p;
  const distance = essential.finite ? total ** (1 / p) : Infinity;
  if (!withMatching) return { distance, matching };
  for (const i of partsA.onDiagonal) matching.push([i, -1]);
  for (const j of partsB.onDiagonal) matching.push([-1, j]);
  matching.push(...essential.pairs);
  return { distance, matching };
}

/**
 * The (m + n)×(m + n) cost matrix (row-major) of a's points `ia` and b's
 * points `ib`, each cost raised to the power p. Rows: a's points, then
 * diagonal copies for b's. Columns: b's points, then copies for a's; a copy
 * costs nothing against a copy. Matrices up to {@linkcode SCRATCH_LIMIT}
 * entries share one buffer: valid until the next call.
 */
function costMatrix(
  a: DiagramInput,
  ia: number[],
  b: DiagramInput,
  ib: number[],
  { p, internalP }: Required<WassersteinOptions>,
): Float64Array {
  const nA = ia.length, nB = ib.length, n = nA + nB;
  const birthB = new Float64Array(nB), deathB = new Float64Array(nB);
  const toDiagonalB = new Float64Array(nB);
  for (let c = 0; c < nB; c++) {
    const [birth, death] = b[ib[c]];
    birthB[c] = birth;
    deathB[c] = death;
    toDiagonalB[c] = power(diagonalDistance(birth, death, internalP), p);
  }
  const cost = matrixBuffer(n * n);
  for (let r = 0; r < nA; r++) {
    const [birth, death] = a[ia[r]];
    for (let c = 0; c < nB; c++) {
      cost[r * n + c] = power(groundDistance(birth, death, birthB[c], deathB[c], internalP), p);
    }
    cost.fill(power(diagonalDistance(birth, death, internalP), p), r * n + nB, r * n + n);
  }
  for (let r = nA; r < n; r++) {
    cost.set(toDiagonalB, r * n);
    cost.fill(0, r * n + nB, r * n + n);
  }
  return cost;
}

/** x^p, with p = 1 and p = 2 spelled out: the same doubles as `x ** p` (pow is exact there), without its call. */
function power(x: number, p: number): number {
  return p === 1 ? x : p === 2 ? x * x : x ** p;
}

/** The most entries (2 MiB) of a cost matrix kept for reuse; larger ones are allocated each time. */
const SCRATCH_LIMIT = 1 << 18;
let scratch = new Float64Array(0);

/** A buffer of `size` entries (contents undefined): the shared one when it is small enough. */
function matrixBuffer(size: number): Float64Array {
  if (size > SCRATCH_LIMIT) return new Float64Array(size);
  if (scratch.length < size) scratch = new Float64Array(Math.max(size, 2 * scratch.length));
  return scratch.subarray(0, size);
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
  return wasserstein(a, b, checkedOptions(options), false).distance;
}
