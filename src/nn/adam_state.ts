/**
 * A tfjs Adam optimizer's state in typed arrays, and back: the one place both
 * training engines (dense and conv) read the hyper-parameters, step count and
 * moments of a model's optimizer before training and hand them back after,
 * so that a saved model resumes bit-identically.
 *
 * tfjs orders Adam's weights as the step count, then every variable's first
 * moment, then every variable's second moment, variables in
 * `model.trainableWeights` order.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";
import type { AdamState } from "./dense_engine.ts";

/** One trainable variable's Adam moments. */
export interface VariableMoments {
  /** The variable's name in the model (`<layer>/kernel`, `<layer>/bias`). */
  name: string;
  /** Its shape. */
  shape: number[];
  /** First moment. */
  m: Float32Array;
  /** Second moment. */
  v: Float32Array;
}

/** An Adam's hyper-parameters and, unless it never stepped, each variable's moments. */
export interface AdamSnapshot {
  /** Hyper-parameters and step count. */
  adam: AdamState;
  /** First and second moment per variable, in order; null for a fresh optimizer. */
  moments: { m: Float32Array; v: Float32Array }[] | null;
}

/**
 * Read a tfjs Adam's state for `count` trainable variables. Throws when the
 * optimizer is not Adam or holds moments for another number of variables.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as tf from "@tensorflow/tfjs";
 * import { readAdamState } from "./adam_state.ts";
 * const state = await readAdamState(tf.train.adam(0.01), 2);
 * assert.equal(state.adam.learningRate, 0.01);
 * assert.equal(state.adam.iterations, 0);
 * assert.equal(state.moments, null);
 * ```
 */
export async function readAdamState(optimizer: tf.Optimizer, count: number): Promise<AdamSnapshot> {
  if (optimizer.getClassName() !== "Adam") {
    throw new TypeError(
      `trainModel: model.optimizer: expected a tfjs Adam optimizer, found ${optimizer.getClassName()}`,
    );
  }
  const config = optimizer.getConfig() as Record<string, number>;
  const named = await optimizer.getWeights();
  if (named.length !== 1 && named.length !== 1 + 2 * count) {
    throw new RangeError(
      `trainModel: model.optimizer: expected Adam state for ${count} variables, found ${
        named.length - 1
      } moments`,
    );
  }
  const iterations = (await named[0].tensor.data())[0];
  named[0].tensor.dispose(); // a fresh scalar; the moments are the optimizer's own variables
  const { learningRate, beta1, beta2, epsilon } = config;
  const adam = { learningRate, beta1, beta2, epsilon, iterations };
  if (named.length === 1) return { adam, moments: null };
  const copy = (k: number) => Float32Array.from(named[1 + k].tensor.dataSync() as Float32Array);
  const moments = Array.from({ length: count }, (_, i) => ({ m: copy(i), v: copy(count + i) }));
  return { adam, moments };
}

/**
 * A fresh tfjs Adam with the given hyper-parameters, step count and moments.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { adamWithState, readAdamState } from "./adam_state.ts";
 * const moments = [{ name: "d/bias", shape: [2], m: new Float32Array([1, 2]), v: new Float32Array([3, 4]) }];
 * const adam = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, iterations: 5 };
 * const back = await readAdamState(await adamWithState(adam, moments), 1);
 * assert.equal(back.adam.iterations, 5);
 * assert.deepEqual([...back.moments![0].v], [3, 4]);
 * ```
 */
export async function adamWithState(
  state: AdamState,
  moments: VariableMoments[],
): Promise<tf.Optimizer> {
  const { learningRate, beta1, beta2, epsilon, iterations } = state;
  const adam = tf.train.adam(learningRate, beta1, beta2, epsilon);
  const named: { name: string; tensor: tf.Tensor }[] = [{
    name: "iter",
    tensor: tf.scalar(iterations, "int32"),
  }];
  for (const which of ["m", "v"] as const) {
    for (const x of moments) {
      named.push({ name: `${x.name}/${which}`, tensor: tf.tensor(x[which], x.shape) });
    }
  }
  await adam.setWeights(named);
  tf.dispose(named.map((t) => t.tensor));
  return adam;
}
