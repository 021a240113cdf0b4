/**
 * The output of every dense layer of a model for a batch of inputs, computed
 * on the CPU in plain loops.
 *
 * tfjs's CPU backend multiplies dense matrices; activations of MNIST-sized
 * inputs are mostly zeros (blank pixels, ReLUs that are off), and skipping a
 * zero input skips a whole row of the kernel. A 784-1024-10 network's
 * outputs on 6,700 digits take about 1 s this way against 10 s through tfjs.
 * Sums are accumulated in float64, in input order, and stored as float32.
 *
 * @module
 */

import type * as tf from "@tensorflow/tfjs";
import { denseParameters } from "./forward.ts";

/**
 * The outputs of each dense layer of `model` (after its activation) for the
 * n inputs `x` (row-major n × d), each row-major n × units.
 *
 * @example
 * ```ts
 * import { buildModel } from "./build_model.ts";
 * import { layerOutputs } from "./layer_outputs.ts";
 * const model = buildModel({ name: "m", layers: [{ units: 3 }, { units: 1 }] }, 2, 0);
 * const [hidden, logit] = layerOutputs(model, new Float32Array([1, 2, 0, 0]), 2, 2);
 * console.assert(hidden.length === 6 && logit.length === 2 && hidden.every((v) => v >= 0));
 * ```
 */
export function layerOutputs(
  model: tf.LayersModel,
  x: Float32Array,
  n: number,
  d: number,
): Float32Array[] {
  if (x.length !== n * d) {
    throw new RangeError(
      `layerOutputs: argument "x": expected length n×d = ${n * d}, found ${x.length}`,
    );
  }
  const outputs: Float32Array[] = [];
  let input = x, inputs = d;
  for (const layer of denseParameters(model)) {
    const [rows, units] = layer.kernel.shape as [number, number];
    if (rows !== inputs) {
      throw new RangeError(
        `layerOutputs: model "${model.name}": layer "${layer.name}" expects inputs of dimension ${rows}, found ${inputs}`,
      );
    }
    const kernel = layer.kernel.dataSync() as Float32Array;
    const bias = layer.bias.dataSync() as Float32Array;
    const out = new Float32Array(n * units);
    const sum = new Float64Array(units);
    for (let r = 0; r < n; r++) {
      for (let o = 0; o < units; o++) sum[o] = bias[o];
      const ri = r * inputs;
      for (let i = 0; i < inputs; i++) {
        const v = input[ri + i];
        if (v === 0) continue;
        const ko = i * units;
        for (let o = 0; o < units; o++) sum[o] += v * kernel[ko + o];
      }
      const ro = r * units;
      switch (layer.activation) {
        case "relu":
          for (let o = 0; o < units; o++) out[ro + o] = sum[o] > 0 ? sum[o] : 0;
          break;
        case "tanh":
          for (let o = 0; o < units; o++) out[ro + o] = Math.tanh(sum[o]);
          break;
        case "sigmoid":
          for (let o = 0; o < units; o++) out[ro + o] = 1 / (1 + Math.exp(-sum[o]));
          break;
        default:
          for (let o = 0; o < units; o++) out[ro + o] = sum[o];
      }
    }
    outputs.push(out);
    input = out;
    inputs = units;
  }
  return outputs;
}
