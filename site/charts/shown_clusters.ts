/**
 * Which clusters of an attribution method the charts show, and in what order
 * — the runner's rule for its PNGs, so page and PNG agree: the largest ones
 * when there are many, Mapper nodes in their cover (lens) order, k-means
 * clusters (whose numbers mean nothing) by majority class.
 *
 * @module
 */

/** The cluster fields the choice reads. */
export interface SizedCluster {
  /** Member count. */
  size: number;
  /** Most frequent class (-1 when empty). */
  majorityLabel: number;
}

/**
 * Positions of the clusters to show: the `max` largest (ties to the earlier),
 * in file order when `byMajority` is false, else sorted by majority class then
 * position.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shownClusters } from "./shown_clusters.ts";
 * const clusters = [
 *   { size: 5, majorityLabel: 3 }, { size: 1, majorityLabel: 0 }, { size: 9, majorityLabel: 1 },
 * ];
 * assert.equal(shownClusters(clusters, 2, false).join(), "0,2");
 * assert.equal(shownClusters(clusters, 3, true).join(), "1,2,0");
 * ```
 */
export function shownClusters(
  clusters: ReadonlyArray<SizedCluster>,
  max: number,
  byMajority: boolean,
): number[] {
  const all = clusters.map((_, c) => c);
  let shown = all;
  if (all.length > max) {
    const keep = new Set(
      [...all].sort((a, b) => clusters[b].size - clusters[a].size || a - b).slice(0, max),
    );
    shown = all.filter((c) => keep.has(c));
  }
  if (byMajority) {
    shown = [...shown].sort((a, b) =>
      clusters[a].majorityLabel - clusters[b].majorityLabel || a - b
    );
  }
  return shown;
}
