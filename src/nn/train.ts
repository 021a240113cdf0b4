/**
 * The training loop: seeded mini-batches, Adam, per-epoch metrics.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";
import { createRandom, deriveSeed, type Random, shuffleInPlace } from "../data/random.ts";
import { assertDataset, type SplitDataset } from "../data/dataset.ts";
import { type ModelSpec, resolveModelSpec } from "./spec.ts";
import { denseForward, type DenseParameters, denseParameters } from "./forward.ts";
import { evaluateModel, type Metrics } from "./evaluate.ts";
import { useCpuBackend } from "./backend.ts";
import { type AdamState, adamStep, type DenseLayerState } from "./dense_engine.ts";

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
  /** Also record (and report to `onEpochEnd`) epoch 0, the untrained network (default false). */
  includeInitial?: boolean;
  /**
   * Who does the arithmetic of a training step (default `"js"`): `"js"` runs
   * forward pass, back-propagation and Adam on typed arrays
   * (src/nn/dense_engine.ts), many times faster for these small networks;
   * `"tfjs"` runs `optimizer.minimize` on tfjs tensors. Both use the same
   * batches, dropout masks and float32 state, and both keep the model's
   * weights and `model.optimizer` (a tfjs Adam) current after every epoch, so
   * snapshots, saving and resuming work the same; their histories agree to
   * float32 rounding, not bit for bit.
   */
  engine?: "js" | "tfjs";
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
 * optimizer is kept on `model.optimizer` so that a saved model carries it.
 * On tfjs's cpu backend the same seed gives a bit-identical history.
 *
 * @example
 * ```ts
 * import { concentricSpheres } from "../data/spheres.ts";
 * import { trainTestSplit } from "../data/split.ts";
 * import { buildModel } from "./build_model.ts";
 * import { trainModel } from "./train.ts";
 * const spec = { name: "tiny", layers: [{ units: 4 }, { units: 1 }] };
 * const split = trainTestSplit(concentricSpheres({ d: 3, n: 50 }), { seed: 0 });
 * const history = await trainModel(buildModel(spec, 3, 0), spec, split, { epochs: 2, seed: 0 });
 * console.assert(history.length === 2 && history[1].epoch === 2);
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
  const layers = denseParameters(model);
  if (layers.length !== resolved.layers.length) {
    throw new RangeError(
      `trainModel: model "${model.name}" has ${layers.length} dense layers, spec "${resolved.name}" has ${resolved.layers.length}`,
    );
  }
  const inputDim = layers[0].kernel.shape[0];
  if (train.d !== inputDim || test.d !== inputDim) {
    throw new RangeError(
      `trainModel: expected data of dimension ${inputDim} (the model's input), found train ${train.d}, test ${test.d}`,
    );
  }
  const outputs = layers[layers.length - 1].kernel.shape[1] as number;
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
  if (model instanceof tf.Sequential && (model as unknown as { model?: unknown }).model == null) {
    model.build();
  }
  if (model.optimizer == null) {
    model.optimizer = tf.train.adam(resolved.learningRate, 0.9, 0.999, 1e-7);
  }
  const js = (opts.engine ?? "js") === "js"
    ? await engineState(layers, resolved.layers, model.optimizer)
    : null;
  const variables = layers.flatMap((l) => [l.kernel, l.bias]);
  const penalties = resolved.layers.map((l) => ({ l1: l.l1, l2: l.l2 }));
  const dropouts = resolved.layers.map((l) => l.dropout);
  const anyDropout = dropouts.some((p) => p > 0);

  const history: EpochRecord[] = [];
  const record = async (epoch: number) => {
    const entry = { epoch, train: evaluateModel(model, train), test: evaluateModel(model, test) };
    history.push(entry);
    if (opts.onEpochEnd) await opts.onEpochEnd(entry, model);
  };
  if (opts.includeInitial && startEpoch === 0) await record(0);

  const { n, d } = train;
  const batchSize = resolved.batchSize;
  const batches = Math.ceil(n / batchSize);
  const xs = new Float32Array(n * d);
  const ys = new Float32Array(n * (binary ? 1 : outputs));
  for (let epoch = startEpoch + 1; epoch <= opts.epochs; epoch++) {
    const order = shuffleInPlace(
      Int32Array.from({ length: n }, (_, i) => i),
      createRandom(deriveSeed(opts.seed, `shuffle/epoch${epoch}`)),
    );
    ys.fill(0);
    for (let k = 0; k < n; k++) {
      const i = order[k];
      xs.set(train.x.subarray(i * d, i * d + d), k * d);
      if (binary) ys[k] = train.y[i];
      else ys[k * outputs + train.y[i]] = 1;
    }
    const dropoutRandom = anyDropout
      ? createRandom(deriveSeed(opts.seed, `dropout/epoch${epoch}`))
      : null;
    const width = binary ? 1 : outputs;
    if (js) {
      for (let b = 0; b < batches; b++) {
        const start = b * batchSize, m = Math.min(batchSize, n - start);
        const loss = adamStep(
          js.layers,
          js.adam,
          xs.subarray(start * d, (start + m) * d),
          ys.subarray(start * width, (start + m) * width),
          m,
          binary,
          dropoutRandom,
        );
        opts.onBatch?.(epoch, b + 1, batches, loss);
      }
      model.optimizer = await syncToModel(js, layers, model.optimizer);
      await record(epoch);
      continue;
    }
    const optimizer = model.optimizer;
    for (let b = 0; b < batches; b++) {
      const start = b * batchSize, m = Math.min(batchSize, n - start);
      const masks = dropoutRandom ? dropoutMasks(dropoutRandom, dropouts, layers, m) : null;
      const xb = tf.tensor2d(xs.subarray(start * d, (start + m) * d), [m, d]);
      const yb = tf.tensor2d(ys.subarray(start * width, (start + m) * width), [m, width]);
      const cost = optimizer.minimize(
        () => batchLoss(layers, xb, yb, binary, penalties, masks),
        opts.onBatch !== undefined,
        variables,
      );
      xb.dispose();
      yb.dispose();
      if (opts.onBatch && cost) {
        const value = (await cost.data())[0];
        cost.dispose();
        opts.onBatch(epoch, b + 1, batches, value);
      }
    }
    await record(epoch);
  }
  return history;
}

function batchLoss(
  layers: DenseParameters[],
  xb: tf.Tensor2D,
  yb: tf.Tensor2D,
  binary: boolean,
  penalties: { l1: number; l2: number }[],
  masks: (Float32Array | null)[] | null,
): tf.Scalar {
  let h = xb;
  layers.forEach((layer, j) => {
    h = denseForward(layer, h);
    const mask = masks?.[j];
    if (mask) h = tf.mul(h, tf.tensor2d(mask, h.shape)) as tf.Tensor2D;
  });
  let loss = binary
    ? tf.mean(
      tf.add(
        tf.sub(tf.relu(h), tf.mul(h, yb)),
        tf.log1p(tf.exp(tf.neg(tf.abs(h)))),
      ),
    ) as tf.Scalar
    : tf.mean(tf.neg(tf.sum(tf.mul(yb, tf.logSoftmax(h)), 1))) as tf.Scalar;
  layers.forEach((layer, j) => {
    const { l1, l2 } = penalties[j];
    if (l1 > 0) loss = tf.add(loss, tf.mul(l1, tf.sum(tf.abs(layer.kernel)))) as tf.Scalar;
    if (l2 > 0) loss = tf.add(loss, tf.mul(l2, tf.sum(tf.square(layer.kernel)))) as tf.Scalar;
  });
  return loss;
}

/** Inverted dropout masks (0 or 1/(1 − p)) for each layer's output; null where p = 0. */
function dropoutMasks(
  random: Random,
  rates: number[],
  layers: DenseParameters[],
  m: number,
): (Float32Array | null)[] {
  return rates.map((p, j) => {
    if (p === 0) return null;
    const mask = new Float32Array(m * (layers[j].kernel.shape[1] as number));
    const keep = 1 / (1 - p);
    for (let k = 0; k < mask.length; k++) mask[k] = random.next() < p ? 0 : keep;
    return mask;
  });
}

interface EngineState {
  layers: DenseLayerState[];
  adam: AdamState;
}

/** Copy the model's weights and its tfjs Adam's state into typed arrays. */
async function engineState(
  layers: DenseParameters[],
  specs: { l1: number; l2: number; dropout: number }[],
  optimizer: tf.Optimizer,
): Promise<EngineState> {
  if (optimizer.getClassName() !== "Adam") {
    throw new TypeError(
      `trainModel: model.optimizer: expected a tfjs Adam optimizer, found ${optimizer.getClassName()}`,
    );
  }
  const config = optimizer.getConfig() as Record<string, number>;
  const named = await optimizer.getWeights();
  const count = 2 * layers.length;
  if (named.length !== 1 && named.length !== 1 + 2 * count) {
    throw new RangeError(
      `trainModel: model.optimizer: expected Adam state for ${count} variables, found ${
        named.length - 1
      } moments`,
    );
  }
  const iterations = (await named[0].tensor.data())[0];
  const moment = (k: number): Float32Array | null =>
    named.length === 1 ? null : Float32Array.from(named[1 + k].tensor.dataSync() as Float32Array);
  named[0].tensor.dispose(); // a fresh scalar; the moments are the optimizer's own variables
  const state = layers.map((layer, j): DenseLayerState => {
    const [inputs, outputs] = layer.kernel.shape as [number, number];
    return {
      inputs,
      outputs,
      activation: layer.activation,
      l1: specs[j].l1,
      l2: specs[j].l2,
      dropout: specs[j].dropout,
      kernel: Float32Array.from(layer.kernel.dataSync() as Float32Array),
      bias: Float32Array.from(layer.bias.dataSync() as Float32Array),
      mKernel: moment(2 * j) ?? new Float32Array(inputs * outputs),
      mBias: moment(2 * j + 1) ?? new Float32Array(outputs),
      vKernel: moment(count + 2 * j) ?? new Float32Array(inputs * outputs),
      vBias: moment(count + 2 * j + 1) ?? new Float32Array(outputs),
    };
  });
  return {
    layers: state,
    adam: {
      learningRate: config.learningRate,
      beta1: config.beta1,
      beta2: config.beta2,
      epsilon: config.epsilon,
      iterations,
    },
  };
}

/**
 * Write the engine's weights into the model's variables and return a fresh
 * tfjs Adam holding the engine's moments (the old optimizer is disposed).
 */
async function syncToModel(
  js: EngineState,
  layers: DenseParameters[],
  old: tf.Optimizer,
): Promise<tf.Optimizer> {
  tf.tidy(() => {
    layers.forEach((layer, j) => {
      layer.kernel.assign(tf.tensor(js.layers[j].kernel, layer.kernel.shape));
      layer.bias.assign(tf.tensor(js.layers[j].bias, layer.bias.shape));
    });
  });
  const { learningRate, beta1, beta2, epsilon, iterations } = js.adam;
  const adam = tf.train.adam(learningRate, beta1, beta2, epsilon);
  const named: { name: string; tensor: tf.Tensor }[] = [{
    name: "iter",
    tensor: tf.scalar(iterations, "int32"),
  }];
  for (const which of ["m", "v"] as const) {
    layers.forEach((layer, j) => {
      const l = js.layers[j];
      named.push({
        name: `${layer.kernel.name}/${which}`,
        tensor: tf.tensor(which === "m" ? l.mKernel : l.vKernel, layer.kernel.shape),
      });
      named.push({
        name: `${layer.bias.name}/${which}`,
        tensor: tf.tensor(which === "m" ? l.mBias : l.vBias, layer.bias.shape),
      });
    });
  }
  await adam.setWeights(named);
  tf.dispose(named.map((t) => t.tensor));
  old.dispose();
  return adam;
}
