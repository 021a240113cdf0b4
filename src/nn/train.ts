/**
 * The training loop: seeded mini-batches, Adam, per-epoch metrics.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";
import { createRandom, deriveSeed, shuffleInPlace } from "../data/random.ts";
import { assertDataset, type SplitDataset } from "../data/dataset.ts";
import { denseLayerSpecs, type ModelSpec, resolveModelSpec } from "./spec.ts";
import { isConvModel } from "./conv_model.ts";
import { trainConvModel } from "./conv_train.ts";
import { evaluateDense, type Metrics } from "./evaluate.ts";
import { useCpuBackend } from "./backend.ts";
import { type AdamState, adamStep, type DenseLayerState } from "./dense_engine.ts";
import { assignWeights, type DenseWeights, weights } from "./weights.ts";
import { adamWithState, readAdamState } from "./adam_state.ts";

/** Metrics after one epoch, on the full training and test sets. */
export interface EpochRecord {
  /** Epochs trained so far (0 = the untrained network). */
  epoch: number;
  /** Metrics on the whole training set. */
  train: Metrics;
  /** Metrics on the whole test set. */
  test: Metrics;
}

/** Options of {@linkcode trainModel}. */
export interface TrainOptions {
  /** The epoch to stop after (total, counting from the untrained network). */
  epochs: number;
  /** Seed of the batch order (stream `"shuffle/epoch<e>"`) and dropout masks (`"dropout/epoch<e>"`). */
  seed: number;
  /** Called after every epoch with its record and the model (awaited). */
  onEpochEnd?: (record: EpochRecord, model: tf.LayersModel) => void | Promise<void>;
  /** Called after every batch with its training loss (costs a GPU→CPU read per batch). */
  onBatch?: (epoch: number, batch: number, batches: number, loss: number) => void;
  /**
   * Epochs already trained (default 0): train epochs `startEpoch + 1 … epochs`.
   * To resume bit-identically, pass a model loaded with its optimizer state
   * (`loadModelFiles` of src/artifacts/tfjs_model_files.ts restores
   * `model.optimizer`); without it a fresh Adam starts.
   */
  startEpoch?: number;
  /**
   * Compute the metrics on the full train and test sets after each epoch
   * (default true). Conv models only: false records NaN metrics, for
   * networks trained only for their weights (the filter stage's pool).
   */
  evaluate?: boolean;
  /** Also record (and report to `onEpochEnd`) epoch 0, the untrained network (default false). */
  includeInitial?: boolean;
}

/**
 * Train a dense network on an (already standardised) split with Adam
 * (learning rate `spec.learningRate`, β1 = 0.9, β2 = 0.999, ε = 1e-7 as Keras),
 * iterating the mini-batches itself: every epoch e permutes the training rows
 * with the stream `deriveSeed(seed, "shuffle/epoch<e>")` and takes batches of
 * `spec.batchSize` in that order (the last one smaller, as Keras). The loss is
 * the spec's cross-entropy plus the layers' L1/L2 kernel penalties; dropout
 * masks come from `deriveSeed(seed, "dropout/epoch<e>")`. After each epoch the
 * loss, accuracy and RMSE on the full train and test sets are recorded. The
 * optimizer is kept on `model.optimizer` (a tfjs Adam holding the engine's
 * moments) so that a saved model carries it and a resumed run continues
 * bit-identically. The arithmetic is src/nn/dense_engine.ts's, on typed
 * arrays; the model's weights are written back after every epoch. The same
 * seed gives a bit-identical history.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { concentricSpheres } from "../data/spheres.ts";
 * import { trainTestSplit } from "../data/split.ts";
 * import { buildModel } from "./build_model.ts";
 * import { trainModel } from "./train.ts";
 * const spec = { name: "tiny", layers: [{ units: 4 }, { units: 1 }] };
 * const split = trainTestSplit(concentricSpheres({ d: 3, n: 50 }), { seed: 0 });
 * const history = await trainModel(buildModel(spec, 3, { seed: 0 }), spec, split, { epochs: 2, seed: 0 });
 * assert.equal(history.length, 2);
 * assert.equal(history[1].epoch, 2);
 * ```
 */
export async function trainModel(
  model: tf.LayersModel,
  spec: ModelSpec,
  data: SplitDataset,
  opts: TrainOptions,
): Promise<EpochRecord[]> {
  useCpuBackend();
  const resolved = resolveModelSpec(spec);
  assertDataset(data.train, "trainModel: data.train");
  assertDataset(data.test, "trainModel: data.test");
  const { train, test } = data;
  const startEpoch = opts.startEpoch ?? 0;
  if (!Number.isInteger(opts.epochs) || opts.epochs < 0) {
    throw new RangeError(
      `trainModel: option "epochs": expected an integer ≥ 0, found ${opts.epochs}`,
    );
  }
  if (!Number.isInteger(startEpoch) || startEpoch < 0 || startEpoch > opts.epochs) {
    throw new RangeError(
      `trainModel: option "startEpoch": expected an integer in [0, ${opts.epochs}], found ${startEpoch}`,
    );
  }
  if (!Number.isInteger(opts.seed)) {
    throw new RangeError(`trainModel: option "seed": expected an integer, found ${opts.seed}`);
  }
  if (isConvModel(model) || resolved.inputShape) {
    return await trainConvModel(model, resolved, data, { ...opts, startEpoch });
  }
  const specs = denseLayerSpecs(resolved);
  const layers = weights(model);
  if (layers.length !== resolved.layers.length) {
    throw new RangeError(
      `trainModel: model "${model.name}" has ${layers.length} dense layers, spec "${resolved.name}" has ${resolved.layers.length}`,
    );
  }
  const inputDim = layers[0].shape[0];
  if (train.d !== inputDim || test.d !== inputDim) {
    throw new RangeError(
      `trainModel: expected data of dimension ${inputDim} (the model's input), found train ${train.d}, test ${test.d}`,
    );
  }
  const outputs = layers[layers.length - 1].shape[1];
  const binary = resolved.loss === "binaryCrossentropyFromLogits";
  const classes = Math.max(train.classes, test.classes);
  if (binary ? classes !== 2 : classes !== outputs) {
    throw new RangeError(
      `trainModel: spec "${resolved.name}": expected ${
        binary ? 2 : outputs
      } classes for loss ${resolved.loss} with ${outputs} outputs, found ${classes}`,
    );
  }

  // A Sequential keeps its optimizer on an inner model that build() creates.
  if (model instanceof tf.Sequential && Reflect.get(model, "model") == null) {
    model.build();
  }
  if (model.optimizer == null) {
    model.optimizer = tf.train.adam(resolved.learningRate, 0.9, 0.999, 1e-7);
  }
  const js = await engineState(layers, specs, model.optimizer);
  const anyDropout = specs.some((l) => l.dropout > 0);

  const history: EpochRecord[] = [];
  // The engine's weights are the model's (written back before each record).
  const logits = new Float32Array(Math.max(train.n, test.n) * outputs);
  const record = async (epoch: number) => {
    const entry = {
      epoch,
      train: evaluateDense(js.layers, train, logits),
      test: evaluateDense(js.layers, test, logits),
    };
    history.push(entry);
    if (opts.onEpochEnd) await opts.onEpochEnd(entry, model);
  };
  if (opts.includeInitial && startEpoch === 0) await record(0);

  const { n, d } = train;
  const batchSize = resolved.batchSize;
  const batches = Math.ceil(n / batchSize);
  const xs = new Float32Array(n * d);
  const ys = new Float32Array(n * (binary ? 1 : outputs));
  const order = new Int32Array(n);
  for (let epoch = startEpoch + 1; epoch <= opts.epochs; epoch++) {
    for (let i = 0; i < n; i++) order[i] = i;
    shuffleInPlace(order, createRandom(deriveSeed(opts.seed, `shuffle/epoch${epoch}`)));
    ys.fill(0);
    const tx = train.x, ty = train.y;
    for (let k = 0; k < n; k++) {
      const i = order[k];
      for (let c = 0; c < d; c++) xs[k * d + c] = tx[i * d + c];
      if (binary) ys[k] = ty[i];
      else ys[k * outputs + ty[i]] = 1;
    }
    const dropoutRandom = anyDropout
      ? createRandom(deriveSeed(opts.seed, `dropout/epoch${epoch}`))
      : null;
    const width = binary ? 1 : outputs;
    for (let b = 0; b < batches; b++) {
      const start = b * batchSize, m = Math.min(batchSize, n - start);
      const batch = {
        x: xs.subarray(start * d, (start + m) * d),
        targets: ys.subarray(start * width, (start + m) * width),
        rows: m,
        binary,
      };
      const loss = adamStep(js.layers, js.adam, batch, dropoutRandom);
      opts.onBatch?.(epoch, b + 1, batches, loss);
    }
    model.optimizer = await syncToModel(js, model, model.optimizer);
    await record(epoch);
  }
  return history;
}

interface EngineState {
  layers: DenseLayerState[];
  adam: AdamState;
}

/** Copy the model's weights and its tfjs Adam's state into typed arrays. */
async function engineState(
  layers: DenseWeights[],
  specs: { l1: number; l2: number; dropout: number }[],
  optimizer: tf.Optimizer,
): Promise<EngineState> {
  const { adam, moments } = await readAdamState(optimizer, 2 * layers.length);
  const state = layers.map((layer, j): DenseLayerState => {
    const [inputs, outputs] = layer.shape;
    return {
      ...layer,
      l1: specs[j].l1,
      l2: specs[j].l2,
      dropout: specs[j].dropout,
      mKernel: moments?.[2 * j].m ?? new Float32Array(inputs * outputs),
      mBias: moments?.[2 * j + 1].m ?? new Float32Array(outputs),
      vKernel: moments?.[2 * j].v ?? new Float32Array(inputs * outputs),
      vBias: moments?.[2 * j + 1].v ?? new Float32Array(outputs),
    };
  });
  return { layers: state, adam };
}

/**
 * Write the engine's weights into the model's variables and return a fresh
 * tfjs Adam holding the engine's moments (the old optimizer is disposed).
 */
async function syncToModel(
  js: EngineState,
  model: tf.LayersModel,
  old: tf.Optimizer,
): Promise<tf.Optimizer> {
  const names = assignWeights(model, js.layers);
  const moments = js.layers.flatMap((l, j) => [
    { name: names[2 * j], shape: l.shape, m: l.mKernel, v: l.vKernel },
    { name: names[2 * j + 1], shape: [l.shape[1]], m: l.mBias, v: l.vBias },
  ]);
  const adam = await adamWithState(js.adam, moments);
  old.dispose();
  return adam;
}
