/**
 * The forward pass of a dense network, layer by layer, on raw tensors.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";

/** The parameters of one dense layer as tfjs variables. */
export interface DenseParameters {
  /** Layer name (`dense<j>`). */
  name: string;
  /** Kernel, shape [in, out]. */
  kernel: tf.Variable;
  /** Bias, shape [out]. */
  bias: tf.Variable;
  /** Activation after the affine map. */
  activation: "relu" | "tanh" | "sigmoid" | "linear";
}

/**
 * The dense layers of a model, in order, with their variables; throw if a
 * layer is not a dense layer with a bias and a supported activation.
 *
 * @example
 * ```ts
 * import { buildModel } from "./build_model.ts";
 * import { denseParameters } from "./forward.ts";
 * const model = buildModel({ name: "m", layers: [{ units: 3 }, { units: 1 }] }, 2, 0);
 * console.assert(denseParameters(model)[0].kernel.shape[1] === 3);
 * ```
 */
export function denseParameters(model: tf.LayersModel): DenseParameters[] {
  return model.layers.map((layer) => {
    const config = layer.getConfig();
    const vars = layer.weights;
    if (layer.getClassName() !== "Dense" || vars.length !== 2) {
      throw new TypeError(
        `model "${model.name}": layer "${layer.name}": expected a Dense layer with kernel and bias, found ${layer.getClassName()} with ${vars.length} weights`,
      );
    }
    const activation = String(config.activation ?? "linear");
    if (!["relu", "tanh", "sigmoid", "linear"].includes(activation)) {
      throw new TypeError(
        `model "${model.name}": layer "${layer.name}": expected activation relu, tanh, sigmoid or linear, found ${activation}`,
      );
    }
    return {
      name: layer.name,
      kernel: vars[0].read() as tf.Variable,
      bias: vars[1].read() as tf.Variable,
      activation: activation as DenseParameters["activation"],
    };
  });
}

/**
 * One dense layer: `activation(x · kernel + bias)` (a fused kernel for relu
 * and linear). Must run inside `tf.tidy` or an optimizer's `minimize`.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { buildModel } from "./build_model.ts";
 * import { denseForward, denseParameters } from "./forward.ts";
 * const model = buildModel({ name: "m", layers: [{ units: 3 }, { units: 1 }] }, 2, 0);
 * const [first] = denseParameters(model);
 * const h = tf.tidy(() => denseForward(first, tf.ones([4, 2]) as tf.Tensor2D));
 * console.assert(h.shape[1] === 3);
 * ```
 */
export function denseForward(layer: DenseParameters, x: tf.Tensor2D): tf.Tensor2D {
  if (layer.activation === "relu" || layer.activation === "linear") {
    return tf.fused.matMul({
      a: x,
      b: layer.kernel as tf.Tensor2D,
      bias: layer.bias,
      activation: layer.activation,
    }) as tf.Tensor2D;
  }
  const z = tf.add(tf.matMul(x, layer.kernel as tf.Tensor2D), layer.bias) as tf.Tensor2D;
  return layer.activation === "tanh" ? tf.tanh(z) : tf.sigmoid(z);
}
