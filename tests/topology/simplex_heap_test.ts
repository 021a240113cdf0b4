import assert from "node:assert/strict";
import { BucketColumn, bucketLayout } from "../../src/topology/bucket_column.ts";
import { SimplexHeap } from "../../src/topology/simplex_heap.ts";
import { createRandom } from "../../src/data/random.ts";

/**
 * Diameters with ties, neighbours one float32 step apart (one bucket, other
 * low bits) and far apart (other buckets), zero included.
 */
function diameters(random: () => number): number[] {
  const out = [0, Math.fround(1.4)];
  for (let k = 0; k < 12; k++) {
    const x = Math.fround(0.2 + 1.2 * random());
    out.push(x, Math.fround(x * (1 + 2 ** -23)), Math.fround(x * (1 + 2 ** -20)));
  }
  return out;
}

/**
 * Random pushes (in any order: the reduction column is filled unsorted),
 * pivot pops, peeks and clears on a plain heap and on one that turns into
 * buckets after 256 entries: the same pivots, one by one.
 */
function compareRun(seed: number, maxIndex: number, operations: number): number {
  const generator = createRandom(seed);
  const random = () => generator.next();
  const values = diameters(random);
  const plain = new SimplexHeap();
  const bucketed = new SimplexHeap();
  bucketed.useBuckets(bucketLayout(maxIndex, Math.fround(1.4)), 256);
  let conversions = 0;
  for (let step = 0; step < operations; step++) {
    const r = random();
    if (r < 0.6) {
      // bursts of pushes, duplicates likely (they cancel in pairs)
      const burst = 1 + Math.floor(random() * 64);
      for (let b = 0; b < burst; b++) {
        const d = values[Math.floor(random() * values.length)];
        const i = Math.floor(random() * Math.min(maxIndex, 4000));
        plain.push(d, i);
        bucketed.push(d, i);
      }
    } else if (r < 0.97) {
      const peek = random() < 0.5;
      const a = peek ? plain.peekPivot() : plain.popPivot();
      const b = peek ? bucketed.peekPivot() : bucketed.popPivot();
      assert.deepEqual(b, a, `seed ${seed} step ${step}`);
      assert.deepEqual(
        [bucketed.pivotDiameter, bucketed.pivotIndex],
        [plain.pivotDiameter, plain.pivotIndex],
      );
    } else {
      if (bucketed.bucketed) conversions++;
      plain.clear();
      bucketed.clear();
    }
  }
  while (plain.popPivot()) {
    assert(bucketed.popPivot());
    assert.deepEqual([bucketed.pivotIndex, bucketed.pivotDiameter], [
      plain.pivotIndex,
      plain.pivotDiameter,
    ]);
  }
  assert(!bucketed.popPivot());
  return conversions;
}

Deno.test("SimplexHeap: turned into buckets, the same pivots as the plain heap", () => {
  let conversions = 0;
  for (let seed = 1; seed <= 12; seed++) conversions += compareRun(seed, 2 ** 36, 3000);
  for (let seed = 13; seed <= 16; seed++) conversions += compareRun(seed, 5000, 3000);
  assert(conversions > 10, `only ${conversions} runs turned into buckets`);
});

Deno.test("BucketColumn: a key pushed below the open bucket comes first", () => {
  const column = new BucketColumn(bucketLayout(100, 2)!);
  column.push(Math.fround(1.5), 4);
  column.push(Math.fround(1.5), 7);
  assert(column.popPivot());
  assert.deepEqual(column.pivotIndex, 7);
  column.push(Math.fround(0.25), 1); // below the open bucket: it closes
  column.push(Math.fround(1.5), 9);
  const order: number[] = [];
  while (column.popPivot()) order.push(column.pivotIndex);
  assert.deepEqual(order, [1, 9, 4]);
  assert.deepEqual(column.size, 0);
});

Deno.test("bucketLayout: keys stay exact (B + fine bits ≤ 53), else none", () => {
  const layout = bucketLayout(2 ** 37, 1.4)!;
  assert(layout.indexBits + layout.fineBits <= 53);
  assert(layout.buckets <= 2 ** 16);
  assert.deepEqual(bucketLayout(2 ** 45, 1.4), null);
  assert.deepEqual(bucketLayout(100, Infinity), null);
});
