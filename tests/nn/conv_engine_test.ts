import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { createRandom } from "../../src/data/random.ts";
import { buildModel } from "../../src/nn/build_model.ts";
import { engineNet, writeEngineWeights } from "../../src/nn/conv_model.ts";
import {
  convForward,
  convGradients,
  type ConvNet,
  engineGradients,
  engineScratch,
  shapeSize,
} from "../../src/nn/conv_engine.ts";
import type { ModelSpec } from "../../src/nn/spec.ts";

/** Every layer kind, both paddings, both conv activations, an odd image size. */
const mixed: ModelSpec = {
  name: "mixed-cnn",
  inputShape: [7, 7, 2],
  loss: "softmaxCrossentropy",
  layers: [
    { kind: "conv2d", filters: 3, kernelSize: 3, padding: "same" },
    { kind: "maxPool2d", poolSize: 2 },
    { kind: "conv2d", filters: 4, kernelSize: 2, activation: "linear" },
    { kind: "flatten" },
    { units: 5 },
    { units: 3 },
  ],
};

/** A model of `spec` with random non-zero biases, and its engine view. */
function randomModel(spec: ModelSpec, seed: number): { model: tf.LayersModel; net: ConvNet } {
  const [h, w, c] = spec.inputShape!;
  const model = buildModel(spec, h * w * c, { seed: seed });
  const net = engineNet(model);
  const random = createRandom(seed + 100);
  for (const layer of net.layers) {
    if (layer.kind === "conv2d" || layer.kind === "dense") {
      for (let k = 0; k < layer.bias.length; k++) layer.bias[k] = 0.2 * (random.next() - 0.5);
    }
  }
  writeEngineWeights(net, model);
  return { model, net };
}

/** m random inputs in [-1, 1], about a third of them exactly zero (as blank pixels). */
function randomInputs(size: number, m: number, seed: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length: m * size }, () => {
    const u = random.next();
    return u < 0.33 ? 0 : 2 * random.next() - 1;
  });
}

function assertClose(ours: ArrayLike<number>, theirs: ArrayLike<number>, what: string, rel = 1e-4) {
  assert.equal(ours.length, theirs.length, `${what}: length`);
  for (let k = 0; k < ours.length; k++) {
    const tol = 1e-5 + rel * Math.abs(theirs[k]);
    assert.ok(
      Math.abs(ours[k] - theirs[k]) <= tol,
      `${what}[${k}]: ours ${ours[k]}, other ${theirs[k]}`,
    );
  }
}

Deno.test("conv engine forward pass equals tfjs's cpu backend, layer by layer", () => {
  const { model, net } = randomModel(mixed, 1);
  const m = 5, size = shapeSize(net.layers[0].input);
  const x = randomInputs(size, m, 2);
  const ours = convForward(net, x, m, engineScratch(net, m));
  const [h, w, c] = mixed.inputShape!;
  const probe = tf.model({
    inputs: model.inputs,
    outputs: model.layers.map((l) => l.output as tf.SymbolicTensor),
  });
  const theirs = tf.tidy(() =>
    (probe.predict(tf.tensor4d(x, [m, h, w, c])) as tf.Tensor[]).map((t) =>
      t.dataSync() as Float32Array
    )
  );
  ours.forEach((out, j) => assertClose(out, theirs[j], `layer ${model.layers[j].name}`));
});

Deno.test("conv engine gradients equal tfjs's automatic gradients (mean softmax cross-entropy)", () => {
  const { model, net } = randomModel(mixed, 3);
  const m = 6, size = shapeSize(net.layers[0].input), classes = 3;
  const x = randomInputs(size, m, 4);
  const labels = Int32Array.from({ length: m }, (_, i) => i % classes);
  const grads = engineGradients(net);
  const loss = convGradients(net, { x, labels, m, scale: 1 / m }, grads, engineScratch(net, m));
  const [h, w, c] = mixed.inputShape!;
  const variables = model.trainableWeights.map((v) => v.read() as tf.Variable);
  const theirs = tf.tidy(() => {
    const xs = tf.tensor4d(x, [m, h, w, c]);
    const ys = tf.oneHot(tf.tensor1d(labels, "int32"), classes);
    const { value, grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(ys, model.apply(xs) as tf.Tensor) as tf.Scalar,
      variables,
    );
    return { loss: value.dataSync()[0], grads: variables.map((v) => grads[v.name].dataSync()) };
  });
  assert.ok(Math.abs(loss / m - theirs.loss) < 1e-5, `loss ${loss / m} vs tfjs ${theirs.loss}`);
  const ourGrads = grads.filter((g) => g !== null).flatMap((g) => [g!.kernel, g!.bias]);
  assert.equal(ourGrads.length, theirs.grads.length);
  ourGrads.forEach((g, k) => {
    assertClose(g, theirs.grads[k], `gradient of ${variables[k].name}`, 1e-3);
    assert.ok(g.some((v) => v !== 0), `gradient of ${variables[k].name} is all zero`);
  });
});

Deno.test("conv engine gradients match central finite differences of the loss", () => {
  const spec: ModelSpec = { ...mixed, name: "fd-cnn" };
  const { net } = randomModel(spec, 5);
  const m = 4, size = shapeSize(net.layers[0].input);
  const x = randomInputs(size, m, 6);
  const labels = Int32Array.from([0, 1, 2, 1]);
  const scratch = engineScratch(net, m);
  const grads = engineGradients(net);
  convGradients(net, { x, labels, m, scale: 1 / m }, grads, scratch);
  const lossAt = () =>
    convGradients(net, { x, labels, m, scale: 1 / m }, engineGradients(net), scratch) / m;
  const random = createRandom(7);
  let checked = 0, worst = 0;
  net.layers.forEach((layer, j) => {
    if (layer.kind !== "conv2d" && layer.kind !== "dense") return;
    for (const [name, values] of [["kernel", layer.kernel], ["bias", layer.bias]] as const) {
      const g = grads[j]![name];
      for (let t = 0; t < 6; t++) {
        const k = random.int(values.length), original = values[k], eps = 1e-3;
        values[k] = original + eps;
        const up = lossAt();
        values[k] = original - eps;
        const down = lossAt();
        values[k] = original;
        const numeric = (up - down) / (2 * eps);
        const error = Math.abs(numeric - g[k]);
        worst = Math.max(worst, error / (1e-3 + Math.abs(numeric)));
        assert.ok(
          error <= 2e-3 + 2e-2 * Math.abs(numeric),
          `layer ${j} ${name}[${k}]: analytic ${g[k]}, finite difference ${numeric}`,
        );
        checked++;
      }
    }
  });
  assert.equal(checked, 4 * 2 * 6);
  assert.ok(worst < 0.05, `worst relative error ${worst}`);
});

Deno.test("a batch's gradient is the sum of its chunks' gradients", () => {
  const { net } = randomModel(mixed, 8);
  const m = 6, size = shapeSize(net.layers[0].input);
  const x = randomInputs(size, m, 9);
  const labels = Int32Array.from({ length: m }, (_, i) => (i * 2) % 3);
  const whole = engineGradients(net), parts = engineGradients(net);
  const scratch = engineScratch(net, m);
  const loss = convGradients(net, { x, labels, m, scale: 1 / m }, whole, scratch);
  const a = convGradients(
    net,
    { x: x.subarray(0, 2 * size), labels: labels.subarray(0, 2), m: 2, scale: 1 / m },
    parts,
    scratch,
  );
  const b = convGradients(
    net,
    { x: x.subarray(2 * size), labels: labels.subarray(2), m: 4, scale: 1 / m },
    parts,
    scratch,
  );
  assert.ok(Math.abs(loss - a - b) < 1e-9);
  whole.forEach((g, j) => {
    if (!g) return;
    assertClose(g.kernel, parts[j]!.kernel, `kernel ${j}`, 1e-9);
    assertClose(g.bias, parts[j]!.bias, `bias ${j}`, 1e-9);
  });
});
