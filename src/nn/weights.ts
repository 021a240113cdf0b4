/**
 * The weights of a dense network as plain typed arrays.
 *
 * @module
 */

import type * as tf from "@tensorflow/tfjs";
import { denseParameters } from "./forward.ts";

/** One dense layer's parameters. */
export interface DenseWeights {
  /** Layer name (`dense<j>`). */
  name: string;
  /** Kernel, row-major [in, out]: `kernel[i*out + o]` weighs input i into neuron o. */
  kernel: Float32Array;
  /** Bias, length out. */
  bias: Float32Array;
  /** `[in, out]`. */
  shape: [number, number];
}

/**
 * Copies of every dense layer's kernel and bias, in layer order.
 *
 * @example
 * ```ts
 * import { buildModel } from "./build_model.ts";
 * import { weights } from "./weights.ts";
 * const model = buildModel({ name: "m", layers: [{ units: 3 }, { units: 1 }] }, 2, 0);
 * const [first] = weights(model);
 * console.assert(first.shape[0] === 2 && first.kernel.length === 6 && first.bias.length === 3);
 * ```
 */
export function weights(model: tf.LayersModel): DenseWeights[] {
  return denseParameters(model).map((layer) => {
    const [inputs, outputs] = layer.kernel.shape as [number, number];
    return {
      name: layer.name,
      kernel: Float32Array.from(layer.kernel.dataSync() as Float32Array),
      bias: Float32Array.from(layer.bias.dataSync() as Float32Array),
      shape: [inputs, outputs],
    };
  });
}
