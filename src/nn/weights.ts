/**
 * A dense layer's weights as plain typed arrays — the one shape nntopo gives
 * a dense layer outside tfjs: the forward pass, the training engine, neural
 * persistence, weight pictures and the safetensors writer all read it.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";
import { isConvModel } from "./conv_model.ts";

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
 * A conv model gives its dense layers only ({@linkcode modelWeights} has all).
 * Otherwise throws a TypeError naming the layer when it is not a dense layer with a
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
  if (isConvModel(model)) return convDenseWeights(model);
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

/** The dense layers of a conv model. */
function convDenseWeights(model: tf.LayersModel): DenseWeights[] {
  return modelWeights(model).filter((w) => w.shape.length === 2).map((w) => ({
    name: w.name,
    activation: String(model.layers[w.index].getConfig().activation ?? "linear") as Activation,
    kernel: w.kernel,
    bias: w.bias,
    shape: [w.shape[0], w.shape[1]],
  }));
}

/** One layer's kernel and bias with the kernel's shape (conv: `[kh, kw, cin, cout]`). */
export interface LayerWeights {
  /** Layer name. */
  name: string;
  /** Index of the layer in the model (0-based). */
  index: number;
  /** Kernel, row-major in `shape`. */
  kernel: Float32Array;
  /** Bias. */
  bias: Float32Array;
  /** Kernel shape: `[in, out]` (dense) or `[kh, kw, cin, cout]` (conv). */
  shape: number[];
}

/**
 * Copies of the kernel and bias of every layer that has them (dense and conv),
 * in layer order: what the safetensors file holds.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildModel } from "./build_model.ts";
 * import { modelWeights } from "./weights.ts";
 * const model = buildModel({ name: "cnn", inputShape: [4, 4, 1], loss: "softmaxCrossentropy",
 *   layers: [{ kind: "conv2d", filters: 2, kernelSize: 3 }, { kind: "flatten" }, { units: 3 }] }, 16, { seed: 0 });
 * assert.deepEqual(modelWeights(model).map((w) => w.shape), [[3, 3, 1, 2], [8, 3]]);
 * ```
 */
export function modelWeights(model: tf.LayersModel): LayerWeights[] {
  const out: LayerWeights[] = [];
  model.layers.forEach((layer, index) => {
    const vars = layer.getWeights();
    if (vars.length !== 2) return;
    out.push({
      name: layer.name,
      index,
      kernel: Float32Array.from(vars[0].dataSync() as Float32Array),
      bias: Float32Array.from(vars[1].dataSync() as Float32Array),
      shape: vars[0].shape.slice(),
    });
  });
  return out;
}
