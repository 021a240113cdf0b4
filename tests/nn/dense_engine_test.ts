import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { denseGradients, type DenseLayerState } from "../../src/nn/dense_engine.ts";
import { buildModel } from "../../src/nn/build_model.ts";
import { trainModel } from "../../src/nn/train.ts";
import { evaluateModel } from "../../src/nn/evaluate.ts";
import { weights } from "../../src/nn/weights.ts";
import { tfjsDense, tfjsDenseForward, tfjsTrain } from "./tfjs_reference.ts";
import type { DenseLayerSpec, ModelSpec } from "../../src/nn/spec.ts";
import { createRandom } from "../../src/data/random.ts";
import { good, smallSpheres } from "./helpers.ts";

function engineLayers(spec: ModelSpec, model: tf.LayersModel): DenseLayerState[] {
  return weights(model).map((w, j) => ({
    ...w,
    l1: (spec.layers[j] as DenseLayerSpec).l1 ?? 0,
    l2: (spec.layers[j] as DenseLayerSpec).l2 ?? 0,
    dropout: 0,
    kernel: w.kernel,
    bias: w.bias.map((_, o) => 0.1 * (o % 3) - 0.1), // non-zero biases
    mKernel: new Float32Array(w.kernel.length),
    mBias: new Float32Array(w.bias.length),
    vKernel: new Float32Array(w.kernel.length),
    vBias: new Float32Array(w.bias.length),
  }));
}

/** tfjs's own gradients of the same loss, by automatic differentiation. */
function tfjsGradients(
  model: tf.LayersModel,
  state: DenseLayerState[],
  x: Float32Array,
  targets: Float32Array,
  m: number,
  binary: boolean,
): { loss: number; grads: Float32Array[] } {
  const layers = tfjsDense(model);
  layers.forEach((l, j) => l.bias.assign(tf.tensor(state[j].bias)));
  return tf.tidy(() => {
    const xb = tf.tensor2d(x, [m, state[0].shape[0]]);
    const width = binary ? 1 : state[state.length - 1].shape[1];
    const yb = tf.tensor2d(targets, [m, width]);
    const { value, grads } = tf.variableGrads(() => {
      let h = xb;
      for (const l of layers) h = tfjsDenseForward(l, h);
      let loss = binary
        ? tf.losses.sigmoidCrossEntropy(yb, h)
        : tf.losses.softmaxCrossEntropy(yb, h);
      state.forEach((s, j) => {
        if (s.l1 > 0) loss = tf.add(loss, tf.mul(s.l1, tf.sum(tf.abs(layers[j].kernel))));
        if (s.l2 > 0) loss = tf.add(loss, tf.mul(s.l2, tf.sum(tf.square(layers[j].kernel))));
      });
      return loss as tf.Scalar;
    }, layers.flatMap((l) => [l.kernel, l.bias]));
    return {
      loss: value.dataSync()[0],
      grads: layers.flatMap((l) => [
        grads[l.kernel.name].dataSync() as Float32Array,
        grads[l.bias.name].dataSync() as Float32Array,
      ]),
    };
  });
}

function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(a.length, b.length, what);
  for (let k = 0; k < a.length; k++) {
    const tol = 1e-5 + 1e-4 * Math.abs(b[k]);
    assert.ok(Math.abs(a[k] - b[k]) <= tol, `${what}[${k}]: ${a[k]} vs tfjs ${b[k]}`);
  }
}

Deno.test("denseGradients equals tfjs's automatic gradients (binary, all activations, L1/L2)", () => {
  const spec: ModelSpec = {
    name: "mixed",
    layers: [
      { units: 6, activation: "tanh", l2: 0.01 },
      { units: 5, activation: "relu", l1: 0.02 },
      { units: 4, activation: "sigmoid" },
      { units: 1 },
    ],
  };
  const model = buildModel(spec, 3, { seed: 1 });
  const state = engineLayers(spec, model);
  const random = createRandom(2);
  const m = 17;
  const x = Float32Array.from({ length: m * 3 }, () => random.normal());
  const y = Float32Array.from({ length: m }, (_, i) => i % 2);
  const ours = denseGradients(state, { x, targets: y, rows: m, binary: true }, null);
  const theirs = tfjsGradients(model, state, x, y, m, true);
  assert.ok(Math.abs(ours.loss - theirs.loss) < 1e-5, `${ours.loss} vs ${theirs.loss}`);
  state.forEach((_, j) => {
    assertClose(ours.kernels[j], theirs.grads[2 * j], `kernel ${j}`);
    assertClose(ours.biases[j], theirs.grads[2 * j + 1], `bias ${j}`);
  });
});

Deno.test("denseGradients equals tfjs's automatic gradients (softmax, 3 classes)", () => {
  const spec: ModelSpec = {
    name: "soft",
    layers: [{ units: 7 }, { units: 3 }],
    loss: "softmaxCrossentropy",
  };
  const model = buildModel(spec, 4, { seed: 3 });
  const state = engineLayers(spec, model);
  const random = createRandom(3);
  const m = 11;
  const x = Float32Array.from({ length: m * 4 }, () => random.normal());
  const y = new Float32Array(m * 3);
  for (let i = 0; i < m; i++) y[i * 3 + (i % 3)] = 1;
  const ours = denseGradients(state, { x, targets: y, rows: m, binary: false }, null);
  const theirs = tfjsGradients(model, state, x, y, m, false);
  assert.ok(Math.abs(ours.loss - theirs.loss) < 1e-5);
  state.forEach((_, j) => {
    assertClose(ours.kernels[j], theirs.grads[2 * j], `kernel ${j}`);
    assertClose(ours.biases[j], theirs.grads[2 * j + 1], `bias ${j}`);
  });
});

Deno.test("trainModel agrees with a tfjs training loop to float32 rounding (Adam, dropout)", async () => {
  const data = smallSpheres(100, 5);
  const spec: ModelSpec = {
    name: "drop",
    layers: [{ units: 10, dropout: 0.2 }, { units: 5, l2: 0.001 }, { units: 1 }],
  };
  const ours = buildModel(spec, 10, { seed: 5 });
  const history = await trainModel(ours, spec, data, { epochs: 2, seed: 5 });
  const run = () => {
    const model = buildModel(spec, 10, { seed: 5 });
    tfjsTrain(model, spec, data, { epochs: 2, seed: 5 });
    return model;
  };
  const tfjs = run();
  assert.deepEqual(weights(run()), weights(tfjs)); // the tfjs loop is deterministic too
  const theirs = weights(tfjs);
  weights(ours).forEach((layer, j) => {
    assertClose(layer.kernel, theirs[j].kernel, `kernel ${j}`);
    assertClose(layer.bias, theirs[j].bias, `bias ${j}`);
  });
  const loss = evaluateModel(tfjs, data.test).loss;
  assert.ok(Math.abs(history[1].test.loss - loss) < 1e-4, `${history[1].test.loss} vs ${loss}`);
});

Deno.test("trainModel resumes a model the tfjs loop trained, from its tfjs Adam", async () => {
  const data = smallSpheres(60, 6);
  const a = buildModel(good, 10, { seed: 6 });
  tfjsTrain(a, good, data, { epochs: 1, seed: 6 });
  const full = await trainModel(a, good, data, { epochs: 2, startEpoch: 1, seed: 6 });
  const b = buildModel(good, 10, { seed: 6 });
  tfjsTrain(b, good, data, { epochs: 2, seed: 6 });
  weights(a).forEach((layer, j) => assertClose(layer.kernel, weights(b)[j].kernel, `kernel ${j}`));
  assert.deepEqual(full.map((r) => r.epoch), [2]);
});

Deno.test("denseGradients without a random stream ignores dropout (no stale masks)", () => {
  const spec: ModelSpec = { name: "d", layers: [{ units: 6, dropout: 0.5 }, { units: 1 }] };
  const model = buildModel(spec, 3, { seed: 4 });
  const plain = engineLayers(spec, model);
  const withDropout = plain.map((l, j) => ({ ...l, dropout: j === 0 ? 0.5 : 0 }));
  const random = createRandom(4);
  const m = 9;
  const x = Float32Array.from({ length: m * 3 }, () => random.normal());
  const y = Float32Array.from({ length: m }, (_, i) => i % 2);
  // A training step with masks first, so stale masks would be there to misuse.
  const batch = { x, targets: y, rows: m, binary: true };
  denseGradients(withDropout, batch, createRandom(5));
  const masked = denseGradients(withDropout, batch, null);
  const copy = {
    loss: masked.loss,
    kernels: masked.kernels.map((g) => g.slice()),
    biases: masked.biases.map((g) => g.slice()),
  };
  const reference = denseGradients(plain, batch, null);
  assert.equal(copy.loss, reference.loss);
  copy.kernels.forEach((g, j) => assert.deepEqual(g, reference.kernels[j], `kernel ${j}`));
  copy.biases.forEach((g, j) => assert.deepEqual(g, reference.biases[j], `bias ${j}`));
});
