/**
 * The cluster × neuron matrix of an attribution method, rebuilt from what
 * `attribution.json` records per cluster (its most frequent neurons with
 * their frequencies), ready for src/plots' `heatmapChart`.
 *
 * @module
 */

import type { HeatmapInput } from "../../src/plots/heatmap.ts";

/** The cluster fields the matrix reads. */
export interface RankedCluster {
  /** Row name. */
  name: string;
  /** Most frequent neurons first: index and share of members having it in their top set. */
  topNeurons: ReadonlyArray<{ neuron: number; frequency: number }>;
}

/**
 * Rows: `clusters` in the given order. Columns: neurons in some row's first
 * `top` recorded neurons, the `maxColumns` with the highest frequency in any
 * row, by index. A cell holds the frequency when the neuron is among the
 * row's recorded neurons, else NaN (not recorded: drawn blank). `candidates`
 * counts the neurons before the column cut.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { attributionHeatmap } from "./attribution_heatmap.ts";
 * const m = attributionHeatmap([
 *   { name: "c0", topNeurons: [{ neuron: 7, frequency: 0.9 }, { neuron: 2, frequency: 0.4 }] },
 *   { name: "c1", topNeurons: [{ neuron: 2, frequency: 0.8 }] },
 * ], 1, 10);
 * assert.equal(m.columns.join(), "2,7");
 * assert.equal(m.values[0], 0.4);
 * assert.ok(Number.isNaN(m.values[3]));
 * ```
 */
export function attributionHeatmap(
  clusters: ReadonlyArray<RankedCluster>,
  top: number,
  maxColumns: number,
): HeatmapInput & { candidates: number } {
  const best = new Map<number, number>();
  for (const cluster of clusters) {
    for (const { neuron, frequency } of cluster.topNeurons.slice(0, top)) {
      if (frequency > 0) best.set(neuron, Math.max(best.get(neuron) ?? 0, frequency));
    }
  }
  const neurons = [...best.keys()]
    .sort((a, b) => best.get(b)! - best.get(a)! || a - b)
    .slice(0, maxColumns)
    .sort((a, b) => a - b);
  const values = new Float64Array(clusters.length * neurons.length).fill(NaN);
  clusters.forEach((cluster, r) => {
    const recorded = new Map(cluster.topNeurons.map((t) => [t.neuron, t.frequency]));
    neurons.forEach((j, k) => {
      const f = recorded.get(j);
      if (f !== undefined) values[r * neurons.length + k] = f;
    });
  });
  return {
    rows: clusters.map((c) => c.name),
    columns: neurons.map(String),
    values,
    candidates: best.size,
  };
}
