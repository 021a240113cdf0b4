/**
 * Build a tfjs dense network from a {@linkcode ModelSpec}, with seeded weights.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";
import { createRandom, deriveSeed, type Random } from "../data/random.ts";
import { type ModelSpec, resolveModelSpec } from "./spec.ts";
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
 * in the layers.
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
  const model = tf.sequential({ name: resolved.name });
  let fanIn = inputDim;
  resolved.layers.forEach((layer, i) => {
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
    const kernel = layer.initializer === "heNormal"
      ? heNormal(random, fanIn, layer.units)
      : glorotUniform(random, fanIn, layer.units);
    tf.tidy(() => {
      dense.setWeights([tf.tensor2d(kernel, [fanIn, layer.units]), tf.zeros([layer.units])]);
    });
    fanIn = layer.units;
  });
  return model;
}

function glorotUniform(random: Random, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(fanIn * fanOut);
  for (let k = 0; k < out.length; k++) out[k] = (2 * random.next() - 1) * limit;
  return out;
}

function heNormal(random: Random, fanIn: number, fanOut: number): Float32Array {
  // Keras: truncated normal at ±2σ, σ divided by the truncated law's std (0.8796…).
  const std = Math.sqrt(2 / fanIn) / 0.87962566103423978;
  const out = new Float32Array(fanIn * fanOut);
  for (let k = 0; k < out.length; k++) {
    let z: number;
    do z = random.normal(); while (Math.abs(z) > 2);
    out[k] = z * std;
  }
  return out;
}
