import assert from "node:assert/strict";
import { buildModel } from "../../src/nn/build_model.ts";
import { resolveModelSpec } from "../../src/nn/spec.ts";
import { weights } from "../../src/nn/weights.ts";
import { good } from "./helpers.ts";

Deno.test("resolveModelSpec: defaults and errors naming the field", () => {
  const r = resolveModelSpec(good);
  assert.deepEqual(r.layers.map((l) => l.kind === "dense" ? l.activation : l.kind), [
    "relu",
    "relu",
    "relu",
    "linear",
  ]);
  assert.equal(r.learningRate, 0.001);
  assert.equal(r.batchSize, 32);
  assert.equal(r.loss, "binaryCrossentropyFromLogits");
  assert.throws(() => resolveModelSpec({ name: "", layers: [] }), /field "name"/);
  assert.throws(() => resolveModelSpec({ name: "x", layers: [] }), /field "layers"/);
  assert.throws(
    () => resolveModelSpec({ name: "x", layers: [{ units: 0 }] }),
    /field "layers\[0\]\.units": expected a positive integer, found 0/,
  );
  assert.throws(
    () => resolveModelSpec({ name: "x", layers: [{ units: 2 }] }),
    /expected 1 output logit for binary cross-entropy, found 2/,
  );
  assert.throws(
    () => resolveModelSpec({ name: "x", layers: [{ units: 1, dropout: 1 }] }),
    /layers\[0\]\.dropout/,
  );
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => resolveModelSpec({ name: "x", layers: [{ units: 1, activation: "gelu" as any }] }),
    /layers\[0\]\.activation": expected one of relu, tanh, sigmoid, linear, found "gelu" \(a string\)/,
  );
});

Deno.test("buildModel: named layers, shapes, seeded Glorot weights, zero biases", () => {
  const model = buildModel(good, 10, { seed: 7 });
  assert.equal(model.name, "good_10-8-5-1");
  assert.deepEqual(model.layers.map((l) => l.name), ["dense1", "dense2", "dense3", "dense4"]);
  const w = weights(model);
  assert.deepEqual(w.map((l) => l.shape), [[10, 10], [10, 8], [8, 5], [5, 1]]);
  for (const layer of w) {
    const limit = Math.sqrt(6 / (layer.shape[0] + layer.shape[1]));
    assert.ok(layer.kernel.every((v) => Math.abs(v) <= limit));
    assert.ok(layer.kernel.some((v) => Math.abs(v) > limit / 2));
    assert.ok(layer.bias.every((v) => v === 0));
  }
  const same = weights(buildModel(good, 10, { seed: 7 }));
  const other = weights(buildModel(good, 10, { seed: 8 }));
  assert.deepEqual(same.map((l) => l.kernel), w.map((l) => l.kernel));
  assert.notDeepEqual(other[0].kernel, w[0].kernel);
  // Layers draw from separate streams: layer 2 is the same whatever layer 1's size.
  const wider = weights(
    buildModel({ name: "w", layers: [{ units: 10 }, { units: 8 }, { units: 1 }] }, 10, { seed: 7 }),
  );
  assert.deepEqual(wider[1].kernel, w[1].kernel);
});

Deno.test("buildModel: He normal kernels are truncated at two standard deviations", () => {
  const model = buildModel(
    { name: "he", layers: [{ units: 200, initializer: "heNormal" }, { units: 1 }] },
    50,
    { seed: 3 },
  );
  const [first] = weights(model);
  const std = Math.sqrt(2 / 50) / 0.87962566103423978;
  assert.ok(first.kernel.every((v) => Math.abs(v) <= 2 * std + 1e-6));
  const mean = first.kernel.reduce((a, b) => a + b, 0) / first.kernel.length;
  const sd = Math.sqrt(first.kernel.reduce((a, b) => a + (b - mean) ** 2, 0) / first.kernel.length);
  // The truncated law's standard deviation is 0.8796·std = sqrt(2 / fanIn) = 0.2.
  assert.ok(Math.abs(sd - 0.2) < 0.01, `std ${sd}`);
  assert.throws(() => buildModel(good, 0, { seed: 1 }), /argument "inputDim"/);
  assert.throws(() => buildModel(good, 10, { seed: 1.5 }), /option "seed"/);
});
