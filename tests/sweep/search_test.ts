import assert from "node:assert/strict";
import { searchExperiment, trainCandidate, validationSplit } from "../../src/sweep/search.ts";
import { prepareData } from "../../src/experiment/prepare_data.ts";
import { concentricSpheres } from "../../src/data/spheres.ts";
import { trainTestSplit } from "../../src/data/split.ts";
import type { ExperimentSpec } from "../../src/experiment/spec.ts";
import spheres from "../../experiments/spheres.ts";

const small: ExperimentSpec = {
  ...spheres,
  dataset: { name: "spheres", source: { kind: "concentric-spheres", d: 10, n: 150, r1: 3, r2: 6 } },
};

function rows(x: Float32Array, d: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < x.length / d; i++) out.add(Array.from(x.subarray(i * d, (i + 1) * d)).join());
  return out;
}

Deno.test("the validation split is cut from the training set and never holds a test point", async () => {
  const { train, test } = await prepareData(small);
  const split = await validationSplit(small, 0.2);
  assert.equal(split.train.n + split.test.n, train.n);
  assert.equal(split.test.n, Math.ceil(0.2 * train.n));
  const testRows = rows(test.x, test.d);
  for (const set of [split.train, split.test]) {
    for (const r of rows(set.x, set.d)) {
      assert.ok(!testRows.has(r), "a test point reached the search");
    }
  }
  const trainRows = rows(train.x, train.d);
  for (const r of rows(split.test.x, split.test.d)) assert.ok(trainRows.has(r));
});

Deno.test("early stopping ends a candidate after `patience` epochs without a validation-loss gain", async () => {
  const data = trainTestSplit(concentricSpheres({ d: 3, n: 60, seed: 2 }), { seed: 0 });
  const net = { name: "t", role: "good", layers: [{ units: 4 }, { units: 1 }] };
  // A learning rate this large makes the validation loss jump about, so it stops early.
  const wild = await trainCandidate(net, data, { learningRate: 5 }, {
    epochs: 30,
    seed: 0,
    earlyStopping: { patience: 1 },
  });
  assert.ok(wild.stoppedAt < 30, `stopped at ${wild.stoppedAt}`);
  assert.equal(wild.accuracy.length, wild.stoppedAt + 1);
  const full = await trainCandidate(net, data, { learningRate: 0.01 }, { epochs: 4, seed: 0 });
  assert.equal(full.stoppedAt, 4);
  assert.equal(full.validation.accuracy, Math.max(...full.accuracy.slice(1)));
});

Deno.test("the search is deterministic and picks the candidate with the best validation accuracy", async () => {
  const search = {
    method: "grid" as const,
    space: { learningRate: [0.05, 0.0001] },
    epochs: 3,
    networks: ["good_10-8-5-1"],
  };
  const a = await searchExperiment(small, search);
  assert.deepEqual(a, await searchExperiment(small, search));
  const net = a["good_10-8-5-1"];
  assert.equal(Object.keys(a).length, 1);
  const best = Math.max(...net.candidates.map((c) => c.validation.accuracy));
  assert.equal(net.candidates[net.best].validation.accuracy, best);
  assert.deepEqual(net.chosen, net.candidates[net.best].config);
});
