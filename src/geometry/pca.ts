/**
 * Principal component analysis by power iteration on the centred data (no
 * d×d covariance matrix is formed: each step costs two passes over n×d).
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import { createRandom } from "../data/random.ts";

/** The leading principal components of a point cloud. */
export interface Pca {
  /** Column means, length d. */
  mean: Float64Array;
  /** Unit principal axes, k × d row-major (sign fixed: largest |entry| positive). */
  components: Float64Array;
  /** Variance along each axis (eigenvalues of the covariance, divisor n − 1). */
  variances: Float64Array;
  /** Projections of the points, n × k row-major. */
  scores: Float64Array;
  /** Number of components. */
  k: number;
}

/** Math.hypot of a vector's entries, in chunks: spreading a vector of 10^5+ entries overflows the call stack. */
function euclideanNorm(v: Float64Array): number {
  const chunk = 8192;
  if (v.length <= chunk) return Math.hypot(...v);
  const parts: number[] = [];
  for (let at = 0; at < v.length; at += chunk) {
    parts.push(Math.hypot(...v.subarray(at, at + chunk)));
  }
  return Math.hypot(...parts);
}

/**
 * Compute the top k principal components by power iteration with deflation.
 * The start vectors come from `seed`; results are deterministic.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pca } from "./pca.ts";
 * const cloud = { data: new Float32Array([0, 0, 1, 0.1, 2, 0.2, 3, 0.3]), n: 4, d: 2 };
 * const { components } = pca(cloud, 1);
 * assert.ok(Math.abs(components[0]) > 0.99);
 * ```
 */
export function pca(
  cloud: PointCloud,
  k = 2,
  options: { seed?: number; maxIterations?: number; tolerance?: number } = {},
): Pca {
  const { data, n, d } = cloud;
  if (!(Number.isInteger(k) && k >= 1 && k <= d)) {
    throw new RangeError(`pca: "k" must be an integer in [1, d = ${d}], found ${k}`);
  }
  if (n < 2) throw new RangeError(`pca: needs at least 2 points, found n = ${n}`);
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.tolerance ?? 1e-10;
  const random = createRandom(options.seed ?? 0);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) mean[c] += data[i * d + c];
  for (let c = 0; c < d; c++) mean[c] /= n;
  const components = new Float64Array(k * d);
  const variances = new Float64Array(k);
  const projections = new Float64Array(n);
  const multiply = (v: Float64Array, out: Float64Array, found: number) => {
    // out = C v with C the covariance restricted to the complement of found axes.
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += (data[i * d + c] - mean[c]) * v[c];
      projections[i] = s;
    }
    out.fill(0);
    for (let i = 0; i < n; i++) {
      const p = projections[i];
      for (let c = 0; c < d; c++) out[c] += (data[i * d + c] - mean[c]) * p;
    }
    for (let c = 0; c < d; c++) out[c] /= n - 1;
    deflate(out, components, found, d);
  };
  for (let j = 0; j < k; j++) {
    let v = Float64Array.from({ length: d }, () => random.normal());
    deflate(v, components, j, d);
    normalise(v);
    let w = new Float64Array(d);
    let lambda = 0;
    for (let it = 0; it < maxIterations; it++) {
      multiply(v, w, j);
      const norm = euclideanNorm(w);
      if (norm === 0) break;
      for (let c = 0; c < d; c++) w[c] /= norm;
      let change = 0;
      for (let c = 0; c < d; c++) change = Math.max(change, Math.abs(w[c] - v[c]));
      [v, w] = [w, v];
      const converged = Math.abs(norm - lambda) <= tolerance * Math.max(1, norm) &&
        change < 1e-7;
      lambda = norm;
      if (converged) break;
    }
    let big = 0;
    for (let c = 0; c < d; c++) if (Math.abs(v[c]) > Math.abs(v[big])) big = c;
    if (v[big] < 0) { for (let c = 0; c < d; c++) v[c] = -v[c]; }
    components.set(v, j * d);
    variances[j] = lambda;
  }
  const scores = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += (data[i * d + c] - mean[c]) * components[j * d + c];
      scores[i * k + j] = s;
    }
  }
  return { mean, components, variances, scores, k };
}

function deflate(v: Float64Array, axes: Float64Array, count: number, d: number): void {
  for (let j = 0; j < count; j++) {
    let dot = 0;
    for (let c = 0; c < d; c++) dot += v[c] * axes[j * d + c];
    for (let c = 0; c < d; c++) v[c] -= dot * axes[j * d + c];
  }
}

function normalise(v: Float64Array): void {
  let s = 0;
  for (let c = 0; c < v.length; c++) s += v[c] * v[c];
  const norm = Math.sqrt(s) || 1;
  for (let c = 0; c < v.length; c++) v[c] /= norm;
}
