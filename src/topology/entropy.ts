/**
 * Persistent entropy: the Shannon entropy (natural log) of the lifetimes
 * normalised to a distribution, `H = −Σ (ℓᵢ/L) ln(ℓᵢ/L)` with `L = Σ ℓᵢ`.
 * Zero-length bars contribute 0 (the limit of x ln x). Rules for degenerate
 * input: H = 0 when L = 0 (no bars, or all of zero length).
 *
 * @module
 */

import { type InfinityOption, lifetimes } from "./lifetimes.ts";
import type { DiagramInput } from "./matching.ts";

/**
 * Persistent entropy of a diagram (infinite deaths cut at `infinity`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { persistentEntropy } from "./entropy.ts";
 * const h = persistentEntropy([[0, 1], [0, 1]]);
 * assert.ok(Math.abs(h - Math.LN2) < 1e-15);
 * ```
 */
export function persistentEntropy(diagram: DiagramInput, options: InfinityOption = {}): number {
  return entropyOfLifetimes(lifetimes(diagram, options));
}

/**
 * Persistent entropy divided by its maximum, the log of the number of bars;
 * in [0, 1]. Defined as 0 for at most one bar or total lifetime 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalizedPersistentEntropy } from "./entropy.ts";
 * assert.ok(Math.abs(normalizedPersistentEntropy([[0, 1], [0, 1], [0, 1]]) - 1) < 1e-12);
 * assert.equal(normalizedPersistentEntropy([[0, 1]]), 0);
 * ```
 */
export function normalizedPersistentEntropy(
  diagram: DiagramInput,
  options: InfinityOption = {},
): number {
  return normalizedEntropyOfLifetimes(lifetimes(diagram, options));
}

/**
 * Persistent entropy from lifetimes already computed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { entropyOfLifetimes } from "./entropy.ts";
 * assert.equal(entropyOfLifetimes([]), 0);
 * assert.equal(entropyOfLifetimes([0, 0]), 0);
 * ```
 */
export function entropyOfLifetimes(ls: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < ls.length; i++) total += ls[i];
  if (!(total > 0)) return 0;
  let h = 0;
  for (let i = 0; i < ls.length; i++) {
    if (ls[i] > 0) {
      const q = ls[i] / total;
      h -= q * Math.log(q);
    }
  }
  return Math.max(0, h);
}

/**
 * Normalised persistent entropy from lifetimes: `H / ln(n)`, 0 for n ≤ 1 or
 * total lifetime 0; clamped to [0, 1] against rounding.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalizedEntropyOfLifetimes } from "./entropy.ts";
 * assert.equal(normalizedEntropyOfLifetimes([2, 2]), 1);
 * ```
 */
export function normalizedEntropyOfLifetimes(ls: ArrayLike<number>): number {
  if (ls.length <= 1) return 0;
  return Math.min(1, entropyOfLifetimes(ls) / Math.log(ls.length));
}
