/**
 * Clusterers for Mapper's pull-back sets: one type, three kinds.
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import { dbscan, type DbscanOptions } from "./dbscan.ts";
import { firstGapLabels } from "./first_gap.ts";
import { singleLinkage } from "./single_linkage.ts";

/**
 * A clustering of a subset: given all points and the subset's global indices,
 * return one label per subset member (0, 1, …; −1 = noise, left out).
 */
export type ClusterFunction = (cloud: PointCloud, indices: Int32Array) => Int32Array;

/** How Mapper clusters each pull-back set. */
export type Clusterer =
  | { name: "singleLinkage"; relativeGap?: number }
  | ({ name: "dbscan" } & DbscanOptions)
  | ClusterFunction;

/**
 * Run a clusterer on a subset and check its answer. The default (`undefined`)
 * is single linkage cut by the first-gap rule with relative gap 0.3.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { clusterSubset } from "./cluster.ts";
 * const points = { data: new Float32Array([0, 1, 2, 10, 11]), n: 5, d: 1 };
 * const labels = clusterSubset(points, Int32Array.from([0, 1, 2, 3, 4]));
 * assert.equal(labels.join(), "0,0,0,1,1");
 * ```
 */
export function clusterSubset(
  cloud: PointCloud,
  indices: Int32Array,
  clusterer?: Clusterer,
): Int32Array {
  const m = indices.length;
  if (m === 0) return new Int32Array();
  let labels: Int32Array;
  if (
    clusterer === undefined || (typeof clusterer === "object" && clusterer.name === "singleLinkage")
  ) {
    const relativeGap = clusterer?.relativeGap ?? 0.3;
    labels = firstGapLabels(singleLinkage(cloud, indices), m, relativeGap);
  } else if (typeof clusterer === "object" && clusterer.name === "dbscan") {
    labels = dbscan(cloud, indices, clusterer);
  } else if (typeof clusterer === "function") {
    labels = clusterer(cloud, indices);
  } else {
    throw new TypeError(
      `clusterer: expected { name: "singleLinkage" | "dbscan" } or a function, found ${
        JSON.stringify(clusterer)
      }`,
    );
  }
  if (!(labels instanceof Int32Array) || labels.length !== m) {
    throw new TypeError(
      `clusterer: expected an Int32Array of ${m} labels, found ${
        labels?.constructor?.name ?? typeof labels
      } of length ${labels?.length}`,
    );
  }
  for (let i = 0; i < m; i++) {
    if (!Number.isInteger(labels[i]) || labels[i] < -1) {
      throw new RangeError(`clusterer: label ${i} must be ≥ −1, found ${labels[i]}`);
    }
  }
  return labels;
}
