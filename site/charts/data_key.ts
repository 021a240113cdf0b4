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

/** No value that `keep` would change or JSON would lose: JSON.stringify alone will do. */
function plainNumbers(values: unknown[]): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v) || Object.is(v, -0)) return false;
  }
  return true;
}

/**
 * `JSON.stringify(value, keep)`, with arrays of plain numbers (a diagram's
 * intervals, a cycle's coordinates) written natively: the replacer is called
 * for every value with its key as a string, array indices too, and cost
 * more than the text for data of thousands of numbers.
 */
function keyOf(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    if (plainNumbers(value)) return JSON.stringify(value);
    let out = "";
    for (let i = 0; i < value.length; i++) out += `${i ? "," : ""}${keyOf(value[i]) ?? "null"}`;
    return `[${out}]`;
  }
  if (
    value !== null && typeof value === "object" &&
    Object.getPrototypeOf(value) === Object.prototype && !("toJSON" in value)
  ) {
    let out = "";
    for (const [k, v] of Object.entries(value)) {
      const item = keyOf(v);
      if (item !== undefined) out += `${out ? "," : ""}${JSON.stringify(k)}:${item}`;
    }
    return `{${out}}`;
  }
  return JSON.stringify(value, keep);
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
  return keyOf(value) as string;
}
