import assert from "node:assert/strict";
import { ripsCohomology } from "../../src/topology/rips_cohomology.ts";
import { ripsCohomologyParallel } from "../../src/topology/rips_parallel.ts";
import { vietorisRips, vietorisRipsParallel } from "../../src/topology/vietoris_rips.ts";
import { enclosingRadius } from "../../src/topology/enclosing_radius.ts";
import { plainDistances } from "../../src/geometry/distances.ts";
import { createRandom } from "../../src/data/random.ts";
import { gaussianClusters, integerGrid, noisySphere, uniformCloud } from "./shapes.ts";

Deno.test("parallel apparent-pair searches: the same intervals in the same order as one thread", async () => {
  for (let seed = 1; seed <= 6; seed++) {
    const random = createRandom(300 + seed);
    const n = 30 + random.int(50), d = 2 + random.int(3), maxDim = 1 + random.int(3);
    const cloud = seed % 3 === 0
      ? integerGrid(n, d, 4, seed)
      : seed % 3 === 1
      ? gaussianClusters(n, 3, d, seed)
      : uniformCloud(n, d, seed);
    const lower = plainDistances(cloud, { rounding: "ripser" }).data;
    const threshold = Math.fround(
      seed % 2 ? enclosingRadius(lower, n) : 0.3 + random.next(),
    );
    for (const mode of ["dense", "sparse"] as const) {
      const one = ripsCohomology(lower, n, maxDim, threshold, mode);
      const threads = 2 + (seed % 2);
      const many = await ripsCohomologyParallel(lower, n, {
        maxDim,
        threshold,
        threads,
        mode,
        engine: { shiftTop: seed % 4 === 0 },
        // a low count overfills the shared apparent-pair table: the rest takes the overflow path
        simplices: seed % 2 ? [0, 0, 1, 1, 1] : undefined,
      });
      assert.deepEqual(many, one, `seed ${seed}, ${mode}, maxDim ${maxDim}, ${threads} threads`);
      assert.ok(one[0].length > 0);
    }
  }
});

Deno.test("vietorisRipsParallel with threads 1 and 2: byte-identical barcodes", async () => {
  const cloud = noisySphere(90, 3, 0.05, 9);
  for (const ripserOrder of [true, false]) {
    const options = { maxDim: 2, threshold: 1.2, ripserOrder, minParallelWork: 0 };
    const one = await vietorisRipsParallel(cloud, { ...options, threads: 1 });
    const two = await vietorisRipsParallel(cloud, { ...options, threads: 2 });
    assert.equal(JSON.stringify(two), JSON.stringify(one));
    assert.deepEqual(one, vietorisRips(cloud, options));
    assert.ok(one.diagrams[2].length > 0, "the sphere has an H2 class");
  }
  await assert.rejects(
    () => vietorisRipsParallel(cloud, { threads: 0 }),
    /option "threads": expected an integer ≥ 1, found 0/,
  );
});
