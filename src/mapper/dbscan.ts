/**
 * DBSCAN density-based clustering (Ester, Kriegel, Sander, Xu 1996).
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import { squaredEuclidean } from "../geometry/distances.ts";
import { relabelByFirstAppearance } from "./_relabel.ts";

/** DBSCAN parameters. */
export interface DbscanOptions {
  /** Neighbourhood radius (Euclidean, inclusive). */
  eps: number;
  /** Minimum neighbourhood size, the point itself included, for a core point. */
  minPts: number;
}

/**
 * Cluster a subset of points with DBSCAN: core points (≥ minPts points within
 * eps, itself included) that are eps-connected form a cluster, border points
 * join the first cluster that reaches them, and the rest are noise (label −1).
 * Clusters are numbered by their first local index; O(m²·d) time.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dbscan } from "./dbscan.ts";
 * const points = { data: new Float32Array([0, 0.1, 0.2, 5, 5.1, 9]), n: 6, d: 1 };
 * const labels = dbscan(points, [0, 1, 2, 3, 4, 5], { eps: 0.5, minPts: 2 });
 * assert.equal(labels.join(), "0,0,0,1,1,-1");
 * ```
 */
export function dbscan(
  cloud: PointCloud,
  indices: ArrayLike<number>,
  options: DbscanOptions,
): Int32Array {
  const { eps, minPts } = options;
  if (!(eps > 0)) throw new RangeError(`dbscan: "eps" must be > 0, found ${eps}`);
  if (!(Number.isInteger(minPts) && minPts >= 1)) {
    throw new RangeError(`dbscan: "minPts" must be a positive integer, found ${minPts}`);
  }
  const m = indices.length;
  const { data, d } = cloud;
  const eps2 = eps * eps;
  const neighbours = (i: number): number[] => {
    const out: number[] = [];
    for (let j = 0; j < m; j++) {
      if (squaredEuclidean(data, d, indices[i], indices[j]) <= eps2) out.push(j);
    }
    return out;
  };
  const UNSEEN = -2, NOISE = -1;
  const labels = new Int32Array(m).fill(UNSEEN);
  let cluster = 0;
  for (let i = 0; i < m; i++) {
    if (labels[i] !== UNSEEN) continue;
    const seeds = neighbours(i);
    if (seeds.length < minPts) {
      labels[i] = NOISE;
      continue;
    }
    labels[i] = cluster;
    const queue = seeds.filter((j) => j !== i);
    for (let q = 0; q < queue.length; q++) {
      const j = queue[q];
      if (labels[j] === NOISE) labels[j] = cluster;
      if (labels[j] !== UNSEEN) continue;
      labels[j] = cluster;
      const around = neighbours(j);
      if (around.length >= minPts) { for (const k of around) if (labels[k] < 0) queue.push(k); }
    }
    cluster++;
  }
  return relabelByFirstAppearance(labels);
}
