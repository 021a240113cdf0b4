import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { buildModel } from "../../src/nn/build_model.ts";
import { activations } from "../../src/nn/activations.ts";
import { forwardPass } from "../../src/nn/forward.ts";
import { weights } from "../../src/nn/weights.ts";
import { assertPointCloud } from "../../src/data/point_cloud.ts";
import { good, smallSpheres } from "./helpers.ts";

Deno.test("activations: input, each dense layer's output, logits last", () => {
  const data = smallSpheres(60, 1).train;
  const model = buildModel(good, 10, { seed: 1 });
  const clouds = activations(model, data.x, data.n, data.d);
  assert.equal(clouds.length, 5);
  assert.deepEqual(clouds.map((c) => c.d), [10, 10, 8, 5, 1]);
  for (const c of clouds) assertPointCloud(c);
  assert.deepEqual(clouds[0].data, data.x);
  assert.notEqual(clouds[0].data, data.x); // a copy
  for (const c of clouds.slice(1, 4)) assert.ok(c.data.every((v) => v >= 0)); // ReLU
  // Recompute layer by layer in double precision from the weights.
  const w = weights(model);
  let h = Array.from({ length: data.n }, (_, i) => [...data.x.subarray(i * 10, i * 10 + 10)]);
  w.forEach((layer, j) => {
    const [inputs, outputs] = layer.shape;
    h = h.map((row) =>
      Array.from({ length: outputs }, (_, o) => {
        let s = layer.bias[o];
        for (let i = 0; i < inputs; i++) s += row[i] * layer.kernel[i * outputs + o];
        return j < 3 ? Math.max(s, 0) : s;
      })
    );
    const cloud = clouds[j + 1];
    h.forEach((row, i) =>
      row.forEach((v, o) => assert.ok(Math.abs(cloud.data[i * outputs + o] - v) < 1e-4))
    );
  });
  // The last cloud equals tfjs's own predict.
  const predicted = tf.tidy(() =>
    (model.predict(tf.tensor2d(data.x, [data.n, 10])) as tf.Tensor).dataSync()
  );
  for (let i = 0; i < data.n; i++) assert.ok(Math.abs(predicted[i] - clouds[4].data[i]) < 1e-5);
  assert.throws(() => activations(model, data.x, data.n, 5), /expected length n×d/);
  assert.throws(
    () => activations(model, new Float32Array(5), 1, 5),
    /expects inputs of dimension 10, found d = 5/,
  );
});

Deno.test("weights: copies of the tfjs kernels and biases", () => {
  const model = buildModel(good, 10, { seed: 2 });
  const w = weights(model);
  const tfWeights = model.getWeights();
  assert.equal(tfWeights.length, 8);
  w.forEach((layer, j) => {
    assert.equal(layer.name, `dense${j + 1}`);
    assert.deepEqual(layer.kernel, tfWeights[2 * j].dataSync());
    assert.deepEqual(layer.bias, tfWeights[2 * j + 1].dataSync());
    assert.deepEqual(tfWeights[2 * j].shape, layer.shape);
  });
  w[0].kernel[0] = 99;
  assert.notEqual(weights(model)[0].kernel[0], 99);
});

Deno.test("forwardPass: every activation matches tfjs's predict; zero inputs are exact", () => {
  const model = buildModel(
    {
      name: "mixed",
      layers: [
        { units: 7, activation: "tanh" },
        { units: 6, activation: "sigmoid" },
        { units: 5, activation: "relu" },
        { units: 3, activation: "linear" },
      ],
      loss: "softmaxCrossentropy",
    },
    4,
    { seed: 3 },
  );
  const n = 50;
  // A third of the inputs are exactly zero: the rows the forward pass skips.
  const x = Float32Array.from({ length: n * 4 }, (_, i) => (i % 3 === 0 ? 0 : Math.sin(i) * 2));
  const outputs = forwardPass(weights(model), x, n);
  assert.deepEqual(outputs.map((o) => o.length), [n * 7, n * 6, n * 5, n * 3]);
  assert.ok(outputs[0].every((v) => v > -1 && v < 1), "tanh");
  assert.ok(outputs[1].every((v) => v > 0 && v < 1), "sigmoid");
  const predicted = tf.tidy(() => (model.predict(tf.tensor2d(x, [n, 4])) as tf.Tensor).dataSync());
  for (let k = 0; k < n * 3; k++) {
    assert.ok(Math.abs(predicted[k] - outputs[3][k]) < 1e-5, `logit ${k}`);
  }
  assert.throws(
    () => forwardPass(weights(model), x.subarray(1), n),
    /forwardPass: argument "x": expected rows × inputs = 200 values, found 199/,
  );
  // Float64 buffers (a training step's) hold the same values before rounding.
  const wide = forwardPass(weights(model), x, n, {
    outputs: [7, 6, 5, 3].map((u) => new Float64Array(n * u)),
  });
  assert.deepEqual(Float32Array.from(wide[0]), outputs[0]);
});
