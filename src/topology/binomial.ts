/**
 * Binomial coefficients for the combinatorial number system that indexes
 * simplices: the k-simplex {v_k > … > v_0} has index Σ C(v_i, i + 1).
 *
 * @module
 */

/**
 * A table of C(v, k) for v = 0..n and k = 0..kMax, stored as
 * `table[k * (n + 1) + v]` (rows by k, so a scan over v is contiguous).
 * Entries above 2^53 are not exact; callers check that the largest index they
 * need, C(n, kMax), is at most `Number.MAX_SAFE_INTEGER`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { binomialTable } from "./binomial.ts";
 * const table = binomialTable(5, 3);
 * assert.equal(table[2 * 6 + 5], 10); // C(5, 2)
 * ```
 */
export function binomialTable(n: number, kMax: number): Float64Array {
  const stride = n + 1;
  const table = new Float64Array((kMax + 1) * stride);
  for (let v = 0; v <= n; v++) table[v] = 1;
  for (let k = 1; k <= kMax; k++) {
    const row = k * stride, prev = (k - 1) * stride;
    table[row] = 0;
    for (let v = 1; v <= n; v++) table[row + v] = table[row + v - 1] + table[prev + v - 1];
  }
  return table;
}

/** The shift of the top row of a {@linkcode shiftedBinomialTable}: 2^53. */
export const TOP_SHIFT = 2 ** 53;

/**
 * {@linkcode binomialTable} with its top row k = kMax stored as C(v, kMax) − 2^53,
 * computed exactly: every integer in [−2^53, 2^53] is a double, so indices of
 * the simplices with kMax vertices, shifted alike, stay exact up to C(n, kMax) ≤ 2^54
 * (and order like the unshifted ones). Rows below the top must stay ≤ 2^53.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shiftedBinomialTable, TOP_SHIFT } from "./binomial.ts";
 * const table = shiftedBinomialTable(5, 3);
 * assert.equal(table[3 * 6 + 5] + TOP_SHIFT, 10); // C(5, 3), shifted
 * assert.equal(table[2 * 6 + 5], 10); // C(5, 2), as is
 * ```
 */
export function shiftedBinomialTable(n: number, kMax: number): Float64Array {
  const table = binomialTable(n, kMax);
  const row = kMax * (n + 1);
  let c = 0n; // C(v, kMax), exactly
  for (let v = 0; v <= n; v++) {
    // C(k, k) = 1, C(v, k) = C(v − 1, k) · v / (v − k)
    if (v === kMax) c = 1n;
    else if (v > kMax) c = (c * BigInt(v)) / BigInt(v - kMax);
    table[row + v] = Number(c - BigInt(TOP_SHIFT));
  }
  return table;
}
