/**
 * The exact euclidean distances Ripser 1.2.1 computes for a point cloud.
 *
 * Ripser reads coordinates as `float`, accumulates `(u − v)²` in `float` with
 * `std::inner_product` (left to right, starting from `0.0f`) and takes a
 * `float` square root. Each step here is rounded to float32 with
 * `Math.fround`, which reproduces IEEE single-precision arithmetic exactly
 * (double rounding is innocuous for +, −, ×, √ of float32 operands), so ties
 * between distances come out exactly as in Ripser.
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import type { DistanceMatrix } from "./distance_matrix.ts";

/**
 * The packed lower-triangular euclidean distance matrix of a point cloud,
 * computed in float32 exactly as Ripser 1.2.1 does.
 *
 * @example
 * ```ts
 * import { euclideanLowerMatrix } from "./euclidean_reference.ts";
 * const m = euclideanLowerMatrix({ data: new Float32Array([0, 0, 3, 4]), n: 2, d: 2 });
 * console.assert(m.kind === "lower" && m.data[0] === 5);
 * ```
 */
export function euclideanLowerMatrix(cloud: PointCloud): DistanceMatrix {
  const { data: x, n, d } = cloud;
  const out = new Float32Array((n * (n - 1)) / 2);
  const fround = Math.fround;
  let k = 0;
  for (let i = 1; i < n; i++) {
    const oi = i * d;
    for (let j = 0; j < i; j++) {
      const oj = j * d;
      let sum = 0;
      for (let t = 0; t < d; t++) {
        const diff = fround(x[oi + t] - x[oj + t]);
        sum = fround(sum + fround(diff * diff));
      }
      out[k++] = Math.sqrt(sum);
    }
  }
  return { kind: "lower", data: out, n };
}
