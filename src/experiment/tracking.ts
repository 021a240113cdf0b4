/**
 * How topology moves: diagram distances between consecutive snapshots of a
 * layer (over training) and between consecutive layers of a snapshot (with
 * depth), and the topological complexity β0 + β1 (+ β2) of every layer and
 * epoch (Naitzat et al., JMLR 2020).
 *
 * Distances compare the finite bars only (the essential H0 class is always
 * present once and would only add the difference of thresholds), and only
 * the {@linkcode TRACKED_BARS} longest of each diagram: exact matchings are
 * cubic in the number of bars, and a barcode of 1000 points has thousands.
 * Dropping bars no longer than ℓ moves the bottleneck distance by at most
 * ℓ/2; each row records that bound as `bottleneckBound`. The JSON says all
 * this in `convention`.
 *
 * @module
 */

import type { Diagram } from "../topology/diagram.ts";
import { bottleneckDistance } from "../topology/bottleneck.ts";
import { wassersteinDistance } from "../topology/wasserstein.ts";
import { bettiNumber } from "../topology/betti.ts";
import type { Split } from "../artifacts/layout.ts";
import type {
  BetweenEpochsRow,
  BetweenLayersRow,
  ComplexityRow,
  Tracking,
} from "../artifacts/schema.ts";

/** Diagrams of one snapshot: layer → split → diagrams by dimension. */
export type SnapshotDiagrams = Record<string, Partial<Record<Split, Diagram[]>>>;

/**
 * Scales, as fractions of each barcode's filtration threshold, for β-complexity.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { COMPLEXITY_SCALES } from "./tracking.ts";
 * assert.ok(COMPLEXITY_SCALES.every((s) => s > 0 && s < 1));
 * ```
 */
export const COMPLEXITY_SCALES = [0.05, 0.1, 0.25] as const;

/**
 * How many of the longest finite bars of each diagram the distances compare.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TRACKED_BARS } from "./tracking.ts";
 * assert.ok(TRACKED_BARS === 100);
 * ```
 */
export const TRACKED_BARS = 100;

/** The longest `TRACKED_BARS` finite bars, and the longest lifetime left out. */
function longestFinite(diagram: Diagram): { bars: Diagram; dropped: number } {
  const bars = diagram.filter(([, d]) => Number.isFinite(d))
    .sort((x, y) => (y[1] - y[0]) - (x[1] - x[0]) || x[0] - y[0] || x[1] - y[1]);
  const dropped = bars.length > TRACKED_BARS ? bars[TRACKED_BARS][1] - bars[TRACKED_BARS][0] : 0;
  return { bars: bars.slice(0, TRACKED_BARS), dropped };
}

/** The distances of one row of the tracking series. */
export type TrackedDistances = Pick<
  BetweenEpochsRow,
  "bottleneck" | "bottleneckBound" | "wasserstein1" | "wasserstein2"
>;

/**
 * Computes {@linkcode trackedDistances}; {@linkcode trackTopology} takes one
 * so that the pairs can go to other threads.
 */
export type TrackedDistancesFunction = (a: Diagram, b: Diagram) => Promise<TrackedDistances>;

/**
 * Bottleneck and Wasserstein (p = 1, 2) distances between the
 * {@linkcode TRACKED_BARS} longest finite bars of two diagrams, with the bound
 * on the whole diagrams' bottleneck distance.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { trackedDistances } from "./tracking.ts";
 * const d = trackedDistances([[0, 1]], [[0, 1], [0, Infinity]]);
 * assert.ok(d.bottleneck === 0 && d.wasserstein1 === 0);
 * ```
 */
export function trackedDistances(a: Diagram, b: Diagram): TrackedDistances {
  const fa = longestFinite(a), fb = longestFinite(b);
  return {
    bottleneck: bottleneckDistance(fa.bars, fb.bars),
    bottleneckBound: Math.max(fa.dropped, fb.dropped) / 2,
    wasserstein1: wassersteinDistance(fa.bars, fb.bars, { p: 1 }),
    wasserstein2: wassersteinDistance(fa.bars, fb.bars, { p: 2 }),
  };
}

/** Requests the distances of a row's pair and fills them in when they arrive. */
type Measure = <T extends object>(row: T, a: Diagram, b: Diagram) => T & TrackedDistances;

/** Thresholds of one network's barcodes: epoch → layer → split. */
export type SnapshotThresholds = Map<
  number,
  { layers: Record<string, Partial<Record<Split, { threshold: number }>>> }
>;

/** Splits of a snapshot cell, in its key order. */
function splitsOf(cell: Partial<Record<Split, unknown>>): Split[] {
  return (Object.keys(cell) as Split[]).filter((split) => cell[split] !== undefined);
}

/** Distances between consecutive snapshots of every layer and split. */
function betweenEpochs(
  diagrams: Map<number, SnapshotDiagrams>,
  epochs: number[],
  measure: Measure,
): BetweenEpochsRow[] {
  const rows: BetweenEpochsRow[] = [];
  for (let i = 1; i < epochs.length; i++) {
    const before = diagrams.get(epochs[i - 1])!, after = diagrams.get(epochs[i])!;
    for (const layer of Object.keys(after)) {
      for (const split of splitsOf(after[layer])) {
        const a = before[layer]?.[split], b = after[layer][split]!;
        if (!a) continue;
        b.forEach((_, dim) => {
          const row = { layer: Number(layer), from: epochs[i - 1], to: epochs[i], split, dim };
          rows.push(measure(row, a[dim] ?? [], b[dim]));
        });
      }
    }
  }
  return rows;
}

/** Distances between consecutive layers of one snapshot, every split. */
function betweenLayers(snapshot: SnapshotDiagrams, epoch: number, measure: Measure) {
  const rows: BetweenLayersRow[] = [];
  const layers = Object.keys(snapshot).map(Number).sort((a, b) => a - b);
  for (let j = 1; j < layers.length; j++) {
    const a = snapshot[layers[j - 1]], b = snapshot[layers[j]];
    for (const split of splitsOf(b)) {
      const before = a[split], after = b[split]!;
      if (!before) continue;
      after.forEach((_, dim) => {
        const row = { epoch, from: layers[j - 1], to: layers[j], split, dim };
        rows.push(measure(row, before[dim] ?? [], after[dim]));
      });
    }
  }
  return rows;
}

/** β-complexity of every layer and split of one snapshot at each scale. */
function complexityRows(
  snapshot: SnapshotDiagrams,
  epoch: number,
  thresholds: SnapshotThresholds,
): ComplexityRow[] {
  const rows: ComplexityRow[] = [];
  const layers = Object.keys(snapshot).map(Number).sort((a, b) => a - b);
  for (const layer of layers) {
    for (const split of splitsOf(snapshot[layer])) {
      const ds = snapshot[layer][split]!;
      const threshold = thresholds.get(epoch)!.layers[layer][split]!.threshold;
      for (const scale of COMPLEXITY_SCALES) {
        const t = scale * threshold;
        const betti = ds.map((d) => bettiNumber(d, t));
        const total = betti.reduce((s, b) => s + b, 0);
        rows.push({ epoch, layer, split, scale, t, betti, total });
      }
    }
  }
  return rows;
}

/**
 * The tracking series of one network from its snapshot diagrams and their
 * thresholds.
 *
 * @example
 * ```ts
 * import { trackTopology } from "./tracking.ts";
 * import assert from "node:assert/strict";
 * const cell = { all: [[[0, Infinity], [0, 1]], [[0.5, 0.7]]] as [number, number][][] };
 * const series = await trackTopology(
 *   new Map([[0, { "0": cell }], [1, { "0": cell }]]),
 *   new Map([[0, { layers: { "0": { all: { threshold: 2 } } } }], [1, { layers: { "0": { all: { threshold: 2 } } } }]]),
 * );
 * assert.equal(series.betweenEpochs[0].bottleneck, 0);
 * assert.equal(series.betweenEpochs.length, 2);
 * ```
 */
export async function trackTopology(
  diagrams: Map<number, SnapshotDiagrams>,
  thresholds: SnapshotThresholds,
  distances: TrackedDistancesFunction = (a, b) => Promise.resolve(trackedDistances(a, b)),
): Promise<Tracking> {
  // Every pair is requested at once (the rows keep their order) and filled
  // in when its distances arrive.
  const requests: Promise<unknown>[] = [];
  const measure: Measure = (row, a, b) => {
    const full = { ...row, bottleneck: 0, bottleneckBound: 0, wasserstein1: 0, wasserstein2: 0 };
    requests.push(distances(a, b).then((d) => Object.assign(full, d)));
    return full;
  };
  const epochs = [...diagrams.keys()].sort((a, b) => a - b);
  const byEpoch = betweenEpochs(diagrams, epochs, measure);
  const byLayer: BetweenLayersRow[] = [];
  const complexity: ComplexityRow[] = [];
  for (const epoch of epochs) {
    byLayer.push(...betweenLayers(diagrams.get(epoch)!, epoch, measure));
    complexity.push(...complexityRows(diagrams.get(epoch)!, epoch, thresholds));
  }
  await Promise.all(requests);
  return {
    convention:
      `distances between the ${TRACKED_BARS} longest finite bars of each diagram (L-infinity ground metric, unmatched bars to the diagonal); the full diagrams' bottleneck distance lies within bottleneckBound of the value given; complexity = sum of Betti numbers at scale × the barcode's threshold`,
    betweenEpochs: byEpoch,
    betweenLayers: byLayer,
    complexity,
  };
}
