/**
 * How an error message shows a value it found: with its type where the type
 * is the mistake (`"8" (a string)`, not `8`).
 *
 * @module
 */

/**
 * The value as an error's "found" part: strings quoted with "(a string)",
 * numbers and booleans as written, arrays and objects named by kind, and a
 * missing field said so.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeValue } from "./describe_value.ts";
 * assert.equal(describeValue("8"), `"8" (a string)`);
 * assert.equal(describeValue(8), "8");
 * assert.equal(describeValue(undefined), "nothing (the field is missing)");
 * assert.equal(describeValue([1, 2]), "[1,2] (an array)");
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing (the field is missing)";
  if (value === null) return "null";
  if (typeof value === "string") return `${JSON.stringify(value)} (a string)`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "bigint") return `${value}n (a bigint)`;
  if (typeof value === "function") return "a function";
  const kind = Array.isArray(value) ? "an array" : "an object";
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return `${text.length > 60 ? `${text.slice(0, 57)}...` : text} (${kind})`;
}
