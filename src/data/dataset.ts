/**
 * The labelled data set: what every training run consumes.
 *
 * @module
 */

/**
 * n labelled points in d dimensions; `x` is row-major (point i is
 * `x[i*d .. i*d + d)`), `y[i]` is the class of point i in `[0, classes)`.
 */
export interface Dataset {
  /** A short name, e.g. `"concentric_spheres"`; derived sets append a suffix. */
  name: string;
  /** Features, row-major, length n×d. */
  x: Float32Array;
  /** Class labels, length n. */
  y: Int32Array;
  /** Number of points. */
  n: number;
  /** Number of features. */
  d: number;
  /** Number of classes (labels lie in `[0, classes)`). */
  classes: number;
}

/** A data set split into a training part and a test part. */
export interface SplitDataset {
  /** The points the network is fitted on. */
  train: Dataset;
  /** The held-out points. */
  test: Dataset;
}

/**
 * Check a data set's shape and labels; throw a named error otherwise.
 *
 * @example
 * ```ts
 * import { assertDataset } from "./dataset.ts";
 * assertDataset({
 *   name: "toy", x: new Float32Array([0, 1, 2, 3]), y: new Int32Array([0, 1]),
 *   n: 2, d: 2, classes: 2,
 * });
 * ```
 */
export function assertDataset(data: Dataset, what = "dataset"): void {
  const { x, y, n, d, classes } = data;
  if (!(x instanceof Float32Array)) {
    throw new TypeError(`${what}: field "x": expected a Float32Array, found ${typeof x}`);
  }
  if (!(y instanceof Int32Array)) {
    throw new TypeError(`${what}: field "y": expected an Int32Array, found ${typeof y}`);
  }
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`${what}: field "n": expected a non-negative integer, found ${n}`);
  }
  if (!Number.isInteger(d) || d < 1) {
    throw new RangeError(`${what}: field "d": expected a positive integer, found ${d}`);
  }
  if (!Number.isInteger(classes) || classes < 1) {
    throw new RangeError(
      `${what}: field "classes": expected a positive integer, found ${classes}`,
    );
  }
  if (x.length !== n * d) {
    throw new RangeError(`${what}: field "x": expected length n×d = ${n * d}, found ${x.length}`);
  }
  if (y.length !== n) {
    throw new RangeError(`${what}: field "y": expected length n = ${n}, found ${y.length}`);
  }
  for (let i = 0; i < n; i++) {
    if (y[i] < 0 || y[i] >= classes) {
      throw new RangeError(
        `${what}: field "y": expected labels in [0, ${classes}), found ${y[i]} at point ${i}`,
      );
    }
  }
}

/**
 * The rows `indices` of a data set, in that order, as a new data set.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { selectRows } from "./dataset.ts";
 * const data = {
 *   name: "toy", x: new Float32Array([0, 1, 2, 3]), y: new Int32Array([0, 1]),
 *   n: 2, d: 2, classes: 2,
 * };
 * assert.equal(selectRows(data, [1], "toy_last").x[0], 2);
 * ```
 */
export function selectRows(
  data: Dataset,
  indices: ArrayLike<number>,
  name: string = data.name,
): Dataset {
  const { d } = data;
  const m = indices.length;
  const x = new Float32Array(m * d);
  const y = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i < 0 || i >= data.n) {
      throw new RangeError(
        `selectRows: expected row indices in [0, ${data.n}), found ${i} at position ${k}`,
      );
    }
    x.set(data.x.subarray(i * d, i * d + d), k * d);
    y[k] = data.y[i];
  }
  return { name, x, y, n: m, d, classes: data.classes };
}

/**
 * The rows of `a` followed by the rows of `b` (e.g. train + test, the course plan's
 * third combination), as a new data set.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { concatRows } from "./dataset.ts";
 * const a = { name: "a", x: new Float32Array([1, 2]), y: new Int32Array([0]), n: 1, d: 2, classes: 2 };
 * const b = { name: "b", x: new Float32Array([3, 4]), y: new Int32Array([1]), n: 1, d: 2, classes: 2 };
 * assert.equal(concatRows(a, b, "ab").x[2], 3);
 * ```
 */
export function concatRows(a: Dataset, b: Dataset, name = `${a.name}+${b.name}`): Dataset {
  if (a.d !== b.d) {
    throw new RangeError(`concatRows: expected equal dimensions, found ${a.d} and ${b.d}`);
  }
  const x = new Float32Array(a.x.length + b.x.length);
  x.set(a.x);
  x.set(b.x, a.x.length);
  const y = new Int32Array(a.n + b.n);
  y.set(a.y);
  y.set(b.y, a.n);
  return { name, x, y, n: a.n + b.n, d: a.d, classes: Math.max(a.classes, b.classes) };
}
