/**
 * Seeded k-means: k-means++ seeding from our random stream, then Lloyd
 * iterations by npm `ml-kmeans` started from those centroids (so the
 * library's own randomness is never used).
 *
 * @module
 */

import { kmeans as mlKmeans } from "ml-kmeans";
import type { PointCloud } from "../data/point_cloud.ts";
import { createRandom, deriveSeed } from "../data/random.ts";
import { squaredEuclidean } from "../geometry/distances.ts";

/** A clustering of points into k groups. */
export interface Clustering {
  /** Cluster of each point, 0 … k − 1. */
  labels: Int32Array;
  /** Final centroids, k × d row-major (in the space that was clustered). */
  centroids?: Float64Array;
  /** The 2-D (or dim-D) embedding that was clustered, n × dim, when one was made. */
  embedding?: Float32Array;
}

/**
 * Choose k initial centroids by k-means++ (Arthur & Vassilvitskii 2007): the
 * first uniformly, each next with probability proportional to the squared
 * distance to the nearest centroid chosen so far. Returns point indices.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { kmeansPlusPlus } from "./kmeans.ts";
 * const cloud = { data: new Float32Array([0, 0.1, 10, 10.1]), n: 4, d: 1 };
 * const seeds = kmeansPlusPlus(cloud, 2, { seed: 3 });
 * assert.equal(seeds.length, 2);
 * ```
 */
export function kmeansPlusPlus(
  cloud: PointCloud,
  k: number,
  options: { seed: number },
): Int32Array {
  const seed = options.seed;
  const { data, n, d } = cloud;
  if (!(Number.isInteger(k) && k >= 1 && k <= n)) {
    throw new RangeError(`kmeans: "k" must be an integer in [1, n = ${n}], found ${k}`);
  }
  const random = createRandom(seed);
  const chosen = new Int32Array(k);
  chosen[0] = random.int(n);
  const nearest = new Float64Array(n).fill(Infinity);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const s = squaredEuclidean(data, d, i, chosen[c - 1]);
      if (s < nearest[i]) nearest[i] = s;
      total += nearest[i];
    }
    let pick = -1;
    if (total > 0) {
      let target = random.next() * total;
      for (let i = 0; i < n; i++) {
        target -= nearest[i];
        if (target < 0 && nearest[i] > 0) {
          pick = i;
          break;
        }
      }
    }
    if (pick < 0) {
      // All remaining mass is zero (duplicates): take the first point not yet chosen.
      const used = new Set(chosen.subarray(0, c));
      pick = [...Array(n).keys()].find((i) => !used.has(i)) ?? 0;
    }
    chosen[c] = pick;
  }
  return chosen;
}

/**
 * Cluster points into k groups with k-means (squared Euclidean), seeded.
 * With `restarts` > 1, k-means++ is rerun from seeds `seed`,
 * `deriveSeed(seed, "restart1")`, … and the run with the least inertia (sum
 * of squared distances to the centroids) is kept; ties keep the earlier run.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { kmeans } from "./kmeans.ts";
 * const cloud = { data: new Float32Array([0, 0.1, 0.2, 10, 10.1]), n: 5, d: 1 };
 * const { labels } = kmeans(cloud, 2, { seed: 7 });
 * assert.equal(labels[0], labels[2]);
 * assert.ok(labels[0] !== labels[4]);
 * ```
 */
export function kmeans(
  cloud: PointCloud,
  k: number,
  options: { seed: number; maxIterations?: number; restarts?: number },
): Clustering {
  const seed = options.seed;
  const { data, n, d } = cloud;
  const restarts = options.restarts ?? 1;
  if (!(Number.isInteger(restarts) && restarts >= 1)) {
    throw new RangeError(`kmeans: "restarts" must be a positive integer, found ${restarts}`);
  }
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(data.subarray(i * d, (i + 1) * d)));
  let best: Clustering | undefined, bestInertia = Infinity;
  for (let r = 0; r < restarts; r++) {
    const start = kmeansPlusPlus(cloud, k, {
      seed: r === 0 ? seed : deriveSeed(seed, `restart${r}`),
    });
    const result = mlKmeans(rows, k, {
      initialization: Array.from(start, (i) => rows[i].slice()),
      maxIterations: options.maxIterations ?? 300,
    });
    const centroids = new Float64Array(k * d);
    result.centroids.forEach((c: number[], j: number) => centroids.set(c, j * d));
    const labels = Int32Array.from(result.clusters);
    let inertia = 0;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < d; c++) inertia += (data[i * d + c] - centroids[labels[i] * d + c]) ** 2;
    }
    if (inertia < bestInertia) {
      bestInertia = inertia;
      best = { labels, centroids };
    }
  }
  return best!;
}
