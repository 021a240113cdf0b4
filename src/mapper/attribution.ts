/**
 * Neuron attribution (the MNIST Mapper talk): for each cluster of inputs, how often each
 * hidden neuron is among a member's most activated neurons, with seeded
 * controls (another cluster, random neurons).
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import { createRandom } from "../data/random.ts";
import { type Groups, resolveGroups } from "./_groups.ts";

/** Attribution settings. */
export interface AttributionOptions {
  /** How many most-activated neurons count per point. Default 5. */
  top?: number;
  /** Seed of the controls. Default 0. */
  seed?: number;
}

/** Which neurons each cluster relies on. */
export interface NeuronAttribution {
  /** Cluster ids: the labels present (ascending), or 0 … g − 1 for member lists. */
  clusters: number[];
  /** Members per cluster. */
  sizes: number[];
  /** Hidden neurons (columns). */
  neurons: number;
  /** The `top` setting used. */
  top: number;
  /** clusters × neurons row-major: members having the neuron in their top set. */
  counts: Float64Array;
  /** counts divided by the cluster's size: the share of members, in [0, 1]. */
  frequencies: Float64Array;
  /**
   * Per cluster, every neuron ranked by count (descending); ties by the
   * neuron's summed activation over the members (descending), then index.
   */
  ranking: Int32Array[];
  /** Per cluster, seeded controls: another cluster's position, and `top` random neurons. */
  controls: Array<{ otherCluster: number; randomNeurons: Int32Array }>;
}

/**
 * For every member of every cluster, take its `top` most activated hidden
 * neurons (ties by lower index) and count them per cluster. Neurons are
 * ranked by count, ties broken by summed activation over the members (so a
 * one-point cluster ranks its neurons by activation), then by index.
 *
 * Controls, per cluster position c: `otherCluster`, a uniformly chosen other
 * position (c itself when there is only one), and `randomNeurons`, `top`
 * distinct neurons drawn uniformly; both from `seed`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { neuronAttribution } from "./attribution.ts";
 * const hidden = { data: new Float32Array([9, 1, 0, 8, 0, 1, 0, 2, 7]), n: 3, d: 3 };
 * const a = neuronAttribution(hidden, Int32Array.from([0, 0, 1]), { top: 1 });
 * assert.equal(a.ranking[0][0], 0);
 * assert.equal(a.ranking[1][0], 2);
 * ```
 */
export function neuronAttribution(
  cloud: PointCloud,
  clusters: Groups,
  options: AttributionOptions = {},
): NeuronAttribution {
  const { data, n, d: h } = cloud;
  const top = options.top ?? 5;
  if (!(Number.isInteger(top) && top >= 1 && top <= h)) {
    throw new RangeError(`neuronAttribution: "top" must be an integer in [1, ${h}], found ${top}`);
  }
  const { ids, members } = resolveGroups(clusters, n, "neuronAttribution");
  // Each point's top neurons, computed once (points may sit in several clusters).
  const tops = new Int32Array(n * top);
  const chosen = new Int32Array(top);
  for (let i = 0; i < n; i++) {
    let size = 0;
    for (let j = 0; j < h; j++) {
      const v = data[i * h + j];
      if (size === top && !(v > data[i * h + chosen[size - 1]])) continue;
      let p = size === top ? top - 1 : size++;
      while (p > 0 && v > data[i * h + chosen[p - 1]]) {
        chosen[p] = chosen[p - 1];
        p--;
      }
      chosen[p] = j;
    }
    tops.set(chosen, i * top);
  }
  const g = ids.length;
  const counts = new Float64Array(g * h);
  const frequencies = new Float64Array(g * h);
  const sums = new Float64Array(g * h);
  members.forEach((list, c) => {
    for (const i of list) {
      for (let t = 0; t < top; t++) counts[c * h + tops[i * top + t]]++;
      for (let j = 0; j < h; j++) sums[c * h + j] += data[i * h + j];
    }
    for (let j = 0; j < h; j++) {
      frequencies[c * h + j] = list.length ? counts[c * h + j] / list.length : 0;
    }
  });
  const ranking = members.map((_, c) =>
    Int32Array.from(
      Array.from({ length: h }, (_, j) => j).sort((a, b) =>
        counts[c * h + b] - counts[c * h + a] || sums[c * h + b] - sums[c * h + a] || a - b
      ),
    )
  );
  const random = createRandom(options.seed ?? 0);
  const controls = members.map((_, c) => {
    let otherCluster = c;
    if (g > 1) {
      otherCluster = random.int(g - 1);
      if (otherCluster >= c) otherCluster++;
    }
    const pool = Int32Array.from({ length: h }, (_, j) => j);
    for (let t = 0; t < top; t++) {
      const k = t + random.int(h - t);
      [pool[t], pool[k]] = [pool[k], pool[t]];
    }
    return { otherCluster, randomNeurons: pool.slice(0, top) };
  });
  return {
    clusters: ids,
    sizes: members.map((list) => list.length),
    neurons: h,
    top,
    counts,
    frequencies,
    ranking,
    controls,
  };
}
