import assert from "node:assert/strict";
import { pairwiseDistances, plainDistances } from "../../src/geometry/distances.ts";
import { createRandom } from "../../src/data/random.ts";

Deno.test("pairwiseDistances with threads: the same bytes as plainDistances with Ripser's rounding, for 2 to 5 threads, with and without a cutoff", async () => {
  const random = createRandom(4242);
  for (let trial = 0; trial < 6; trial++) {
    const n = 30 + random.int(200), d = 1 + random.int(30);
    const data = Float32Array.from({ length: n * d }, () => random.next() * 2 - 1);
    const cloud = { data, n, d };
    const cutoff = trial % 2 ? undefined : 0.5 + random.next() * d ** 0.5;
    const one = plainDistances(cloud, { rounding: "ripser", cutoff });
    for (const threads of [2, 3, 5]) {
      const many = await pairwiseDistances(cloud, {
        rounding: "ripser",
        threads,
        cutoff,
        minParallelPoints: 0,
      });
      assert.equal(many.n, n);
      assert.deepEqual(
        new Uint8Array(many.data.buffer, 0, many.data.byteLength),
        new Uint8Array(one.data.buffer),
        `trial ${trial}: n ${n}, d ${d}, ${threads} threads`,
      );
    }
  }
});
