/**
 * Weight pictures (the MNIST Mapper talk): a hidden neuron's incoming weights seen as an
 * image, the combination over a set of neurons, and an input digit
 * "transformed" by that combination — as arrays; charts draw them.
 *
 * @module
 */

import type { NeuronAttribution } from "./attribution.ts";
import type { DenseKernel } from "../nn/weights.ts";

/** Pictures for one set of neurons. */
export interface WeightPictures {
  /** The neurons, in the order given. */
  neurons: number[];
  /** Each neuron's incoming weights, length inputDim (28×28 row-major for MNIST). */
  images: Float32Array[];
  /** The mean of the images. */
  combined: Float32Array;
  /** The input multiplied elementwise by `combined`. */
  transformed: Float32Array;
}

/**
 * Incoming weights of a set of neurons, their mean, and an input transformed
 * by that mean.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { weightPictures } from "./weight_pictures.ts";
 * const kernel = { kernel: new Float32Array([1, 2, 3, 4]), shape: [2, 2] as [number, number] };
 * const p = weightPictures(kernel, [0, 1], new Float32Array([1, 0.5]));
 * assert.equal(p.combined.join(), "1.5,3.5");
 * assert.equal(p.transformed.join(), "1.5,1.75");
 * ```
 */
export function weightPictures(
  kernel: DenseKernel,
  neurons: ArrayLike<number>,
  input: Float32Array,
): WeightPictures {
  const { kernel: data, shape: [inputDim, units] } = kernel;
  if (data.length !== inputDim * units) {
    throw new RangeError(
      `weightPictures: field "kernel" must hold inputDim × units = ${
        inputDim * units
      } values, found ${data.length}`,
    );
  }
  if (input.length !== inputDim) {
    throw new RangeError(
      `weightPictures: "input" must hold inputDim = ${inputDim} values, found ${input.length}`,
    );
  }
  const list = Array.from(neurons);
  if (list.length === 0) throw new RangeError(`weightPictures: "neurons" is empty`);
  const images = list.map((j) => {
    if (!(Number.isInteger(j) && j >= 0 && j < units)) {
      throw new RangeError(`weightPictures: neuron ${j} is outside [0, ${units})`);
    }
    const image = new Float32Array(inputDim);
    for (let p = 0; p < inputDim; p++) image[p] = data[p * units + j];
    return image;
  });
  const combined = new Float32Array(inputDim);
  for (const image of images) {
    for (let p = 0; p < inputDim; p++) combined[p] += image[p] / images.length;
  }
  const transformed = new Float32Array(inputDim);
  for (let p = 0; p < inputDim; p++) transformed[p] = input[p] * combined[p];
  return { neurons: list, images, combined, transformed };
}

/**
 * The MNIST Mapper talk's three pictures for one cluster: its own top neurons, the top
 * neurons of its seeded "other" cluster, and its seeded random neurons.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { neuronAttribution } from "./attribution.ts";
 * import { clusterWeightPictures } from "./weight_pictures.ts";
 * const hidden = { data: new Float32Array([9, 1, 0, 8, 0, 1, 0, 2, 7]), n: 3, d: 3 };
 * const a = neuronAttribution(hidden, Int32Array.from([0, 0, 1]), { top: 1 });
 * const kernel = { kernel: new Float32Array(6).fill(1), shape: [2, 3] as [number, number] };
 * const p = clusterWeightPictures(a, 0, kernel, new Float32Array([1, 1]));
 * assert.equal(p.cluster.neurons[0], 0);
 * assert.equal(p.other.neurons[0], 2);
 * ```
 */
export function clusterWeightPictures(
  attribution: NeuronAttribution,
  position: number,
  kernel: DenseKernel,
  input: Float32Array,
): {
  cluster: WeightPictures;
  other: WeightPictures;
  random: WeightPictures;
  otherCluster: number;
} {
  const { ranking, controls, top } = attribution;
  if (!(Number.isInteger(position) && position >= 0 && position < ranking.length)) {
    throw new RangeError(
      `clusterWeightPictures: cluster position must be in [0, ${ranking.length}), found ${position}`,
    );
  }
  if (attribution.neurons !== kernel.shape[1]) {
    throw new RangeError(
      `clusterWeightPictures: attribution has ${attribution.neurons} neurons, kernel has ${
        kernel.shape[1]
      } units`,
    );
  }
  const { otherCluster, randomNeurons } = controls[position];
  return {
    cluster: weightPictures(kernel, ranking[position].subarray(0, top), input),
    other: weightPictures(kernel, ranking[otherCluster].subarray(0, top), input),
    random: weightPictures(kernel, randomNeurons, input),
    otherCluster: attribution.clusters[otherCluster],
  };
}
