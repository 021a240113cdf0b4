/**
 * The reference of the differential tests of nntopo's training engine
 * (src/nn/dense_engine.ts): the same training written with tfjs tensors and
 * automatic differentiation — the same batches, dropout masks, penalties and
 * Keras Adam (`optimizer.minimize` on the model's own variables) — so that
 * tests/nn/dense_engine_test.ts can check our gradients and whole training
 * runs against tfjs's to float32 rounding.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";
import { createRandom, deriveSeed, type Random, shuffleInPlace } from "../../src/data/random.ts";
import type { SplitDataset } from "../../src/data/dataset.ts";
import { denseLayerSpecs, type ModelSpec, resolveModelSpec } from "../../src/nn/spec.ts";
import type { Activation } from "../../src/nn/weights.ts";

/** A dense layer's tfjs variables. */
export interface TfjsDense {
  kernel: tf.Variable;
  bias: tf.Variable;
  activation: Activation;
}

/** The tfjs variables of each dense layer of a model. */
export function tfjsDense(model: tf.LayersModel): TfjsDense[] {
  return model.layers.map((layer) => ({
    kernel: layer.weights[0].read() as tf.Variable,
    bias: layer.weights[1].read() as tf.Variable,
    activation: String(layer.getConfig().activation ?? "linear") as Activation,
  }));
}

/** `activation(x · kernel + bias)` on tensors (inside tf.tidy or minimize). */
export function tfjsDenseForward(layer: TfjsDense, x: tf.Tensor2D): tf.Tensor2D {
  const z = tf.add(tf.matMul(x, layer.kernel as tf.Tensor2D), layer.bias) as tf.Tensor2D;
  switch (layer.activation) {
    case "relu":
      return tf.relu(z);
    case "tanh":
      return tf.tanh(z);
    case "sigmoid":
      return tf.sigmoid(z);
    default:
      return z;
  }
}

function batchLoss(
  layers: TfjsDense[],
  batch: { xb: tf.Tensor2D; yb: tf.Tensor2D; binary: boolean },
  penalties: { l1: number; l2: number }[],
  masks: (Float32Array | null)[] | null,
): tf.Scalar {
  let h = batch.xb;
  layers.forEach((layer, j) => {
    h = tfjsDenseForward(layer, h);
    const mask = masks?.[j];
    if (mask) h = tf.mul(h, tf.tensor2d(mask, h.shape)) as tf.Tensor2D;
  });
  let loss = batch.binary
    ? tf.mean(
      tf.add(tf.sub(tf.relu(h), tf.mul(h, batch.yb)), tf.log1p(tf.exp(tf.neg(tf.abs(h))))),
    ) as tf.Scalar
    : tf.mean(tf.neg(tf.sum(tf.mul(batch.yb, tf.logSoftmax(h)), 1))) as tf.Scalar;
  layers.forEach((layer, j) => {
    const { l1, l2 } = penalties[j];
    if (l1 > 0) loss = tf.add(loss, tf.mul(l1, tf.sum(tf.abs(layer.kernel)))) as tf.Scalar;
    if (l2 > 0) loss = tf.add(loss, tf.mul(l2, tf.sum(tf.square(layer.kernel)))) as tf.Scalar;
  });
  return loss;
}

function dropoutMasks(random: Random, rates: number[], layers: TfjsDense[], m: number) {
  return rates.map((p, j) => {
    if (p === 0) return null;
    const mask = new Float32Array(m * (layers[j].kernel.shape[1] as number));
    const keep = 1 / (1 - p);
    for (let k = 0; k < mask.length; k++) mask[k] = random.next() < p ? 0 : keep;
    return mask;
  });
}

/**
 * Train with tfjs tensors exactly as `trainModel` orders the work (batches
 * from `shuffle/epoch<e>`, masks from `dropout/epoch<e>`), epochs
 * `startEpoch + 1 … epochs`, keeping the Adam on `model.optimizer`.
 */
export function tfjsTrain(
  model: tf.LayersModel,
  spec: ModelSpec,
  data: SplitDataset,
  opts: { epochs: number; seed: number; startEpoch?: number },
): void {
  const resolved = resolveModelSpec(spec);
  const layers = tfjsDense(model);
  if (model instanceof tf.Sequential && (model as unknown as { model?: unknown }).model == null) {
    model.build();
  }
  model.optimizer ??= tf.train.adam(resolved.learningRate, 0.9, 0.999, 1e-7);
  const binary = resolved.loss === "binaryCrossentropyFromLogits";
  const outputs = layers[layers.length - 1].kernel.shape[1] as number;
  const width = binary ? 1 : outputs;
  const dense = denseLayerSpecs(resolved);
  const penalties = dense.map((l) => ({ l1: l.l1, l2: l.l2 }));
  const rates = dense.map((l) => l.dropout);
  const { n, d } = data.train;
  const size = resolved.batchSize;
  for (let epoch = (opts.startEpoch ?? 0) + 1; epoch <= opts.epochs; epoch++) {
    const order = shuffleInPlace(
      Int32Array.from({ length: n }, (_, i) => i),
      createRandom(deriveSeed(opts.seed, `shuffle/epoch${epoch}`)),
    );
    const xs = new Float32Array(n * d), ys = new Float32Array(n * width);
    order.forEach((i, k) => {
      xs.set(data.train.x.subarray(i * d, i * d + d), k * d);
      if (binary) ys[k] = data.train.y[i];
      else ys[k * outputs + data.train.y[i]] = 1;
    });
    const random = rates.some((p) => p > 0)
      ? createRandom(deriveSeed(opts.seed, `dropout/epoch${epoch}`))
      : null;
    for (let start = 0; start < n; start += size) {
      const m = Math.min(size, n - start);
      const masks = random ? dropoutMasks(random, rates, layers, m) : null;
      const xb = tf.tensor2d(xs.subarray(start * d, (start + m) * d), [m, d]);
      const yb = tf.tensor2d(ys.subarray(start * width, (start + m) * width), [m, width]);
      model.optimizer.minimize(
        () => batchLoss(layers, { xb, yb, binary }, penalties, masks),
        false,
        layers.flatMap((l) => [l.kernel, l.bias]),
      );
      tf.dispose([xb, yb]);
    }
  }
}
