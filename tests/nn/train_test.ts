import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { buildModel } from "../../src/nn/build_model.ts";
import { type EpochRecord, trainModel } from "../../src/nn/train.ts";
import { evaluateModel, logits, metricsFromLogits } from "../../src/nn/evaluate.ts";
import { weights } from "../../src/nn/weights.ts";
import { trainTestSplit } from "../../src/data/split.ts";
import type { Dataset } from "../../src/data/dataset.ts";
import { createRandom } from "../../src/data/random.ts";
import { good, smallSpheres } from "./helpers.ts";

Deno.test("trainModel: same seed gives a bit-identical history and weights", async () => {
  const data = smallSpheres(200, 1);
  const run = async (seed: number) => {
    const model = buildModel(good, 10, { seed });
    const history = await trainModel(model, good, data, { epochs: 3, seed });
    return { history, w: weights(model) };
  };
  const a = await run(5), b = await run(5), c = await run(6);
  assert.deepEqual(a.history, b.history);
  assert.deepEqual(a.w, b.w);
  assert.notDeepEqual(a.history, c.history);
  assert.deepEqual(a.history.map((r) => r.epoch), [1, 2, 3]);
});

Deno.test("trainModel: the good network learns small concentric spheres", async () => {
  const data = smallSpheres(400, 2);
  const spec = { ...good, learningRate: 0.01 };
  const model = buildModel(spec, 10, { seed: 2 });
  const seen: EpochRecord[] = [];
  const history = await trainModel(model, spec, data, {
    epochs: 8,
    seed: 2,
    includeInitial: true,
    onEpochEnd: (record, m) => {
      assert.equal(m, model);
      seen.push(record);
    },
  });
  assert.deepEqual(seen, history);
  assert.equal(history[0].epoch, 0);
  const first = history[0], last = history[history.length - 1];
  assert.ok(
    last.train.loss < first.train.loss * 0.7,
    `loss ${first.train.loss} → ${last.train.loss}`,
  );
  assert.ok(last.test.accuracy > 0.85, `test accuracy ${last.test.accuracy}`);
  assert.ok(last.test.rmse < first.test.rmse, `rmse ${first.test.rmse} → ${last.test.rmse}`);
});

Deno.test("trainModel: onBatch sees every batch; last batch is the remainder", async () => {
  const data = smallSpheres(50, 3); // 67 training rows: batches of 32, 32, 3
  const calls: [number, number, number][] = [];
  await trainModel(buildModel(good, 10, { seed: 0 }), good, data, {
    epochs: 2,
    seed: 0,
    onBatch: (epoch, batch, batches, loss) => {
      assert.ok(Number.isFinite(loss) && loss > 0);
      calls.push([epoch, batch, batches]);
    },
  });
  assert.deepEqual(calls, [[1, 1, 3], [1, 2, 3], [1, 3, 3], [2, 1, 3], [2, 2, 3], [2, 3, 3]]);
});

Deno.test("trainModel: dropout and L1/L2 penalties are seeded and change training", async () => {
  const data = smallSpheres(100, 4);
  const reg = {
    name: "reg",
    layers: [{ units: 10, dropout: 0.3, l2: 0.01 }, { units: 5, l1: 0.01 }, { units: 1 }],
  };
  const plain = { name: "plain", layers: [{ units: 10 }, { units: 5 }, { units: 1 }] };
  const run = async (spec: typeof reg) => {
    const model = buildModel(spec, 10, { seed: 1 });
    await trainModel(model, spec, data, { epochs: 2, seed: 1 });
    return weights(model);
  };
  const a = await run(reg), b = await run(reg), c = await run(plain);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a[0].kernel, c[0].kernel);
});

Deno.test("trainModel: softmax cross-entropy on three classes", async () => {
  const random = createRandom(9);
  const n = 300;
  const x = new Float32Array(n * 2), y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 3;
    const angle = (2 * Math.PI * y[i]) / 3;
    x[2 * i] = 2 * Math.cos(angle) + 0.5 * random.normal();
    x[2 * i + 1] = 2 * Math.sin(angle) + 0.5 * random.normal();
  }
  const data: Dataset = { name: "blobs", x, y, n, d: 2, classes: 3 };
  const spec = {
    name: "soft",
    layers: [{ units: 8 }, { units: 3 }],
    loss: "softmaxCrossentropy" as const,
    learningRate: 0.02,
  };
  const history = await trainModel(
    buildModel(spec, 2, { seed: 0 }),
    spec,
    trainTestSplit(data, { seed: 0 }),
    { epochs: 10, seed: 0 },
  );
  assert.ok(history[9].test.accuracy > 0.9, `accuracy ${history[9].test.accuracy}`);
  assert.throws(
    () => metricsFromLogits(new Float32Array(5), new Int32Array(2), 3),
    /expected 6 logits for 2 labels, found 5/,
  );
});

Deno.test("evaluateModel agrees with tfjs's own sigmoid cross-entropy and predict", () => {
  const data = smallSpheres(100, 6).test;
  const model = buildModel(good, 10, { seed: 6 });
  const m = evaluateModel(model, data);
  const x = tf.tensor2d(data.x, [data.n, data.d]);
  const predicted = model.predict(x) as tf.Tensor;
  const labels = tf.tensor2d(Float32Array.from(data.y), [data.n, 1]);
  const loss = tf.losses.sigmoidCrossEntropy(labels, predicted).dataSync()[0];
  const z = logits(model, data.x, data.n, data.d);
  assert.ok(Math.abs(m.loss - loss) < 1e-5, `${m.loss} vs ${loss}`);
  const direct = predicted.dataSync();
  for (let i = 0; i < data.n; i++) assert.ok(Math.abs(direct[i] - z[i]) < 1e-5);
  const hand = metricsFromLogits(new Float32Array([0, 2, -1]), new Int32Array([1, 1, 0]), 1);
  assert.equal(hand.accuracy, 2 / 3); // logit 0 (p = 0.5) counts as class 0
  const p = [0.5, 1 / (1 + Math.exp(-2)), 1 / (1 + Math.exp(1))];
  const rmse = Math.sqrt(((p[0] - 1) ** 2 + (p[1] - 1) ** 2 + p[2] ** 2) / 3);
  assert.ok(Math.abs(hand.rmse - rmse) < 1e-12);
  tf.dispose([x, predicted, labels]);
});

Deno.test("trainModel: bad arguments throw named errors", async () => {
  const data = smallSpheres(20, 0);
  const model = buildModel(good, 10, { seed: 0 });
  await assert.rejects(
    () => trainModel(model, good, data, { epochs: 2, seed: 0, startEpoch: 3 }),
    /option "startEpoch": expected an integer in \[0, 2\], found 3/,
  );
  await assert.rejects(
    () => trainModel(buildModel(good, 3, { seed: 0 }), good, data, { epochs: 1, seed: 0 }),
    /expected data of dimension 3/,
  );
});
