/**
 * A dense layer's weights as plain typed arrays — the one shape nntopo gives
 * a dense layer outside tfjs: the forward pass, the training engine, neural
 * persistence, weight pictures and the safetensors writer all read it.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";

/** An activation a dense layer applies after its affine map. */
export type Activation = "relu" | "tanh" | "sigmoid" | "linear";

/** One dense layer: `activation(x · kernel + bias)`. */
export interface DenseWeights {
  /** Layer name (`dense<j>`). */
  name: string;
  /** Activation after the affine map. */
  activation: Activation;
  /** Kernel, row-major [in, out]: `kernel[i*out + o]` weighs input i into neuron o. */
  kernel: Float32Array;
  /** Bias, length out. */
  bias: Float32Array;
  /** `[in, out]`. */
  shape: [number, number];
}

/** What neural persistence and weight pictures read of a dense layer: its kernel and shape. */
export type DenseKernel = Pick<DenseWeights, "kernel" | "shape">;

const ACTIVATIONS: readonly string[] = ["relu", "tanh", "sigmoid", "linear"];

/** The tfjs variables of each dense layer; throws on any other kind of layer. */
function denseVariables(model: tf.LayersModel): { kernel: tf.Variable; bias: tf.Variable }[] {
  return model.layers.map((layer) => {
    const vars = layer.weights;
    if (layer.getClassName() !== "Dense" || vars.length !== 2) {
      throw new TypeError(
        `model "${model.name}": layer "${layer.name}": expected a Dense layer with kernel and bias, found ${layer.getClassName()} with ${vars.length} weights`,
      );
    }
    return { kernel: vars[0].read() as tf.Variable, bias: vars[1].read() as tf.Variable };
  });
}

/**
 * Copies of every dense layer's kernel, bias and activation, in layer order.
 * Throws a TypeError naming the layer when it is not a dense layer with a
 * bias and a supported activation.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildModel } from "./build_model.ts";
 * import { weights } from "./weights.ts";
 * const model = buildModel({ name: "m", layers: [{ units: 3 }, { units: 1 }] }, 2, { seed: 0 });
 * const [first, last] = weights(model);
 * assert.deepEqual(first.shape, [2, 3]);
 * assert.equal(first.kernel.length, 6);
 * assert.equal(last.activation, "linear");
 * ```
 */
export function weights(model: tf.LayersModel): DenseWeights[] {
  const variables = denseVariables(model);
  return model.layers.map((layer, j) => {
    const activation = String(layer.getConfig().activation ?? "linear");
    if (!ACTIVATIONS.includes(activation)) {
      throw new TypeError(
        `model "${model.name}": layer "${layer.name}": expected activation relu, tanh, sigmoid or linear, found ${activation}`,
      );
    }
    const { kernel, bias } = variables[j];
    return {
      name: layer.name,
      activation: activation as Activation,
      kernel: Float32Array.from(kernel.dataSync() as Float32Array),
      bias: Float32Array.from(bias.dataSync() as Float32Array),
      shape: kernel.shape as [number, number],
    };
  });
}

/**
 * Write kernels and biases into the model's dense layers (shapes must match),
 * and return the names of the tfjs variables written, kernel then bias per
 * layer (the names tfjs's optimizers key their state by).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildModel } from "./build_model.ts";
 * import { assignWeights, weights } from "./weights.ts";
 * const model = buildModel({ name: "m", layers: [{ units: 1 }] }, 1, { seed: 0 });
 * const [layer] = weights(model);
 * assignWeights(model, [{ ...layer, kernel: new Float32Array([2]) }]);
 * assert.equal(weights(model)[0].kernel[0], 2);
 * ```
 */
export function assignWeights(
  model: tf.LayersModel,
  layers: readonly Pick<DenseWeights, "kernel" | "bias">[],
): string[] {
  const variables = denseVariables(model);
  if (variables.length !== layers.length) {
    throw new RangeError(
      `assignWeights: model "${model.name}" has ${variables.length} dense layers, found ${layers.length} to assign`,
    );
  }
  tf.tidy(() => {
    variables.forEach(({ kernel, bias }, j) => {
      kernel.assign(tf.tensor(layers[j].kernel, kernel.shape));
      bias.assign(tf.tensor(layers[j].bias, bias.shape));
    });
  });
  return variables.flatMap(({ kernel, bias }) => [kernel.name, bias.name]);
}
