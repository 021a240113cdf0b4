/**
 * Cosine and correlation distances between the points of a cloud, in float32.
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import type { DistanceMatrix } from "../geometry/distance_matrix.ts";

/**
 * Packed lower-triangular cosine (1 − cos) or correlation (cosine of the
 * centred rows) distances, clamped at 0. A zero row is at distance 1 from
 * everything (cos taken as 0).
 *
 * @example
 * ```ts
 * import { angularLowerMatrix } from "./angular_distances.ts";
 * const m = angularLowerMatrix({ data: new Float32Array([1, 0, 0, 1]), n: 2, d: 2 }, "cosine");
 * console.assert(m.data[0] === 1);
 * ```
 */
export function angularLowerMatrix(
  cloud: PointCloud,
  metric: "cosine" | "correlation",
): DistanceMatrix {
  const { n, d } = cloud;
  const x = Float32Array.from(cloud.data);
  if (metric === "correlation") {
    for (let i = 0; i < n; i++) {
      let mean = 0;
      for (let t = 0; t < d; t++) mean += x[i * d + t];
      mean /= d;
      for (let t = 0; t < d; t++) x[i * d + t] -= mean;
    }
  }
  const norm = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += x[i * d + t] * x[i * d + t];
    norm[i] = Math.sqrt(s);
  }
  const out = new Float32Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let dot = 0;
      for (let t = 0; t < d; t++) dot += x[i * d + t] * x[j * d + t];
      const denominator = norm[i] * norm[j];
      const cos = denominator > 0 ? dot / denominator : 0;
      out[k++] = Math.max(0, 1 - cos);
    }
  }
  return { kind: "lower", data: out, n };
}
