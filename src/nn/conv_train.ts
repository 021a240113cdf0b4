/**
 * The training loop of conv networks: the same seeded batches, Adam and
 * per-epoch records as {@linkcode trainModel} for dense networks, with the
 * arithmetic in the conv engine on two threads ({@linkcode convTrainer}).
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";
import { createRandom, deriveSeed, shuffleInPlace } from "../data/random.ts";
import type { SplitDataset } from "../data/dataset.ts";
import type { ResolvedModelSpec } from "./spec.ts";
import type { EpochRecord, TrainOptions } from "./train.ts";
import { evaluateModel } from "./evaluate.ts";
import { engineNet, writeEngineWeights } from "./conv_model.ts";
import { convTrainer, type LayerMoments } from "./conv_trainer.ts";
import { shapeSize } from "./conv_engine.ts";
import type { AdamState } from "./dense_engine.ts";
import { adamWithState, readAdamState } from "./adam_state.ts";

/** The model's trainable variables (kernel, bias per conv or dense layer, in order). */
function variables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** Adam's hyper-parameters and moments from the model's tfjs Adam (zero moments when fresh). */
async function adamFromModel(
  model: tf.LayersModel,
  learningRate: number,
): Promise<{ adam: AdamState; moments: LayerMoments[] | null }> {
  // A Sequential keeps its optimizer on an inner model that build() creates.
  if (model instanceof tf.Sequential && (model as unknown as { model?: unknown }).model == null) {
    model.build();
  }
  if (model.optimizer == null) model.optimizer = tf.train.adam(learningRate, 0.9, 0.999, 1e-7);
  const { adam, moments: read } = await readAdamState(model.optimizer, variables(model).length);
  if (read === null) return { adam, moments: null };
  let v = 0;
  const moments = model.layers.map((layer): LayerMoments => {
    if (layer.trainableWeights.length === 0) return null;
    const [kernel, bias] = [read[v], read[v + 1]];
    v += 2;
    return { mKernel: kernel.m, mBias: bias.m, vKernel: kernel.v, vBias: bias.v };
  });
  return { adam, moments };
}

/** Write the trainer's weights into the model and replace its Adam by one holding the trainer's moments. */
async function syncModel(
  model: tf.LayersModel,
  trainer: { net: ReturnType<typeof engineNet>; moments: LayerMoments[]; adam: AdamState },
): Promise<void> {
  writeEngineWeights(trainer.net, model);
  const vars = variables(model);
  const moments = trainer.moments.filter((m) => m !== null).flatMap((m, j) => {
    const [kernel, bias] = [vars[2 * j], vars[2 * j + 1]];
    return [
      { name: kernel.name, shape: kernel.shape, m: m.mKernel, v: m.vKernel },
      { name: bias.name, shape: bias.shape, m: m.mBias, v: m.vBias },
    ];
  });
  const adam = await adamWithState(trainer.adam, moments);
  model.optimizer?.dispose();
  model.optimizer = adam;
}

/** The training rows of one epoch in its seeded order. */
function epochRows(
  data: SplitDataset,
  seed: number,
  epoch: number,
): { x: Float32Array; y: Int32Array } {
  const { n, d } = data.train;
  const order = shuffleInPlace(
    Int32Array.from({ length: n }, (_, i) => i),
    createRandom(deriveSeed(seed, `shuffle/epoch${epoch}`)),
  );
  const x = new Float32Array(n * d), y = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    x.set(data.train.x.subarray(i * d, i * d + d), k * d);
    y[k] = data.train.y[i];
  }
  return { x, y };
}

/**
 * Train a conv model (built by `buildModel` from a spec with `inputShape`):
 * epochs `startEpoch + 1 … epochs`, each in the seeded order of stream
 * `deriveSeed(seed, "shuffle/epoch<e>")` at the spec's batch size, softmax
 * cross-entropy, Adam (Keras's form; moments restored from `model.optimizer`
 * when it has them). After each epoch the weights and a tfjs Adam holding the
 * moments go back into the model, and the metrics on the full train and test
 * sets are recorded. Called by {@linkcode trainModel}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildModel } from "./build_model.ts";
 * import { resolveModelSpec } from "./spec.ts";
 * import { trainConvModel } from "./conv_train.ts";
 * const spec = resolveModelSpec({ name: "cnn", inputShape: [3, 3, 1], loss: "softmaxCrossentropy",
 *   layers: [{ kind: "conv2d", filters: 2, kernelSize: 2 }, { kind: "flatten" }, { units: 2 }] });
 * const set = { name: "toy", x: Float32Array.from({ length: 36 }, (_, i) => i % 7), y: new Int32Array([0, 1, 0, 1]), n: 4, d: 9, classes: 2 };
 * const history = await trainConvModel(buildModel(spec, 9, { seed: 0 }), spec, { train: set, test: set }, { epochs: 1, seed: 0, threads: 1 });
 * assert.equal(history[0].epoch, 1);
 * ```
 */
export async function trainConvModel(
  model: tf.LayersModel,
  spec: ResolvedModelSpec,
  data: SplitDataset,
  opts: TrainOptions & { threads?: number },
): Promise<EpochRecord[]> {
  const net = engineNet(model);
  const inputSize = shapeSize(net.layers[0].input);
  const classes = shapeSize(net.layers[net.layers.length - 1].output);
  if (data.train.d !== inputSize || data.test.d !== inputSize) {
    throw new RangeError(
      `trainModel: expected data of dimension ${inputSize} (the model's input), found train ${data.train.d}, test ${data.test.d}`,
    );
  }
  if (Math.max(data.train.classes, data.test.classes) > classes) {
    throw new RangeError(
      `trainModel: spec "${spec.name}": expected at most ${classes} classes for ${classes} outputs, found ${
        Math.max(data.train.classes, data.test.classes)
      }`,
    );
  }
  const history: EpochRecord[] = [];
  const record = async (epoch: number) => {
    const none = { loss: NaN, accuracy: NaN, rmse: NaN };
    const entry = opts.evaluate === false
      ? { epoch, train: none, test: none }
      : { epoch, train: evaluateModel(model, data.train), test: evaluateModel(model, data.test) };
    history.push(entry);
    if (opts.onEpochEnd) await opts.onEpochEnd(entry, model);
  };
  const startEpoch = opts.startEpoch ?? 0;
  if (opts.includeInitial && startEpoch === 0) await record(0);
  if (startEpoch >= opts.epochs) return history;
  const { adam, moments } = await adamFromModel(model, spec.learningRate);
  const trainer = await convTrainer(net, adam, moments, {
    batchSize: spec.batchSize,
    threads: opts.threads,
  });
  try {
    const n = data.train.n, batches = Math.ceil(n / spec.batchSize);
    for (let epoch = startEpoch + 1; epoch <= opts.epochs; epoch++) {
      const rows = epochRows(data, opts.seed, epoch);
      await trainer.setData(rows.x, rows.y);
      for (let b = 0; b < batches; b++) {
        const start = b * spec.batchSize, m = Math.min(spec.batchSize, n - start);
        const loss = await trainer.step(start, m);
        opts.onBatch?.(epoch, b + 1, batches, loss);
      }
      await syncModel(model, trainer);
      await record(epoch);
    }
  } finally {
    trainer.close();
  }
  return history;
}
