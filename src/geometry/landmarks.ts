/**
 * Maxmin (farthest-point) landmark selection: a subsample that covers the
 * cloud evenly, for persistence of clouds too large to take whole.
 *
 * @module
 */

import { assertPointCloud, type PointCloud } from "../data/point_cloud.ts";
import { createRandom } from "../data/random.ts";
import { squaredEuclidean } from "./distances.ts";

/** The landmarks chosen by {@linkcode maxminLandmarks}. */
export interface Landmarks {
  /** Indices of the chosen points, in the order they were chosen. */
  indices: Int32Array;
  /** Largest Euclidean distance from any point to its nearest landmark. */
  coveringRadius: number;
}

/**
 * Choose m landmarks by seeded farthest-point sampling: the first is drawn
 * uniformly with the seed, each next one is the point farthest (Euclidean)
 * from those already chosen, ties broken by the lowest index. The covering
 * radius is the largest distance from a point to its nearest landmark. When
 * m ≥ n every point is a landmark (indices 0 … n − 1, radius 0).
 *
 * Distances are computed in float64 from the float32 coordinates; time O(n·m·d)
 * at worst, much less when the triangle inequality rules a landmark out for
 * most points; memory O(n + m).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { maxminLandmarks } from "./landmarks.ts";
 * const cloud = { data: new Float32Array([0, 1, 2, 10]), n: 4, d: 1 };
 * const { indices, coveringRadius } = maxminLandmarks(cloud, 2, { seed: 1 });
 * assert.equal(indices.length, 2);
 * assert.ok(coveringRadius <= 5);
 * ```
 */
export function maxminLandmarks(
  cloud: PointCloud,
  m: number,
  options: { seed: number },
): Landmarks {
  const seed = options?.seed;
  assertPointCloud(cloud, "maxminLandmarks: cloud");
  if (!Number.isInteger(m) || m < 1) {
    throw new RangeError(`maxminLandmarks: argument "m": expected a positive integer, found ${m}`);
  }
  const { data, n, d } = cloud;
  if (m >= n) return { indices: Int32Array.from({ length: n }, (_, i) => i), coveringRadius: 0 };
  const indices = new Int32Array(m);
  // nearest[i]: squared distance from point i to its nearest chosen landmark,
  // owner[i]: which landmark (its position in `indices`) that is.
  const nearest = new Float64Array(n).fill(Infinity);
  const owner = new Int32Array(n);
  const chosen = new Uint8Array(n);
  // Distances from the new landmark to the earlier ones, for pruning.
  const toLandmark = new Float64Array(m);
  let next = createRandom(seed).int(n);
  for (let l = 0; l < m; l++) {
    indices[l] = next;
    chosen[next] = 1;
    for (let a = 0; a < l; a++) {
      toLandmark[a] = Math.sqrt(squaredEuclidean(data, d, next, indices[a]));
    }
    let far = -1, farIndex = 0;
    for (let i = 0; i < n; i++) {
      // Triangle inequality: when |new − owner| ≥ 2·|i − owner|, the new
      // landmark is no nearer to i (with a margin for rounding), so the
      // distance is not computed: the result is that of the full scan.
      if (l === 0 || toLandmark[owner[i]] <= 2.000001 * Math.sqrt(nearest[i])) {
        const s = squaredEuclidean(data, d, i, next);
        if (s < nearest[i]) {
          nearest[i] = s;
          owner[i] = l;
        }
      }
      // Strict comparison keeps the lowest index among equally far points;
      // chosen points are skipped so that duplicates never repeat a landmark.
      if (nearest[i] > far && !chosen[i]) {
        far = nearest[i];
        farIndex = i;
      }
    }
    next = farIndex;
  }
  let radius = 0;
  for (let i = 0; i < n; i++) radius = Math.max(radius, nearest[i]);
  return { indices, coveringRadius: Math.sqrt(radius) };
}
