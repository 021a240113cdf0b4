import assert from "node:assert/strict";
import { sortKeyed, sortSimplices } from "../../src/topology/simplex_sort.ts";
import { createRandom } from "../../src/data/random.ts";

/** The order sortSimplices promises, by a comparison sort: diameter, then input position or index. */
function reference(
  diameter: Float32Array,
  index: Float64Array,
  count: number,
  descending: boolean,
  tieByIndex: boolean,
): { diameter: number[]; index: number[] } {
  const at = Array.from({ length: count }, (_, k) => k).sort((a, b) =>
    (descending ? diameter[b] - diameter[a] : diameter[a] - diameter[b]) ||
    (tieByIndex ? index[a] - index[b] : a - b)
  );
  return { diameter: at.map((k) => diameter[k]), index: at.map((k) => index[k]) };
}

Deno.test("sortSimplices orders like a comparison sort: both directions, stable or by index, with ties", () => {
  for (let seed = 0; seed < 40; seed++) {
    const random = createRandom(seed + 1);
    const size = [0, 1, 2, 17, 300, 5000][seed % 6] + random.int(50);
    const count = Math.max(0, size - random.int(5)); // the arrays may be longer than count
    const kinds = seed % 4;
    const diameter = Float32Array.from({ length: size }, () =>
      kinds === 0
        ? random.next() * 10 // distinct
        : kinds === 1
        ? random.int(6) / 4 // many ties, zeros
        : kinds === 2
        ? 2.5 // all equal
        : random.next() * 1e-30 + random.int(3) * 1e20 // far apart exponents
    );
    const index = Float64Array.from(
      { length: size },
      () => random.int(2 ** 32) * 256 + random.int(256),
    );
    for (const descending of [false, true]) {
      for (const tieByIndex of [false, true]) {
        const d = diameter.slice(), i = index.slice();
        const want = reference(d, i, count, descending, tieByIndex);
        sortSimplices(d, i, count, descending, tieByIndex);
        const what = `seed ${seed}, descending ${descending}, tieByIndex ${tieByIndex}`;
        assert.deepEqual(Array.from(d.subarray(0, count)), want.diameter, what);
        assert.deepEqual(Array.from(i.subarray(0, count)), want.index, what);
        assert.deepEqual(d.subarray(count), diameter.subarray(count), `${what}: beyond count`);
      }
    }
  }
});

Deno.test("sortKeyed orders keys like a stable comparison sort, payloads along", () => {
  for (let seed = 0; seed < 30; seed++) {
    const random = createRandom(seed + 101);
    const size = [0, 1, 2, 17, 300, 5000][seed % 6] + random.int(50);
    const count = Math.max(0, size - random.int(5));
    const kinds = seed % 5;
    const keys = Uint32Array.from({ length: size }, () =>
      kinds === 0
        ? random.int(2 ** 32) // every digit varies
        : kinds === 1
        ? random.int(6) // ties, one digit
        : kinds === 2
        ? 77 // all equal
        : kinds === 3
        ? random.int(4) * 2 ** 22 + 5 // only the top digit varies
        : random.int(3) * 2 ** 11 + random.int(2) * 2 ** 30 // middle and top digits
    );
    const payload = Uint32Array.from({ length: size }, (_, k) => k * 7 + 3);
    const at = Array.from({ length: count }, (_, k) => k).sort((a, b) =>
      keys[a] - keys[b] || a - b
    );
    const [k, p] = sortKeyed(keys.slice(), payload.slice(), count);
    assert.deepEqual(Array.from(k.subarray(0, count)), at.map((i) => keys[i]), `seed ${seed}`);
    assert.deepEqual(Array.from(p.subarray(0, count)), at.map((i) => payload[i]), `seed ${seed}`);
  }
});
