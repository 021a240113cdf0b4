/**
 * Statistics of one Mapper node: mean lens value, class composition, purity
 * and the network's accuracy on the node's points.
 *
 * @module
 */

/** What is known about the points, for node statistics. */
export interface NodeStatsInput {
  /** Lens values, n × lensDim row-major. */
  lens: Float64Array;
  /** Lens dimensions per point. */
  lensDim: number;
  /** True class of each point. */
  labels?: Int32Array;
  /** Whether the network's prediction for each point is right. */
  correct?: ArrayLike<boolean>;
}

/** Statistics of one node. */
export interface NodeStats {
  /** Mean lens value over the members, per lens dimension. */
  meanLens: number[];
  /** Members per class (keys are class labels as strings), when labels are given. */
  labelHistogram?: Record<string, number>;
  /** Share of the most frequent class among the members, when labels are given. */
  purity?: number;
  /** Share of members the network classifies correctly, when `correct` is given. */
  accuracy?: number;
}

/**
 * Compute one node's statistics from its members.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nodeStatistics } from "./node_stats.ts";
 * const stats = nodeStatistics([0, 1, 2], {
 *   lens: Float64Array.from([1, 2, 6]),
 *   lensDim: 1,
 *   labels: Int32Array.from([7, 7, 1]),
 *   correct: [true, false, true],
 * });
 * assert.ok(stats.meanLens[0] === 3 && stats.labelHistogram?.["7"] === 2);
 * ```
 */
export function nodeStatistics(members: ArrayLike<number>, input: NodeStatsInput): NodeStats {
  const { lens, lensDim, labels, correct } = input;
  const m = members.length;
  const meanLens = new Array<number>(lensDim).fill(0);
  for (let k = 0; k < m; k++) {
    for (let c = 0; c < lensDim; c++) meanLens[c] += lens[members[k] * lensDim + c];
  }
  for (let c = 0; c < lensDim; c++) meanLens[c] = m > 0 ? meanLens[c] / m : NaN;
  const stats: NodeStats = { meanLens };
  if (labels) {
    const counts = new Map<number, number>();
    for (let k = 0; k < m; k++) {
      const y = labels[members[k]];
      counts.set(y, (counts.get(y) ?? 0) + 1);
    }
    const keys = [...counts.keys()].sort((a, b) => a - b);
    stats.labelHistogram = Object.fromEntries(keys.map((y) => [String(y), counts.get(y)!]));
    stats.purity = m > 0 ? Math.max(...counts.values()) / m : NaN;
  }
  if (correct) {
    let right = 0;
    for (let k = 0; k < m; k++) if (correct[members[k]]) right++;
    stats.accuracy = m > 0 ? right / m : NaN;
  }
  return stats;
}
