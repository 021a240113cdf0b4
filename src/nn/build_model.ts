/**
 * Build a tfjs dense network from a {@linkcode ModelSpec}, with seeded weights.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";
import { createRandom, deriveSeed } from "../data/random.ts";
import { type ModelSpec, resolveModelSpec } from "./spec.ts";
import { initialKernel } from "./initializers.ts";
import { buildConvModel } from "./conv_model.ts";
import { useCpuBackend } from "./backend.ts";

/**
 * A `tf.Sequential` of dense layers named `dense1` … `denseL` (the index j of
 * `dense<j>` is the layer index of {@linkcode activations}), model name
 * `spec.name`. Kernels are drawn from nntopo's own generator, stream
 * `deriveSeed(seed, "init/dense<j>")` per layer, so the weights do not depend
 * on tfjs's random state: Glorot uniform (`U(±sqrt(6 / (fanIn + fanOut)))`,
 * Keras's default) or He normal (normal with std `sqrt(2 / fanIn)` truncated at
 * two standard deviations and rescaled as Keras does). Biases start at 0.
 * Regularisation and dropout are applied by {@linkcode trainModel}, not stored
 * in the layers. A spec with `inputShape` (conv, max-pool, flatten layers)
 * goes to {@linkcode buildConvModel}, whose layers are named by kind and index
 * (`conv1`, `pool2`, `flatten5`, `dense6`); `inputDim` must then be h·w·c.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildModel } from "./build_model.ts";
 * const model = buildModel({ name: "good_10-8-5-1", layers: [
 *   { units: 10 }, { units: 8 }, { units: 5 }, { units: 1 },
 * ] }, 10, { seed: 0 });
 * assert.equal(model.layers.length, 4);
 * assert.equal(model.layers[0].name, "dense1");
 * ```
 */
export function buildModel(
  spec: ModelSpec,
  inputDim: number,
  options: { seed: number },
): tf.Sequential {
  const seed = options?.seed;
  const resolved = resolveModelSpec(spec);
  if (!Number.isInteger(inputDim) || inputDim < 1) {
    throw new RangeError(
      `buildModel: argument "inputDim": expected a positive integer, found ${inputDim}`,
    );
  }
  if (!Number.isInteger(seed)) {
    throw new RangeError(`buildModel: option "seed": expected an integer, found ${seed}`);
  }
  useCpuBackend();
  if (resolved.inputShape) {
    const [h, w, c] = resolved.inputShape;
    if (inputDim !== h * w * c) {
      throw new RangeError(
        `buildModel: spec "${resolved.name}": expected inputs of dimension ${h}×${w}×${c} = ${
          h * w * c
        } (its inputShape), found ${inputDim}`,
      );
    }
    return buildConvModel(resolved, seed);
  }
  const model = tf.sequential({ name: resolved.name });
  let fanIn = inputDim;
  resolved.layers.forEach((layer, i) => {
    if (layer.kind !== "dense") throw new RangeError(`buildModel: layer ${i} needs "inputShape"`);
    const name = `dense${i + 1}`;
    const dense = tf.layers.dense({
      units: layer.units,
      activation: layer.activation,
      name,
      kernelInitializer: "zeros",
      biasInitializer: "zeros",
      ...(i === 0 ? { inputShape: [inputDim] } : {}),
    });
    model.add(dense);
    const random = createRandom(deriveSeed(seed, `init/${name}`));
    const fans = { fanIn, fanOut: layer.units, size: fanIn * layer.units };
    const kernel = initialKernel(layer.initializer, random, fans);
    tf.tidy(() => {
      dense.setWeights([tf.tensor2d(kernel, [fanIn, layer.units]), tf.zeros([layer.units])]);
    });
    fanIn = layer.units;
  });
  return model;
}
