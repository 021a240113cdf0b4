/**
 * Number formatting for chart labels.
 *
 * @module
 */

/**
 * A short label for `x`: 3 significant digits, no trailing zeros, "∞" for
 * Infinity.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatValue } from "./format.ts";
 * assert.equal(formatValue(1.23456), "1.23");
 * assert.equal(formatValue(Infinity), "∞");
 * ```
 */
export function formatValue(x: number): string {
  if (x === Infinity) return "∞";
  if (x === -Infinity) return "-∞";
  return Number(x.toPrecision(3)).toString();
}
