// The fast paths of the artifact schemas' arrays against zod's own check:
// on generated arrays mixing valid elements with every kind of near miss,
// the fast schema and the plain z.array must agree on success and on the
// issues they report (paths, codes, expectations, inputs).
import assert from "node:assert/strict";
import { z } from "zod";
import {
  fastArray,
  isBar,
  isCount,
  isCountPair,
  isInt,
  isNumber,
} from "../../src/artifacts/schemas/fast_array.ts";

const count = z.number().int().nonnegative();
const SCHEMAS: Array<[string, z.ZodType, (v: unknown) => boolean]> = [
  ["number", z.number(), isNumber],
  ["int", z.number().int(), isInt],
  ["count", count, isCount],
  ["bar", z.tuple([z.number(), z.number().nullable()]), isBar],
  ["count pair", z.tuple([count, count]), isCountPair],
];

const SCALARS: unknown[] = [
  0,
  -0,
  1,
  -1,
  2.5,
  -2.5,
  1e308,
  -1e-308,
  2 ** 53 - 1,
  2 ** 53,
  -(2 ** 53),
  NaN,
  Infinity,
  -Infinity,
  null,
  undefined,
  "1",
  true,
  {},
  [],
];

/** A deterministic stream of near-valid values (mulberry32). */
function generator(seed: number): () => unknown {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const scalar = () => SCALARS[Math.floor(next() * SCALARS.length)];
  return () => {
    const r = next();
    if (r < 0.5) return scalar();
    const n = r < 0.8 ? 2 : Math.floor(next() * 4);
    return Array.from({ length: n }, scalar);
  };
}

const issues = (r: { success: boolean; error?: { issues: unknown[] } }) => r.error?.issues;

Deno.test("fastArray agrees with z.array on generated arrays", () => {
  const value = generator(7);
  for (const [name, element, accepts] of SCHEMAS) {
    const fast = fastArray(element, accepts);
    const plain = z.array(element);
    let accepted = 0;
    for (let k = 0; k < 3000; k++) {
      const length = k % 5;
      const input = Array.from({ length }, value);
      const a = fast.safeParse(input, { reportInput: true });
      const b = plain.safeParse(input, { reportInput: true });
      assert.deepEqual(a.success, b.success, `${name}: ${Deno.inspect(input)}`);
      assert.deepEqual(issues(a), issues(b), `${name}: ${Deno.inspect(input)}`);
      if (a.success) accepted++;
    }
    // Both outcomes must occur, or the comparison says little.
    if (accepted === 0 || accepted === 3000) throw new Error(`${name}: accepted ${accepted}/3000`);
  }
});

Deno.test("each fast predicate accepts only what its element schema accepts", () => {
  const value = generator(11);
  for (const [name, element, accepts] of SCHEMAS) {
    for (let k = 0; k < 5000; k++) {
      const v = value();
      if (accepts(v)) {
        assert.deepEqual(element.safeParse(v).success, true, `${name}: ${Deno.inspect(v)}`);
      }
    }
  }
});

Deno.test("fastArray: a non-array is reported by zod", () => {
  const fast = fastArray(z.number(), isNumber);
  assert.deepEqual(issues(fast.safeParse("x")), issues(z.array(z.number()).safeParse("x")));
});
