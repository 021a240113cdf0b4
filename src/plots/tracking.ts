/**
 * Tracking distances: how far the diagrams move between consecutive snapshots
 * (per layer) and between consecutive layers (per epoch), network against
 * network. {@linkcode trackingRows} reads the `tracking` object of
 * barcode_evaluation.json; {@linkcode trackingChart} draws one family of it.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import type { Chart } from "./chart.ts";
import { formatValue } from "./format.ts";
import { networkColor } from "./network_color.ts";
import type { Tracking } from "../artifacts/schema.ts";

/** The distance families of a tracking record, and the coordinate each fixes. */
export const TRACKING_FAMILIES = {
  /** Between consecutive snapshots of a layer: rows fix the layer, step over epochs. */
  betweenEpochs: { fixed: "layer", words: "between consecutive snapshots, per layer" },
  /** Between consecutive layers of a snapshot: rows fix the epoch, step over layers. */
  betweenLayers: { fixed: "epoch", words: "between consecutive layers, per epoch" },
} as const;

/** A distance family of the tracking record. */
export type TrackingFamily = keyof typeof TRACKING_FAMILIES;

/** One distance between two diagrams. */
export interface TrackingRow {
  /** The family: what varies (`betweenEpochs`, `betweenLayers`). */
  family: TrackingFamily;
  /** The fixed coordinate: the layer for `betweenEpochs`, the epoch for `betweenLayers`. */
  at: number;
  /** The split. */
  split: string;
  /** Homology dimension, e.g. `H1`. */
  dim: string;
  /** Where the distance starts (epoch or layer). */
  from: number;
  /** Where it ends. */
  to: number;
  /** Distance name, e.g. `bottleneck`. */
  metric: string;
  /** The distance. */
  value: number;
}

const COORDINATES = new Set(["from", "to", "dim", "split", "layer", "epoch"]);

/**
 * Flatten the `tracking` record of barcode_evaluation.json: one row per
 * distance family, pair and numeric field (`bottleneck`, `bottleneckBound`,
 * `wasserstein1`, `wasserstein2`), in the record's order. Each family's rows
 * fix the coordinate {@linkcode TRACKING_FAMILIES} names; `complexity` holds
 * no distances.
 *
 * @example
 * ```ts
 * import { trackingRows } from "./tracking.ts";
 * import assert from "node:assert/strict";
 * const d = { bottleneck: 0.1, bottleneckBound: 0, wasserstein1: 0.2, wasserstein2: 0.1 };
 * const rows = trackingRows({
 *   convention: "",
 *   betweenEpochs: [{ layer: 3, from: 0, to: 2, split: "all", dim: 1, ...d }],
 *   betweenLayers: [],
 *   complexity: [],
 * });
 * assert.equal(rows.length, 4);
 * assert.deepEqual([rows[0].family, rows[0].at, rows[0].dim], ["betweenEpochs", 3, "H1"]);
 * ```
 */
export function trackingRows(tracking: Tracking): TrackingRow[] {
  const rows: TrackingRow[] = [];
  const add = (family: TrackingFamily, at: number, record: Tracking[TrackingFamily][number]) => {
    for (const [metric, value] of Object.entries(record)) {
      if (COORDINATES.has(metric) || typeof value !== "number" || !Number.isFinite(value)) continue;
      const { split, from, to } = record;
      rows.push({ family, at, split, dim: `H${record.dim}`, from, to, metric, value });
    }
  };
  for (const record of tracking.betweenEpochs) add("betweenEpochs", record.layer, record);
  for (const record of tracking.betweenLayers) add("betweenLayers", record.epoch, record);
  return rows;
}

/** Options of {@linkcode trackingChart}. */
export interface TrackingChartOptions {
  /** Bold first line. */
  title?: string;
  /** Grey line under the title. */
  subtitle?: string;
  /** Network names in colour order (default: order of appearance). */
  networks?: string[];
  /** Total width in px (default 800). */
  width?: number;
}

/**
 * Draw tracking rows of one family and metric: one row of panels per
 * dimension, x = the transition (`from→to`), facets by the fixed coordinate,
 * one line per network.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { trackingChart } from "./tracking.ts";
 * import { renderSvg } from "../../src/plots/render.ts";
 * const row = { family: "betweenLayers" as const, at: 2, split: "all", dim: "H1", metric: "bottleneck" };
 * const chart = trackingChart([
 *   { ...row, from: 0, to: 1, value: 0.2, network: "good" },
 *   { ...row, from: 1, to: 2, value: 0.3, network: "good" },
 * ]);
 * assert.ok(renderSvg(chart).includes("0→1"));
 * ```
 */
export function trackingChart(
  rows: Array<TrackingRow & { network: string }>,
  options: TrackingChartOptions = {},
): Chart {
  const networks = options.networks ?? [...new Set(rows.map((r) => r.network))];
  const colors = networks.map((_, i) => networkColor(i));
  const dims = [...new Set(rows.map((r) => r.dim))].sort();
  const ats = [...new Set(rows.map((r) => r.at))].sort((a, b) => a - b);
  const transitions = [...new Map(
    [...rows].sort((a, b) => a.from - b.from || a.to - b.to).map((r) => [`${r.from}→${r.to}`, r]),
  ).keys()];
  const fixed = rows.length > 0 ? TRACKING_FAMILIES[rows[0].family].fixed : "";
  const label = (at: number) => `${fixed} ${at}`;
  const data = rows.map((r) => ({
    ...r,
    transition: `${r.from}→${r.to}`,
    facet: label(r.at),
    key: `${r.network} ${r.at}`,
  }));
  const metric = rows[0]?.metric ?? "distance";
  const panels = dims.map((dim, i): Plot.PlotOptions => {
    const own = data.filter((r) => r.dim === dim);
    return {
      height: 180,
      marginLeft: 52,
      marginTop: i === 0 ? 40 : 12,
      marginBottom: 34,
      x: { domain: transitions, label: null, padding: 0.3 },
      y: { label: `${metric} ${dim}`, grid: true, nice: true, zero: true },
      fx: { domain: ats.map(label), label: null, axis: i === 0 ? "top" : null, padding: 0.1 },
      color: { domain: networks, range: colors },
      marks: [
        Plot.line(own, { x: "transition", y: "value", z: "key", stroke: "network", fx: "facet" }),
        Plot.dot(own, {
          x: "transition",
          y: "value",
          fill: "network",
          r: 3,
          fx: "facet",
          title: (r: (typeof own)[number]) =>
            `${r.network} ${r.facet} ${r.dim} ${r.transition}: ${metric} ${formatValue(r.value)}`,
        }),
      ],
    };
  });
  return {
    title: options.title,
    subtitle: options.subtitle,
    legend: networks.map((n, i) => ({ label: n, color: colors[i], symbol: "line" as const })),
    width: options.width,
    panels,
  };
}
