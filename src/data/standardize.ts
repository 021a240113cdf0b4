/**
 * Per-feature standardisation, fitted on the training set only (like Keras's
 * `Normalization` layer after `adapt(X_train)` in the concentric-spheres course report).
 *
 * @module
 */

import { assertDataset, type Dataset } from "./dataset.ts";

/** Per-feature mean and standard deviation. */
export interface Standardizer {
  /** Mean of each feature, length d. */
  mean: Float32Array;
  /** Population standard deviation of each feature (never 0), length d. */
  std: Float32Array;
}

/**
 * Fit per-feature means and population standard deviations (variance divided
 * by n, as Keras's `Normalization.adapt`) on a training set. Sums run in
 * double precision. A feature whose standard deviation is below 1e-7 (a
 * constant feature) gets std = 1, so standardising only centres it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitStandardizer } from "./standardize.ts";
 * const s = fitStandardizer({
 *   name: "toy", x: new Float32Array([0, 5, 2, 5]), y: new Int32Array([0, 1]),
 *   n: 2, d: 2, classes: 2,
 * });
 * assert.equal(s.mean[0], 1);
 * assert.equal(s.std[0], 1);
 * assert.equal(s.std[1], 1);
 * ```
 */
export function fitStandardizer(train: Dataset): Standardizer {
  assertDataset(train, "fitStandardizer: train");
  const { x, n, d } = train;
  if (n < 1) throw new RangeError("fitStandardizer: train: expected at least 1 row, found 0");
  const sum = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sum[j] += x[i * d + j];
  const mean = sum.map((s) => s / n);
  const sq = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const t = x[i * d + j] - mean[j];
      sq[j] += t * t;
    }
  }
  const std = new Float32Array(d);
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt(sq[j] / n);
    std[j] = s < 1e-7 ? 1 : s;
  }
  return { mean: Float32Array.from(mean), std };
}

/**
 * Apply a fitted standardiser: `(x − mean) / std` per feature, as a new data
 * set (the name gets no suffix; labels are copied).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { standardize } from "./standardize.ts";
 * const data = {
 *   name: "toy", x: new Float32Array([0, 2]), y: new Int32Array([0, 1]),
 *   n: 2, d: 1, classes: 2,
 * };
 * const z = standardize(data, { mean: new Float32Array([1]), std: new Float32Array([1]) });
 * assert.equal(z.x[0], -1);
 * assert.equal(z.x[1], 1);
 * ```
 */
export function standardize(data: Dataset, s: Standardizer): Dataset {
  assertDataset(data, "standardize: data");
  const { x, n, d } = data;
  if (s.mean.length !== d || s.std.length !== d) {
    throw new RangeError(
      `standardize: expected mean and std of length d = ${d}, found ${s.mean.length} and ${s.std.length}`,
    );
  }
  for (let j = 0; j < d; j++) {
    if (!(s.std[j] > 0) || !Number.isFinite(s.mean[j])) {
      throw new RangeError(
        `standardize: expected finite mean and std > 0, found mean ${s.mean[j]}, std ${
          s.std[j]
        } at feature ${j}`,
      );
    }
  }
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) out[i * d + j] = (x[i * d + j] - s.mean[j]) / s.std[j];
  }
  return { ...data, x: out, y: data.y.slice() };
}
