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

/** One distance between two diagrams. */
export interface TrackingRow {
  /** The top-level key: what varies (e.g. `epochs` or `layers`). */
  family: string;
  /** The fixed coordinate (the layer for `epochs`, the epoch for `layers`), or null. */
  at: number | null;
  /** The split, when the path names one. */
  split: string | null;
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

const SPLIT_NAMES = new Set(["all", "train", "test"]);
const RESERVED = new Set(["from", "to", "dim", "split", "layer", "epoch"]);

/**
 * Flatten a `tracking` object: every array of `{ from, to, <metric>: number… }`
 * records found under it becomes rows (one per numeric metric). The record's
 * own `split`, `dim` (k or `H<k>`) and `layer`/`epoch` (the fixed coordinate)
 * come first; otherwise the keys on the way name them. The first key names
 * the family (`betweenEpochs`, `betweenLayers`). Records without `from`/`to`
 * (such as `complexity`) are not distances and are skipped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { trackingRows } from "./tracking.ts";
 * const rows = trackingRows({
 *   betweenEpochs: [{ layer: 3, from: 0, to: 2, split: "all", dim: 1, bottleneck: 0.1 }],
 * });
 * assert.equal(rows.length, 1);
 * assert.equal(rows[0].at, 3);
 * assert.equal(rows[0].dim, "H1");
 * ```
 */
export function trackingRows(tracking: Record<string, unknown>): TrackingRow[] {
  const rows: TrackingRow[] = [];
  const walk = (value: unknown, path: string[]) => {
    if (Array.isArray(value)) {
      for (const item of value) {
        if (!item || typeof item !== "object") continue;
        const record = item as Record<string, unknown>;
        if (typeof record.from !== "number" || typeof record.to !== "number") continue;
        const split = typeof record.split === "string"
          ? record.split
          : path.find((p) => SPLIT_NAMES.has(p)) ?? null;
        const dim = typeof record.dim === "string"
          ? record.dim
          : typeof record.dim === "number"
          ? `H${record.dim}`
          : path.find((p) => /^H\d+$/.test(p)) ?? "H?";
        const atKey = typeof record.layer === "number"
          ? record.layer
          : typeof record.epoch === "number"
          ? record.epoch
          : path.slice(1).find((p) => /^\d+$/.test(p));
        for (const [metric, v] of Object.entries(record)) {
          if (RESERVED.has(metric)) continue;
          if (typeof v !== "number" || !Number.isFinite(v)) continue;
          rows.push({
            family: path[0] ?? "",
            at: atKey === undefined ? null : Number(atKey),
            split,
            dim,
            from: record.from,
            to: record.to,
            metric,
            value: v,
          });
        }
      }
    } else if (value && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
    }
  };
  walk(tracking, []);
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
 * const row = { family: "layers", at: 2, split: "all", dim: "H1", metric: "bottleneck" };
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
  const ats = [...new Set(rows.map((r) => r.at))].sort((a, b) => (a ?? -1) - (b ?? -1));
  const transitions = [...new Map(
    [...rows].sort((a, b) => a.from - b.from || a.to - b.to).map((r) => [`${r.from}→${r.to}`, r]),
  ).keys()];
  const label = (at: number | null) =>
    at === null ? "" : `${/epoch/i.test(rows[0]?.family ?? "") ? "layer" : "epoch"} ${at}`;
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
      fx: ats.length > 1 || ats[0] !== null
        ? { domain: ats.map(label), label: null, axis: i === 0 ? "top" : null, padding: 0.1 }
        : undefined,
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
