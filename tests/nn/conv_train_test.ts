import assert from "node:assert/strict";
import { mnistDigits } from "../../src/data/mnist.ts";
import { selectRows, type SplitDataset } from "../../src/data/dataset.ts";
import { buildModel } from "../../src/nn/build_model.ts";
import { trainModel } from "../../src/nn/train.ts";
import { trainConvModel } from "../../src/nn/conv_train.ts";
import { modelWeights } from "../../src/nn/weights.ts";
import { activations } from "../../src/nn/activations.ts";
import { type ModelSpec, resolveModelSpec } from "../../src/nn/spec.ts";
import { loadModelFiles, saveModelFiles } from "../../src/artifacts/tfjs_model_files.ts";

const small: ModelSpec = {
  name: "small-cnn",
  inputShape: [28, 28, 1],
  loss: "softmaxCrossentropy",
  layers: [
    { kind: "conv2d", filters: 6, kernelSize: 3 },
    { kind: "maxPool2d", poolSize: 2 },
    { kind: "conv2d", filters: 4, kernelSize: 2, padding: "same" },
    { kind: "maxPool2d", poolSize: 2 },
    { kind: "flatten" },
    { units: 10 },
  ],
};

async function digits(n: number): Promise<SplitDataset> {
  const all = await mnistDigits();
  const idx = (from: number, count: number) =>
    Int32Array.from({ length: count }, (_, i) => from + i);
  return { train: selectRows(all, idx(0, n)), test: selectRows(all, idx(n, n / 4)) };
}

Deno.test("a small CNN learns MNIST digits, and one or two threads give the same weights", async () => {
  const data = await digits(800);
  const spec = resolveModelSpec(small);
  const one = buildModel(small, 784, { seed: 0 }), two = buildModel(small, 784, { seed: 0 });
  const h1 = await trainConvModel(one, spec, data, { epochs: 2, seed: 1, threads: 1 });
  const h2 = await trainConvModel(two, spec, data, { epochs: 2, seed: 1, threads: 2 });
  assert.deepEqual(modelWeights(one), modelWeights(two));
  assert.deepEqual(h1, h2);
  assert.ok(h1[1].test.accuracy > 0.6, `test accuracy ${h1[1].test.accuracy} after 2 epochs`);
  assert.ok(h1[1].train.loss < h1[0].train.loss, "training loss went down");
});

Deno.test("CNN snapshots: every layer's activations, conv maps flattened per image", async () => {
  const data = await digits(40);
  const model = buildModel(small, 784, { seed: 2 });
  const clouds = activations(model, data.test.x, data.test.n, 784);
  assert.deepEqual(clouds.map((c) => c.d), [
    784,
    26 * 26 * 6,
    13 * 13 * 6,
    13 * 13 * 4,
    6 * 6 * 4,
    144,
    10,
  ]);
  assert.ok(clouds.every((c) => c.n === 10 && c.data.length === 10 * c.d));
  assert.deepEqual(clouds[5].data, clouds[4].data); // flatten keeps the values and their order
});

Deno.test("CNN model files: saved, loaded, and resumed bit for bit", async () => {
  const data = await digits(200);
  const straight = buildModel(small, 784, { seed: 4 });
  const full = await trainModel(straight, small, data, { epochs: 3, seed: 4 });
  const dir = await Deno.makeTempDir();
  const first = buildModel(small, 784, { seed: 4 });
  await trainModel(first, small, data, {
    epochs: 1,
    seed: 4,
    onEpochEnd: async (_record, m) => await saveModelFiles(m, dir),
  });
  const resumed = await loadModelFiles(dir);
  assert.deepEqual(resumed.layers.map((l) => l.getClassName()), [
    "Conv2D",
    "MaxPooling2D",
    "Conv2D",
    "MaxPooling2D",
    "Flatten",
    "Dense",
  ]);
  const rest = await trainModel(resumed, small, data, { epochs: 3, seed: 4, startEpoch: 1 });
  assert.deepEqual(modelWeights(resumed), modelWeights(straight));
  assert.deepEqual(rest, full.slice(1));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("CNN specs: errors name the layer and field", () => {
  assert.throws(
    () =>
      resolveModelSpec({
        name: "x",
        layers: [{ kind: "conv2d", filters: 2, kernelSize: 3 }, { units: 2 }],
      }),
    /layers\[0\]\.kind": expected a dense layer \(a conv2d layer needs an image-shaped input/,
  );
  assert.throws(
    () =>
      resolveModelSpec({
        ...small,
        layers: [{ kind: "conv2d", filters: 0, kernelSize: 3 }, { kind: "flatten" }, { units: 2 }],
      }),
    /layers\[0\]\.filters": expected a positive integer, found 0/,
  );
  assert.throws(
    () =>
      resolveModelSpec({
        ...small,
        layers: [{ kind: "conv2d", filters: 2, kernelSize: 3 }, { units: 2 }],
      }),
    /layers\[1\]\.kind": expected a flatten layer before dense layer 1/,
  );
  assert.throws(
    () => buildModel(small, 100, { seed: 0 }),
    /expected inputs of dimension 28×28×1 = 784/,
  );
});
