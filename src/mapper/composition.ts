/**
 * What a cluster is made of: class counts, purity, and the network's accuracy
 * on its members.
 *
 * @module
 */

import { type Groups, resolveGroups } from "./_groups.ts";

/** One cluster's composition. */
export interface ClusterComposition {
  /** Cluster id (label, or position for member lists). */
  cluster: number;
  /** Members. */
  size: number;
  /** Members per true class (keys are class labels as strings). */
  labelHistogram: Record<string, number>;
  /** Most frequent true class (ties: the smaller label); −1 for an empty cluster. */
  majorityLabel: number;
  /** Share of the majority class. */
  purity: number;
  /** Share of members whose prediction equals the true label, when predictions are given. */
  accuracy?: number;
}

/**
 * Compose every cluster from true labels and, optionally, predictions.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { clusterComposition } from "./composition.ts";
 * const rows = clusterComposition(Int32Array.from([0, 0, 1]), Int32Array.from([3, 3, 5]), Int32Array.from([3, 2, 5]));
 * assert.equal(rows[0].purity, 1);
 * assert.equal(rows[0].accuracy, 0.5);
 * ```
 */
export function clusterComposition(
  clusters: Groups,
  labels: Int32Array,
  predictions?: Int32Array,
): ClusterComposition[] {
  const n = labels.length;
  if (predictions && predictions.length !== n) {
    throw new RangeError(
      `clusterComposition: expected ${n} predictions (one per label), found ${predictions.length}`,
    );
  }
  const { ids, members } = resolveGroups(clusters, n, "clusterComposition");
  return members.map((list, c) => {
    const counts = new Map<number, number>();
    let right = 0;
    for (const i of list) {
      counts.set(labels[i], (counts.get(labels[i]) ?? 0) + 1);
      if (predictions && predictions[i] === labels[i]) right++;
    }
    const keys = [...counts.keys()].sort((a, b) => a - b);
    let majorityLabel = -1, best = 0;
    for (const y of keys) {
      if (counts.get(y)! > best) {
        best = counts.get(y)!;
        majorityLabel = y;
      }
    }
    const row: ClusterComposition = {
      cluster: ids[c],
      size: list.length,
      labelHistogram: Object.fromEntries(keys.map((y) => [String(y), counts.get(y)!])),
      majorityLabel,
      purity: list.length ? best / list.length : 0,
    };
    if (predictions) row.accuracy = list.length ? right / list.length : 0;
    return row;
  });
}
