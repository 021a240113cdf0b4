/**
 * Loss, accuracy and RMSE of a model on a whole data set.
 *
 * @module
 */

import type * as tf from "@tensorflow/tfjs";
import type { Dataset } from "../data/dataset.ts";
import { convLayerOutputs, isConvModel } from "./conv_model.ts";
import { forwardLogits } from "./forward.ts";
import { type DenseWeights, weights } from "./weights.ts";

/** Metrics of a model on one data set. */
export interface Metrics {
  /** Mean cross-entropy (without regularisation penalties). */
  loss: number;
  /** Share of points classified correctly (binary: logit > 0 ↔ p > 0.5 means class 1). */
  accuracy: number;
  /** Root mean square error of the predicted probabilities against the one-hot labels. */
  rmse: number;
}

/**
 * The output logits of a model for n points (row-major, n × outputs): the
 * last layer of src/nn/forward.ts's forward pass.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildModel } from "./build_model.ts";
 * import { logits } from "./evaluate.ts";
 * const model = buildModel({ name: "m", layers: [{ units: 3 }, { units: 1 }] }, 2, { seed: 0 });
 * assert.equal(logits(model, new Float32Array(8), 4, 2).length, 4);
 * ```
 */
export function logits(model: tf.LayersModel, x: Float32Array, n: number, d: number): Float32Array {
  if (x.length !== n * d) {
    throw new RangeError(`logits: argument "x": expected length n×d = ${n * d}, found ${x.length}`);
  }
  if (isConvModel(model)) {
    // Only the logits are kept: a conv layer's maps of a whole set do not fit.
    const last = model.layers.length - 1;
    return convLayerOutputs(model, x, n, [last])[last]!;
  }
  const layers = weights(model);
  if (layers[0].shape[0] !== d) {
    throw new RangeError(
      `logits: model "${model.name}" expects inputs of dimension ${
        layers[0].shape[0]
      }, found d = ${d}`,
    );
  }
  return forwardLogits(layers, x, n);
}

/**
 * Metrics from logits, in double precision: binary cross-entropy from logits
 * (`max(z,0) − z·y + log(1 + e^−|z|)`) when there is one output, softmax
 * cross-entropy otherwise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { metricsFromLogits } from "./evaluate.ts";
 * const m = metricsFromLogits(new Float32Array([2, -2]), new Int32Array([1, 0]), 1);
 * assert.equal(m.accuracy, 1);
 * assert.ok(m.loss < 0.2);
 * ```
 */
export function metricsFromLogits(z: Float32Array, y: Int32Array, outputs: number): Metrics {
  const n = y.length;
  if (z.length !== n * outputs) {
    throw new RangeError(
      `metricsFromLogits: expected ${n * outputs} logits for ${n} labels, found ${z.length}`,
    );
  }
  if (n === 0) return { loss: NaN, accuracy: NaN, rmse: NaN };
  let loss = 0, correct = 0, squared = 0;
  if (outputs === 1) {
    for (let i = 0; i < n; i++) {
      const zi = z[i], yi = y[i];
      // e^−|z| is e^−z when z ≥ 0 (±0 included): one exponential serves both.
      const e = Math.exp(-Math.abs(zi));
      loss += Math.max(zi, 0) - zi * yi + Math.log1p(e);
      if ((zi > 0 ? 1 : 0) === yi) correct++;
      const p = 1 / (1 + (zi >= 0 ? e : Math.exp(-zi)));
      squared += (p - yi) * (p - yi);
    }
    return { loss: loss / n, accuracy: correct / n, rmse: Math.sqrt(squared / n) };
  }
  for (let i = 0; i < n; i++) {
    let max = -Infinity, arg = 0;
    for (let k = 0; k < outputs; k++) {
      if (z[i * outputs + k] > max) {
        max = z[i * outputs + k];
        arg = k;
      }
    }
    let sum = 0;
    for (let k = 0; k < outputs; k++) sum += Math.exp(z[i * outputs + k] - max);
    loss += Math.log(sum) + max - z[i * outputs + y[i]];
    if (arg === y[i]) correct++;
    for (let k = 0; k < outputs; k++) {
      const p = Math.exp(z[i * outputs + k] - max) / sum;
      const t = k === y[i] ? 1 : 0;
      squared += (p - t) * (p - t);
    }
  }
  return { loss: loss / n, accuracy: correct / n, rmse: Math.sqrt(squared / (n * outputs)) };
}

/**
 * Loss, accuracy and RMSE of a model on a data set.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { concentricSpheres } from "../data/spheres.ts";
 * import { buildModel } from "./build_model.ts";
 * import { evaluateModel } from "./evaluate.ts";
 * const data = concentricSpheres({ n: 20 });
 * const model = buildModel({ name: "m", layers: [{ units: 3 }, { units: 1 }] }, 10, { seed: 0 });
 * assert.ok(evaluateModel(model, data).accuracy >= 0);
 * ```
 */
export function evaluateModel(model: tf.LayersModel, data: Dataset): Metrics {
  const z = logits(model, data.x, data.n, data.d);
  return metricsFromLogits(z, data.y, z.length / Math.max(data.n, 1));
}

/**
 * {@linkcode evaluateModel} of a dense network given by its layers' weights
 * (the same metrics; the training loop's typed arrays need no tfjs read).
 * `logits`, when given, receives the n × outputs logits.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { concentricSpheres } from "../data/spheres.ts";
 * import { buildModel } from "./build_model.ts";
 * import { evaluateDense, evaluateModel } from "./evaluate.ts";
 * import { weights } from "./weights.ts";
 * const data = concentricSpheres({ n: 20 });
 * const model = buildModel({ name: "m", layers: [{ units: 3 }, { units: 1 }] }, 10, { seed: 0 });
 * assert.deepEqual(evaluateDense(weights(model), data), evaluateModel(model, data));
 * ```
 */
export function evaluateDense(
  layers: readonly DenseWeights[],
  data: Dataset,
  logits?: Float32Array,
): Metrics {
  if (layers.length === 0 || layers[0].shape[0] !== data.d) {
    throw new RangeError(
      `evaluateDense: expected layers taking inputs of dimension d = ${data.d}, found ${
        layers[0]?.shape[0]
      }`,
    );
  }
  const outputs = layers[layers.length - 1].shape[1];
  const z = forwardLogits(layers, data.x, data.n, logits?.subarray(0, data.n * outputs));
  return metricsFromLogits(z, data.y, outputs);
}
