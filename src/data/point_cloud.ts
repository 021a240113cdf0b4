/**
 * The point cloud: how every stage passes points around.
 *
 * @module
 */

/**
 * n points in d dimensions, row-major: point i is `data[i*d .. i*d + d)`.
 */
export interface PointCloud {
  /** Coordinates, row-major, length n×d. */
  data: Float32Array;
  /** Number of points. */
  n: number;
  /** Dimension of each point. */
  d: number;
}

/**
 * Check a point cloud's shape and values; throw a named error otherwise.
 *
 * @example
 * ```ts
 * import { assertPointCloud } from "./point_cloud.ts";
 * assertPointCloud({ data: new Float32Array([0, 0, 1, 1]), n: 2, d: 2 });
 * ```
 */
export function assertPointCloud(cloud: PointCloud, what = "point cloud"): void {
  const { data, n, d } = cloud;
  if (!(data instanceof Float32Array)) {
    throw new TypeError(`${what}: field "data": expected a Float32Array, found ${typeof data}`);
  }
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`${what}: field "n": expected a non-negative integer, found ${n}`);
  }
  if (!Number.isInteger(d) || d < 1) {
    throw new RangeError(`${what}: field "d": expected a positive integer, found ${d}`);
  }
  if (data.length !== n * d) {
    throw new RangeError(
      `${what}: field "data": expected length n×d = ${n * d}, found ${data.length}`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new RangeError(
        `${what}: field "data": expected finite numbers, found ${data[i]} at point ${
          Math.floor(i / d)
        }, coordinate ${i % d}`,
      );
    }
  }
}
