import assert from "node:assert/strict";
import { pivotHash, PivotMap } from "../../src/topology/pivot_map.ts";
import { createRandom } from "../../src/data/random.ts";

/** Integer keys over the whole range a pivot map takes, shifted (negative) ones included. */
function randomKeys(count: number, seed: number): number[] {
  const random = createRandom(seed);
  const keys = new Set<number>();
  for (let draw = 0; keys.size < count; draw++) {
    const scale = [2 ** 12, 2 ** 33, 2 ** 53][draw % 3];
    keys.add(Math.floor((2 * random.next() - 1) * scale));
  }
  return [...keys];
}

function filled(keys: number[], shared = false): PivotMap {
  const map = new PivotMap(8, shared);
  keys.forEach((key, k) => map.set(key, k));
  return map;
}

Deno.test("PivotMap filter: every answer is the unfiltered map's, for keys present and absent", () => {
  for (const [count, seed] of [[1024, 1], [5000, 2], [40_000, 3]]) {
    const all = randomKeys(2 * count, seed);
    const present = all.slice(0, count), absent = all.slice(count);
    const plain = filled(present), filtered = filled(present).addFilter();
    assert.ok(filtered.filter !== null, `${count} keys get a filter`);
    for (const key of [...present, ...absent]) assert.equal(filtered.get(key), plain.get(key));
    // 16 bits a key: about one absent key in 16 passes the filter, so most are answered by it
    let passed = 0;
    for (const key of absent) {
      const bit = bitOf(filtered, key);
      if (filtered.filter![bit >>> 5] & (1 << (bit & 31))) passed++;
    }
    assert.ok(passed < absent.length / 8, `${passed} of ${absent.length} absent keys pass`);
  }
});

Deno.test("PivotMap filter: small maps get none; a set afterwards drops it; views keep it", () => {
  const keys = randomKeys(3000, 4);
  assert.equal(filled(keys.slice(0, 1023)).addFilter().filter, null);
  const map = filled(keys.slice(0, 2000), true).addFilter();
  assert.ok(map.filter?.buffer instanceof SharedArrayBuffer, "a shared map's filter is shared");
  const view = PivotMap.view(map.keys, map.values, map.size, false, map.filter);
  for (const key of keys) assert.equal(view.get(key), map.get(key));
  map.set(keys[2500], 7);
  assert.equal(map.filter, null);
  assert.equal(map.get(keys[2500]), 7);
});

/** A key's bit in the map's filter: the low bits of its slot hash. */
function bitOf(map: PivotMap, key: number): number {
  return pivotHash(key) & (map.filter!.length * 32 - 1);
}
