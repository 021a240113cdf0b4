import assert from "node:assert/strict";
import { applyOverrides, SpecError, validateSpec } from "../../src/experiment/spec.ts";
import spheres from "../../experiments/spheres.ts";
import intersecting from "../../experiments/intersecting-spheres.ts";
import type { ExperimentSpec } from "../../src/experiment/spec.ts";
import type { DenseLayerSpec } from "../../src/nn/spec.ts";

function broken(change: (spec: ExperimentSpec) => void): ExperimentSpec {
  const spec = structuredClone(spheres);
  change(spec);
  return spec;
}

Deno.test("the shipped experiments are valid", () => {
  validateSpec(spheres, "experiments/spheres.ts");
  validateSpec(intersecting, "experiments/intersecting-spheres.ts");
});

Deno.test("the concentric-spheres pair and the course plan's bottleneck are what the studies describe", () => {
  assert.deepEqual(spheres.networks.map((n) => n.layers.map((l) => (l as DenseLayerSpec).units)), [[
    10,
    8,
    5,
    1,
  ], [
    2,
    3,
    2,
    1,
  ]]);
  assert.deepEqual(spheres.snapshots, [0, 10, 25]);
  const [good, bad] = intersecting.networks;
  assert.equal(good.layers.length, bad.layers.length, "same depth");
  const narrowest = Math.min(...bad.layers.slice(0, -1).map((l) => (l as DenseLayerSpec).units));
  const ratio = 10 / narrowest;
  assert.ok(ratio >= 3 && ratio <= 4, `bottleneck ${ratio}× narrower than the input`);
});

const cases: Array<[string, (s: ExperimentSpec) => void, RegExp]> = [
  ["negative epochs", (s) => (s.epochs = -1), /field "epochs": expected an integer ≥ 0, found -1/],
  ["empty layer list", (s) => (s.networks[0].layers = []), /networks\[0\]\.layers.*non-empty/],
  [
    "snapshot past the last epoch",
    (s) => (s.snapshots = [0, 30]),
    /snapshots\[1\]": expected an epoch ≤ epochs = 25, found 30/,
  ],
  ["unsorted snapshots", (s) => (s.snapshots = [10, 0]), /snapshots\[1\]/],
  ["zero units", (s) => ((s.networks[1].layers[0] as DenseLayerSpec).units = 0), /networks\[1\]/],
  [
    "duplicate network names",
    (s) => (s.networks[1].name = s.networks[0].name),
    /networks\[1\]\.name/,
  ],
  ["bad split", (s) => (s.topology.splits = ["val" as never]), /topology\.splits\[0\]/],
  ["bad metric", (s) => (s.topology.metric = "manhattan" as never), /topology\.metric/],
  ["one point per barcode", (s) => (s.topology.points = 1), /topology\.points/],
  ["test fraction 1", (s) => (s.testFraction = 1), /testFraction/],
  ["a name with a slash", (s) => (s.name = "../x"), /field "name"/],
  ["data part past parts", (s) => (s.dataAmount = { part: 3, parts: 2 }), /dataAmount\.part/],
];

for (const [what, change, message] of cases) {
  Deno.test(`a spec with ${what} is refused, naming the file and field`, () => {
    assert.throws(() => validateSpec(broken(change), "experiments/x.ts"), (e: Error) => {
      assert.ok(e instanceof SpecError, `${e}`);
      assert.match(e.message, /^experiments\/x\.ts: /);
      assert.match(e.message, message);
      return true;
    });
  });
}

Deno.test("--epochs keeps the earlier snapshots and always snapshots the last epoch", () => {
  assert.deepEqual(applyOverrides(spheres, { epochs: 12 }).snapshots, [0, 10, 12]);
  assert.deepEqual(applyOverrides(spheres, { epochs: 0 }).snapshots, [0]);
  assert.equal(applyOverrides(spheres, { points: 50 }).topology.points, 50);
  assert.deepEqual(
    applyOverrides(spheres, { dataAmount: { part: 1, parts: 4 } }).dataAmount,
    { part: 1, parts: 4 },
  );
  assert.equal(spheres.topology.points, 1000, "the spec itself is not changed");
});
