import assert from "node:assert/strict";
import { expandSweep, type SweepSpec, validateSweep } from "../../src/sweep/spec.ts";
import { shard } from "../../src/sweep/plan.ts";
import { validateSearch } from "../../src/sweep/search_spec.ts";
import dataAmount from "../../experiments/data-amount.ts";
import spheresSeeds from "../../experiments/spheres-seeds.ts";
import spheres from "../../experiments/spheres.ts";

Deno.test("the shipped sweeps validate and expand as the issue asks", () => {
  validateSweep(dataAmount, "experiments/data-amount.ts");
  validateSearch(dataAmount.search!, "experiments/data-amount.ts");
  validateSweep(spheresSeeds, "experiments/spheres-seeds.ts");
  const runs = expandSweep(dataAmount);
  // spheres and MNIST × 3 seeds; each run (one exp_* folder) trains the good and the crippled
  // network on each of the 5 data amounts
  assert.equal(runs.length, 2 * 3);
  assert.deepEqual(new Set(runs.map((r) => r.experiment)), new Set(["spheres", "mnist-amount"]));
  assert.ok(runs.every((r) => r.spec.networks.length === 2 * 5 && r.dataAmounts.length === 5));
  assert.deepEqual(
    runs[0].spec.networks.map((n) => `${n.role}${n.dataAmount!.part}/${n.dataAmount!.parts}`),
    [
      "good1/5",
      "bad1/5",
      "good2/5",
      "bad2/5",
      "good3/5",
      "bad3/5",
      "good4/5",
      "bad4/5",
      "good5/5",
      "bad5/5",
    ],
  );
  const seeds = expandSweep(spheresSeeds);
  assert.deepEqual(seeds.map((r) => r.seed), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.ok(seeds.every((r) => r.spec.epochs === 25 && r.spec.dataAmount.part === 1));
  assert.ok(seeds.every((r) => r.spec.networks.every((n) => n.dataAmount === undefined)));
});

Deno.test("expansion is deterministic, ids are unique and the axes reach the runner's spec", () => {
  const sweep: SweepSpec = {
    name: "t",
    title: "",
    description: "",
    experiments: [spheres],
    dataAmount: { parts: 4, part: [1, 4] },
    seeds: [3, 5],
    networks: ["bad_2-3-2-1"],
    hyperparameters: { learningRate: [0.01, 0.1], l2: [1e-3] },
  };
  const a = expandSweep(sweep, { overrides: { epochs: 2, points: 40 } });
  assert.deepEqual(a, expandSweep(sweep, { overrides: { epochs: 2, points: 40 } }));
  assert.equal(a.length, 2 * 2);
  assert.equal(new Set(a.map((r) => r.id)).size, a.length);
  const last = a.at(-1)!;
  assert.equal(last.id, "spheres_s5_c1");
  assert.equal(last.spec.seed, 5);
  assert.deepEqual(last.spec.networks.map((n) => [n.name, n.dataAmount]), [
    ["bad_2-3-2-1", { part: 1, parts: 4 }],
    ["bad_2-3-2-1", { part: 4, parts: 4 }],
  ]);
  assert.equal(last.spec.networks[0].learningRate, 0.1);
  assert.deepEqual(
    last.spec.networks[0].layers.map((l) => "l2" in l ? l.l2 : null),
    [1e-3, 1e-3, 1e-3, null],
  );
  assert.deepEqual([last.spec.epochs, last.spec.snapshots, last.spec.topology.points], [
    2,
    [0, 2],
    40,
  ]);
  // the search's choice is applied before the grid's values
  const chosen = expandSweep(sweep, {
    chosen: { spheres: { "bad_2-3-2-1": { batchSize: 7, learningRate: 9 } } },
  });
  assert.equal(chosen[0].spec.networks[0].batchSize, 7);
  assert.equal(chosen[0].spec.networks[0].learningRate, 0.01);
});

Deno.test("shards partition the runs", () => {
  const runs = expandSweep(dataAmount);
  for (const k of [1, 2, 4, 7]) {
    const parts = Array.from({ length: k }, (_, i) => shard(runs, i, k).map((r) => r.id));
    assert.deepEqual(parts.flat().sort(), runs.map((r) => r.id).sort());
  }
  assert.throws(() => shard(runs, 2, 2), /--shard: expected i\/K with 0 ≤ i < K, found 2\/2/);
});

Deno.test("a malformed sweep is an error naming the file and the field", () => {
  const base = { name: "t", title: "", description: "", experiments: [spheres] };
  const cases: [Partial<SweepSpec>, RegExp][] = [
    [{ name: "a b" }, /x.ts: field "name"/],
    [{ experiments: [] }, /x.ts: field "experiments": expected a non-empty list/],
    [
      { dataAmount: { parts: 3, part: [4] } },
      /x.ts: field "dataAmount.part\[0\]": expected parts in 1..3, found 4/,
    ],
    [{ seeds: [1, 1] }, /x.ts: field "seeds": expected distinct values/],
    [{ hyperparameters: { learningRate: [-1] } }, /field "hyperparameters.learningRate\[0\]"/],
    [
      { networks: ["nope"] },
      /x.ts: field "networks": expected names of networks of experiment "spheres"/,
    ],
  ];
  for (const [change, pattern] of cases) {
    assert.throws(() => validateSweep({ ...base, ...change } as SweepSpec, "x.ts"), pattern);
  }
  assert.throws(
    () => validateSearch({ method: "grid", space: { momentum: [1] } as never, epochs: 1 }, "x.ts"),
    /x.ts: field "search.space.momentum": expected one of learningRate, batchSize, l1, l2/,
  );
});
