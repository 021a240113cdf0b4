/**
 * A string that is equal for two values exactly when they hold the same data,
 * so a chart drawn from one can stand for the other. JSON text, except that
 * the numbers JSON would lose or merge (-0, NaN, ±Infinity) keep their own
 * spelling, so they can never share a key with another value.
 *
 * @module
 */

const SPECIAL = "\u0000number:";

function keep(_key: string, value: unknown): unknown {
  if (typeof value !== "number") return value;
  if (Object.is(value, -0)) return `${SPECIAL}-0`;
  return Number.isFinite(value) ? value : `${SPECIAL}${value}`;
}

/**
 * The key of `value` (plain data: numbers, strings, booleans, null, arrays,
 * objects).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dataKey } from "./data_key.ts";
 * assert.equal(dataKey([[0, 1.5]]), dataKey([[0, 1.5]]));
 * assert.notEqual(dataKey([[-0, 1]]), dataKey([[0, 1]]));
 * assert.notEqual(dataKey([Infinity]), dataKey([NaN]));
 * assert.notEqual(dataKey([Infinity]), dataKey([null]));
 * ```
 */
export function dataKey(value: unknown): string {
  return JSON.stringify(value, keep);
}
