/**
 * Neural persistence (Rieck et al., "Neural Persistence: A Complexity Measure
 * for Deep Neural Networks Using Algebraic Topology", ICLR 2019), and the
 * weight point clouds of dense layers.
 *
 * Each dense layer is a complete bipartite graph between its inputs and
 * outputs, edge weights `|w| / max |w|` with the maximum over the whole
 * network. The filtration runs from 1 down to 0: every vertex is present at 1
 * and edges enter in decreasing weight. Each merge of two components at
 * weight w gives the pair (1, w) of zero-dimensional persistence 1 − w; this
 * is a superlevel filtration, so in these diagrams death ≤ birth. The merge
 * weights are exactly the weights of a maximum spanning tree, found here with
 * Prim's algorithm in O(n² + edges). A complete bipartite graph is connected,
 * so there are n − 1 pairs, n = inputs + outputs; the component that never
 * dies is left out, as in the paper's definition and bound. (The authors'
 * code appends it as (1, 0); `includeEssential: true` does the same.)
 *
 * NP(G_k) = (Σ (1 − w)^p)^(1/p), and the normalised value divides by the
 * paper's upper bound (n − 1)^(1/p) (√(n − 1) for p = 2), so it lies in
 * [0, 1]. The network's value is the mean of the normalised layer values.
 *
 * @module
 */

import type { Diagram } from "./diagram.ts";
import type { PointCloud } from "../data/point_cloud.ts";
import type { DenseKernel } from "../nn/weights.ts";

/** Options of {@linkcode neuralPersistence}. */
export interface NeuralPersistenceOptions {
  /** The order p > 0 of the norm (Infinity allowed). Default 2. */
  p?: number;
  /** Append the never-dying component as (1, 0), as the authors' code does. Default false. */
  includeEssential?: boolean;
}

/** Neural persistence of one layer. */
export interface LayerPersistence {
  /** Pairs (1, w), one per merge, in decreasing w. */
  diagram: Diagram;
  /** NP: the p-norm of the persistences 1 − w. */
  value: number;
  /** NP / (n − 1)^(1/p), n = inputs + outputs. */
  normalized: number;
}

/** Neural persistence of a network. */
export interface NeuralPersistence {
  /** One entry per layer, in order. */
  perLayer: LayerPersistence[];
  /** Mean of the normalised per-layer values. */
  mean: number;
}

/**
 * Neural persistence of a stack of dense layers (see the module doc). When
 * every weight of the network is 0 all normalised weights are taken as 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { neuralPersistence } from "./neural_persistence.ts";
 * // 2 inputs, 1 output: weights 0.5 and 1 → merges at 1 and 0.5.
 * const np = neuralPersistence([{ kernel: new Float32Array([0.5, -1]), shape: [2, 1] }]);
 * assert.equal(np.perLayer[0].value, 0.5);
 * assert.equal(np.mean, 0.5 / Math.SQRT2);
 * ```
 */
export function neuralPersistence(
  layers: ReadonlyArray<DenseKernel>,
  options: NeuralPersistenceOptions = {},
): NeuralPersistence {
  const { p = 2, includeEssential = false } = options;
  if (typeof p !== "number" || !(p > 0)) {
    throw new RangeError(`neuralPersistence: option "p": expected a number > 0, found ${p}`);
  }
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new RangeError(
      `neuralPersistence: layers: expected a non-empty array of dense kernels, found ${
        Array.isArray(layers) ? "an empty array" : typeof layers
      }`,
    );
  }
  let scale = 0;
  layers.forEach((layer, k) => {
    assertKernel(layer.kernel, layer.shape, `neuralPersistence: layers[${k}]`);
    for (let e = 0; e < layer.kernel.length; e++) {
      scale = Math.max(scale, Math.abs(layer.kernel[e]));
    }
  });
  const perLayer = layers.map(({ kernel, shape }): LayerPersistence => {
    const deaths = maximumSpanningTreeWeights(kernel, shape, scale);
    if (includeEssential) deaths.push(0);
    const persistences = deaths.map((w) => 1 - w);
    const value = pNorm(persistences, p);
    const bound = p === Infinity ? 1 : (shape[0] + shape[1] - 1) ** (1 / p);
    return { diagram: deaths.map((w) => [1, w]), value, normalized: value / bound };
  });
  const mean = perLayer.reduce((s, layer) => s + layer.normalized, 0) / perLayer.length;
  return { perLayer, mean };
}

/**
 * The point cloud of a dense layer's neurons: one point per output neuron,
 * its coordinates the neuron's incoming weights (a column of the kernel), so
 * `n = outputs`, `d = inputs`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { weightPointClouds } from "./neural_persistence.ts";
 * // inputs 2, outputs 3: kernel rows are inputs.
 * const cloud = weightPointClouds(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
 * assert.equal(cloud.n, 3);
 * assert.equal(cloud.d, 2);
 * assert.equal(cloud.data.join(), "1,4,2,5,3,6");
 * ```
 */
export function weightPointClouds(kernel: Float32Array, shape: [number, number]): PointCloud {
  assertKernel(kernel, shape, "weightPointClouds");
  const [inputs, outputs] = shape;
  const data = new Float32Array(inputs * outputs);
  for (let i = 0; i < inputs; i++) {
    for (let j = 0; j < outputs; j++) data[j * inputs + i] = kernel[i * outputs + j];
  }
  return { data, n: outputs, d: inputs };
}

function assertKernel(kernel: Float32Array, shape: [number, number], what: string): void {
  if (!(kernel instanceof Float32Array)) {
    throw new TypeError(`${what}: field "kernel": expected a Float32Array, found ${typeof kernel}`);
  }
  if (
    !Array.isArray(shape) || shape.length !== 2 ||
    !shape.every((s) => Number.isInteger(s) && s >= 1)
  ) {
    throw new RangeError(
      `${what}: field "shape": expected [inputs, outputs] of positive integers, found ${
        JSON.stringify(shape)
      }`,
    );
  }
  if (kernel.length !== shape[0] * shape[1]) {
    throw new RangeError(
      `${what}: field "kernel": expected length inputs×outputs = ${
        shape[0] * shape[1]
      }, found ${kernel.length}`,
    );
  }
  for (let e = 0; e < kernel.length; e++) {
    if (!Number.isFinite(kernel[e])) {
      throw new RangeError(
        `${what}: field "kernel": expected finite weights, found ${kernel[e]} at input ${
          Math.floor(e / shape[1])
        }, output ${e % shape[1]}`,
      );
    }
  }
}

/**
 * Weights (|w| / scale) of a maximum spanning tree of the complete bipartite
 * graph, in decreasing order: the merge values of the descending filtration.
 * Prim's algorithm: grow one tree, always adding the vertex joined to it by
 * the heaviest edge.
 */
function maximumSpanningTreeWeights(
  kernel: Float32Array,
  [inputs, outputs]: [number, number],
  scale: number,
): number[] {
  const n = inputs + outputs;
  const weight = (
    i: number,
    j: number,
  ) => (scale > 0 ? Math.abs(kernel[i * outputs + j]) / scale : 0);
  // Vertices 0..inputs−1 are inputs, inputs..n−1 outputs. best[v]: heaviest edge to the tree.
  const best = new Float64Array(n).fill(-1);
  const inTree = new Uint8Array(n);
  const deaths: number[] = [];
  let current = 0;
  inTree[0] = 1;
  for (let added = 1; added < n; added++) {
    if (current < inputs) {
      for (let j = 0; j < outputs; j++) {
        const v = inputs + j;
        if (!inTree[v]) best[v] = Math.max(best[v], weight(current, j));
      }
    } else {
      const j = current - inputs;
      for (let i = 0; i < inputs; i++) if (!inTree[i]) best[i] = Math.max(best[i], weight(i, j));
    }
    let next = -1;
    for (let v = 0; v < n; v++) if (!inTree[v] && (next < 0 || best[v] > best[next])) next = v;
    inTree[next] = 1;
    deaths.push(best[next]);
    current = next;
  }
  return deaths.sort((x, y) => y - x);
}

function pNorm(xs: readonly number[], p: number): number {
  if (xs.length === 0) return 0;
  if (p === Infinity) return xs.reduce((m, x) => Math.max(m, x), 0);
  // Sum in a fixed (sorted) order so that equal multisets give equal values.
  return xs.reduce((s, x) => s + x ** p, 0) ** (1 / p);
}
