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
 * import { formatValue } from "./format.ts";
 * console.assert(formatValue(1.23456) === "1.23");
 * console.assert(formatValue(Infinity) === "∞");
 * ```
 */
export function formatValue(x: number): string {
  if (x === Infinity) return "∞";
  if (x === -Infinity) return "-∞";
  return Number(x.toPrecision(3)).toString();
}
