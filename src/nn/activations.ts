/**
 * Activation probes: what each layer makes of a set of points.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";
import type { PointCloud } from "../data/point_cloud.ts";
import { denseForward, denseParameters } from "./forward.ts";

/**
 * The point clouds a network's layers make of n input points (row-major,
 * n × d): entry 0 is (a copy of) the input itself — the normalised data —
 * and entry j (1 … L) is the output of dense layer j after its activation; for
 * the last (linear) layer these are the logits. Computed in chunks of 8192
 * rows, in tfjs's float32 arithmetic (the same forward pass as the
 * `"tfjs"` training engine and `evaluateModel` of evaluate.ts).
 *
 * @example
 * ```ts
 * import { buildModel } from "./build_model.ts";
 * import { activations } from "./activations.ts";
 * const model = buildModel({ name: "m", layers: [{ units: 3 }, { units: 1 }] }, 2, 0);
 * const clouds = activations(model, new Float32Array([0, 1, 2, 3]), 2, 2);
 * console.assert(clouds.length === 3 && clouds[1].d === 3 && clouds[2].n === 2);
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
  const layers = denseParameters(model);
  const inputDim = layers[0].kernel.shape[0];
  if (inputDim !== d) {
    throw new RangeError(
      `activations: model "${model.name}" expects inputs of dimension ${inputDim}, found d = ${d}`,
    );
  }
  const clouds: PointCloud[] = [{ data: x.slice(), n, d }];
  for (const layer of layers) {
    const width = layer.kernel.shape[1] as number;
    clouds.push({ data: new Float32Array(n * width), n, d: width });
  }
  const chunk = 8192;
  for (let start = 0; start < n; start += chunk) {
    const m = Math.min(chunk, n - start);
    const outputs = tf.tidy(() => {
      let h = tf.tensor2d(x.subarray(start * d, (start + m) * d), [m, d]);
      return layers.map((layer) => (h = denseForward(layer, h)));
    });
    outputs.forEach((t, j) => {
      clouds[j + 1].data.set(t.dataSync() as Float32Array, start * clouds[j + 1].d);
      t.dispose();
    });
  }
  return clouds;
}
