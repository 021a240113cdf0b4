/**
 * How topology moves: diagram distances between consecutive snapshots of a
 * layer (over training) and between consecutive layers of a snapshot (with
 * depth), and the topological complexity β0 + β1 (+ β2) of every layer and
 * epoch (Naitzat et al., JMLR 2020).
 *
 * Distances compare the finite bars only (the essential H0 class is always
 * present once and would only add the difference of thresholds); the JSON
 * says so in `convention`.
 *
 * @module
 */

import type { Diagram } from "../topology/diagram.ts";
import { bottleneckDistance } from "../topology/bottleneck.ts";
import { wassersteinDistance } from "../topology/wasserstein.ts";
import { bettiNumber } from "../topology/betti.ts";

/** Diagrams of one snapshot: layer → split → diagrams by dimension. */
export type SnapshotDiagrams = Record<string, Record<string, Diagram[]>>;

/** Scales, as fractions of each barcode's filtration threshold, for β-complexity. */
export const COMPLEXITY_SCALES = [0.05, 0.1, 0.25] as const;

/** One diagram distance between two barcodes, per homology dimension. */
export interface DistanceRow {
  from: number;
  to: number;
  split: string;
  dim: number;
  bottleneck: number;
  wasserstein1: number;
  wasserstein2: number;
}

function finite(diagram: Diagram): Diagram {
  return diagram.filter(([, d]) => Number.isFinite(d));
}

function distances(a: Diagram, b: Diagram) {
  const fa = finite(a), fb = finite(b);
  return {
    bottleneck: bottleneckDistance(fa, fb),
    wasserstein1: wassersteinDistance(fa, fb, { p: 1 }),
    wasserstein2: wassersteinDistance(fa, fb, { p: 2 }),
  };
}

/**
 * The tracking series of one network from its snapshot diagrams and their
 * thresholds.
 *
 * @example
 * ```ts
 * import { trackTopology } from "./tracking.ts";
 * const cell = { all: [[[0, Infinity], [0, 1]], [[0.5, 0.7]]] as [number, number][][] };
 * const series = trackTopology(
 *   new Map([[0, { "0": cell }], [1, { "0": cell }]]),
 *   new Map([[0, { layers: { "0": { all: { threshold: 2 } } } }], [1, { layers: { "0": { all: { threshold: 2 } } } }]]),
 * );
 * console.assert((series.betweenEpochs as { bottleneck: number }[])[0].bottleneck === 0);
 * ```
 */
export function trackTopology(
  diagrams: Map<number, SnapshotDiagrams>,
  snapshots: Map<number, { layers: Record<string, Record<string, { threshold: number }>> }>,
): Record<string, unknown> {
  const epochs = [...diagrams.keys()].sort((a, b) => a - b);
  const betweenEpochs: Array<DistanceRow & { layer: number }> = [];
  const betweenLayers: Array<DistanceRow & { epoch: number }> = [];
  const complexity: Array<
    {
      epoch: number;
      layer: number;
      split: string;
      scale: number;
      t: number;
      betti: number[];
      total: number;
    }
  > = [];
  for (let i = 1; i < epochs.length; i++) {
    const before = diagrams.get(epochs[i - 1])!, after = diagrams.get(epochs[i])!;
    for (const layer of Object.keys(after)) {
      for (const split of Object.keys(after[layer])) {
        const a = before[layer]?.[split], b = after[layer][split];
        if (!a) continue;
        b.forEach((_, dim) => {
          betweenEpochs.push({
            layer: Number(layer),
            from: epochs[i - 1],
            to: epochs[i],
            split,
            dim,
            ...distances(a[dim] ?? [], b[dim]),
          });
        });
      }
    }
  }
  for (const epoch of epochs) {
    const snapshot = diagrams.get(epoch)!;
    const layers = Object.keys(snapshot).map(Number).sort((a, b) => a - b);
    for (let j = 1; j < layers.length; j++) {
      const a = snapshot[layers[j - 1]], b = snapshot[layers[j]];
      for (const split of Object.keys(b)) {
        if (!a[split]) continue;
        b[split].forEach((_, dim) => {
          betweenLayers.push({
            epoch,
            from: layers[j - 1],
            to: layers[j],
            split,
            dim,
            ...distances(a[split][dim] ?? [], b[split][dim]),
          });
        });
      }
    }
    for (const layer of layers) {
      for (const [split, ds] of Object.entries(snapshot[layer])) {
        const threshold = snapshots.get(epoch)!.layers[layer][split].threshold;
        for (const scale of COMPLEXITY_SCALES) {
          const t = scale * threshold;
          const betti = ds.map((d) => bettiNumber(d, t));
          complexity.push({
            epoch,
            layer,
            split,
            scale,
            t,
            betti,
            total: betti.reduce((s, b) => s + b, 0),
          });
        }
      }
    }
  }
  return {
    convention:
      "distances between finite bars only (L-infinity ground metric, unmatched bars to the diagonal); complexity = sum of Betti numbers at scale × the barcode's threshold",
    betweenEpochs,
    betweenLayers,
    complexity,
  };
}
