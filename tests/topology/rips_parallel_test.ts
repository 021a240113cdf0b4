import assert from "node:assert/strict";
import { ripsCohomology } from "../../src/topology/rips_cohomology.ts";
import { ripsCohomologyParallel } from "../../src/topology/rips_parallel.ts";
import { vietorisRips, vietorisRipsParallel } from "../../src/topology/vietoris_rips.ts";
import { enclosingRadius } from "../../src/topology/enclosing_radius.ts";
import { plainDistances } from "../../src/geometry/distances.ts";
import { createRandom } from "../../src/data/random.ts";
import { gaussianClusters, integerGrid, noisySphere, uniformCloud } from "./shapes.ts";
import { diagramDifference, hasRipser, runRipser } from "./ripser_oracle.ts";
import {
  ConcurrentPivotTable,
  recordReduction,
  reduceShared,
  sharedReduction,
} from "../../src/topology/parallel_reduction.ts";
import { RipsCohomology } from "../../src/topology/rips_cohomology.ts";

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

/** A random cloud of one of the test shapes, its size, dimension and threshold drawn from the seed. */
function randomCase(seed: number) {
  const random = createRandom(9100 + seed);
  const n = 40 + random.int(60), d = 2 + random.int(4), maxDim = 1 + random.int(3);
  const cloud = seed % 3 === 0
    ? integerGrid(n, d, 3, seed)
    : seed % 3 === 1
    ? gaussianClusters(n, 3, d, seed)
    : uniformCloud(n, d, seed);
  const lower = plainDistances(cloud, { rounding: "ripser" }).data;
  const radius = enclosingRadius(lower, n);
  const threshold = Math.fround(seed % 2 ? radius : radius * (0.4 + 0.5 * random.next()));
  return { cloud, lower, n, maxDim, threshold };
}

Deno.test("parallel reduction: every dimension's columns on 2 to 4 threads, the same intervals in the same order as one thread and as ripser", async () => {
  if (!hasRipser()) {
    const message = "SKIPPED the ripser comparison: /usr/bin/ripser is missing";
    if (Deno.env.get("CI") === "true") throw new Error(message);
    console.warn(message);
  }
  const stats = { columns: 0, displaced: 0 };
  let intervals = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const { cloud, lower, n, maxDim, threshold } = randomCase(seed);
    const mode = seed % 4 < 2 ? "dense" : "sparse";
    const one = ripsCohomology(lower, n, maxDim, threshold, mode);
    for (const threads of [2, 3, 4]) {
      const many = await ripsCohomologyParallel(lower, n, {
        maxDim,
        threshold,
        threads,
        mode,
        // every third seed: working columns turn into buckets past 256 entries
        engine: { shiftTop: seed % 5 === 0, bucketAfter: seed % 3 === 0 ? 0 : undefined },
        minParallelColumns: 0,
        stats,
      });
      const what = `seed ${seed}, n ${n}, ${mode}, maxDim ${maxDim}, ${threads} threads`;
      assert.equal(JSON.stringify(many), JSON.stringify(one), what);
    }
    for (let k = 1; k <= maxDim; k++) intervals += one[k].length;
    if (!hasRipser()) continue;
    const theirs = await runRipser(cloud, maxDim, threshold);
    for (let k = 0; k <= maxDim; k++) {
      const difference = diagramDifference(one[k], theirs[k]);
      assert.equal(difference, null, `seed ${seed}, H${k}: ${difference}`);
    }
  }
  assert.ok(intervals > 50, `${intervals} intervals in dimensions ≥ 1 in all`);
  assert.ok(stats.columns > 10_000, `${stats.columns} columns reduced on the workers in all`);
  console.log(`${stats.columns} columns on the workers, ${stats.displaced} taken over`);
});

Deno.test("parallel reduction on the calling thread: pivots, intervals and the table agree with computePairs", () => {
  const { lower, n, threshold } = randomCase(4);
  const columnsOf = (engine: RipsCohomology) => engine.dim0Pairs(engine.edges());
  const sequential = new RipsCohomology(lower, n, 1, threshold, false);
  const pivots = sequential.computePairs(1, columnsOf(sequential));
  const shared = new RipsCohomology(lower, n, 1, threshold, false, { shared: true });
  const job = sharedReduction(1, columnsOf(shared), null);
  assert.equal(reduceShared(shared, job), 0, "one thread displaces no column");
  const table = recordReduction(shared, job);
  assert.deepEqual(shared.diagrams[1], sequential.diagrams[1]);
  assert.equal(table.size, pivots.size);
  for (let s = 0; s < pivots.keys.length; s++) {
    if (pivots.keys[s] !== -Infinity) assert.equal(table.get(pivots.keys[s]), pivots.values[s]);
  }
  // a table that disagrees with the columns is refused
  job.pivotIndex[job.table.values.find((v) => v >= 0)!] = 12345;
  assert.throws(
    () => recordReduction(shared, job),
    /parallel reduction: pivot .* is held by column/,
  );
});

Deno.test("ConcurrentPivotTable: claims, takeovers and lookups, as a PivotMap reads them", () => {
  const slots = { keys: new Float64Array(64).fill(-Infinity), values: new Int32Array(64).fill(-1) };
  const table = new ConcurrentPivotTable(slots);
  const keys = [-(2 ** 53), -1, 0, 3, 2 ** 40 + 7, 2 ** 53];
  keys.forEach((key, k) => assert.equal(table.claim(key, 10 + k), -1));
  keys.forEach((key, k) => assert.equal(table.claim(key, 99), 10 + k));
  assert.equal(table.replace(3, 11, 1), false, "3 belongs to column 13, not 11");
  assert.equal(table.replace(3, 13, 1), true);
  assert.equal(table.get(3), 1);
  assert.equal(table.get(4), -1);
  assert.equal(table.get(-2), -1);
});
