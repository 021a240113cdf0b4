import assert from "node:assert/strict";
import { dataKey } from "../../site/charts/data_key.ts";
import { createRandom } from "../../src/data/random.ts";

/** The key as first defined: JSON text, with -0, NaN and ±Infinity spelled as strings of their own. */
function reference(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (typeof v !== "number") return v;
    if (Object.is(v, -0)) return "\u0000number:-0";
    return Number.isFinite(v) ? v : `\u0000number:${v}`;
  });
}

Deno.test("dataKey is the JSON text with its own spelling for -0, NaN and ±Infinity", () => {
  const random = createRandom(3);
  const special = [-0, NaN, Infinity, -Infinity, 0, 1e-7, -2.5, 1e21];
  const number = () => random.next() < 0.2 ? special[Math.floor(random.next() * 8)] : random.next();
  const diagram = Array.from({ length: 200 }, () => [number(), number()]);
  const values: unknown[] = [
    diagram,
    [{ diagrams: [diagram, []], shown: 3, total: 4 }, 0.5],
    { landmarks: [1, 2, 3], pca: { x: [0.1, -0], y: [NaN] }, bars: [{ death: null }] },
    [1, , 3], // a hole is null, as in JSON
    { a: undefined, f: () => 1, s: `"q"\u0000`, t: true, when: new Date(0) },
    { nested: { toJSON: () => [Infinity] } },
    "text",
    -0,
    null,
  ];
  for (const value of values) assert.equal(dataKey(value), reference(value));
  assert.notEqual(dataKey([[-0, 1]]), dataKey([[0, 1]]));
  assert.notEqual(dataKey([Infinity]), dataKey([null]));
});
