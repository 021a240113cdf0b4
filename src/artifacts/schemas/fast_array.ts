/**
 * Arrays of numbers, bars and index pairs make up most of an artifact's
 * bytes (a study's barcode files hold hundreds of thousands of bars), and
 * zod checks them element by element through its general machinery. An array
 * schema with a fast path first runs one tight loop of a predicate that
 * accepts only what the element schema accepts; an array it vouches for is
 * valid as it stands, and any other value goes through zod's own check, so
 * every mismatch is reported exactly as before. The schema is still the
 * plain `z.array(element)`, so its published JSON Schema does not change.
 *
 * @module
 */

import { z } from "zod";

/** A finite number: what `z.number()` accepts. */
export const isNumber = (v: unknown): boolean => Number.isFinite(v);

/** A safe integer: what `z.number().int()` accepts. */
export const isInt = (v: unknown): boolean => Number.isSafeInteger(v);

/** A non-negative safe integer: what `z.number().int().nonnegative()` accepts. */
export const isCount = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;

/** A `[number, number | null]` pair: what the schemas' `bar` tuple accepts. */
export const isBar = (v: unknown): boolean =>
  Array.isArray(v) && v.length === 2 && Number.isFinite(v[0]) &&
  (v[1] === null || Number.isFinite(v[1]));

/** A `[count, count]` pair: what `z.tuple([count, count])` accepts. */
export const isCountPair = (v: unknown): boolean =>
  Array.isArray(v) && v.length === 2 && isCount(v[0]) && isCount(v[1]);

/**
 * `z.array(element)` that accepts at once an array whose every element
 * `accepts` (which must accept nothing that `element` rejects) and leaves any
 * other value to zod.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * import { fastArray, isNumber } from "./fast_array.ts";
 * const numbers = fastArray(z.number(), isNumber);
 * assert.ok(numbers.safeParse([1, 2.5]).success);
 * const slow = z.array(z.number()).safeParse([1, "2"]);
 * assert.deepEqual(numbers.safeParse([1, "2"]).error?.issues, slow.error?.issues);
 * ```
 */
export function fastArray<T extends z.ZodType>(
  element: T,
  accepts: (value: unknown) => boolean,
): z.ZodArray<T> {
  const schema = z.array(element);
  const full = schema._zod.run;
  if (typeof full !== "function") throw new Error("fastArray: zod array schema has no run step");
  schema._zod.run = (payload, ctx) => {
    const value = payload.value;
    if (!Array.isArray(value)) return full(payload, ctx);
    for (let i = 0; i < value.length; i++) {
      if (!accepts(value[i])) return full(payload, ctx);
    }
    return payload;
  };
  return schema;
}
