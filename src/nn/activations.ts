/**
 * Activation probes: what each layer makes of a set of points.
 *
 * @module
 */

import type * as tf from "@tensorflow/tfjs";
import type { PointCloud } from "../data/point_cloud.ts";
import { convLayerOutputs, isConvModel } from "./conv_model.ts";
import { forwardPass } from "./forward.ts";
import { weights } from "./weights.ts";

/**
 * The point clouds a network's layers make of n input points (row-major,
 * n × d): entry 0 is (a copy of) the input itself — the normalised data —
 * and entry j (1 … L) is the output of dense layer j after its activation; for
 * the last (linear) layer these are the logits. Computed by
 * {@linkcode forwardPass}, the same forward pass as training and
 * `evaluateModel` of evaluate.ts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildModel } from "./build_model.ts";
 * import { activations } from "./activations.ts";
 * const model = buildModel({ name: "m", layers: [{ units: 3 }, { units: 1 }] }, 2, { seed: 0 });
 * const clouds = activations(model, new Float32Array([0, 1, 2, 3]), 2, 2);
 * assert.equal(clouds.length, 3);
 * assert.equal(clouds[1].d, 3);
 * assert.equal(clouds[2].n, 2);
 * ```
 */
export function activations(
  model: tf.LayersModel,
  x: Float32Array,
  n: number,
  d: number,
): PointCloud[] {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(d) || d < 1) {
    throw new RangeError(
      `activations: expected integers n ≥ 0 and d ≥ 1, found n = ${n}, d = ${d}`,
    );
  }
  if (x.length !== n * d) {
    throw new RangeError(
      `activations: argument "x": expected length n×d = ${n * d}, found ${x.length}`,
    );
  }
  if (isConvModel(model)) {
    // Conv networks: every layer's output, maps flattened per image (NHWC).
    const clouds: PointCloud[] = [{ data: x.slice(), n, d }];
    convLayerOutputs(model, x, n).forEach((out, j) => {
      const shape = model.layers[j].outputShape as number[];
      clouds.push({ data: out!, n, d: shape.slice(1).reduce((a, b) => a * b, 1) });
    });
    return clouds;
  }
  const layers = weights(model);
  const inputDim = layers[0].shape[0];
  if (inputDim !== d) {
    throw new RangeError(
      `activations: model "${model.name}" expects inputs of dimension ${inputDim}, found d = ${d}`,
    );
  }
  const clouds: PointCloud[] = [{ data: x.slice(), n, d }];
  forwardPass(layers, x, n).forEach((out, j) => {
    clouds.push({ data: out, n, d: layers[j].shape[1] });
  });
  return clouds;
}
