/**
 * A topological metric over epochs: one line per layer, and one facet per
 * network when the rows name several (learner vs crippled side by side, on a
 * shared y scale so they compare).
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import type { Chart } from "./chart.ts";
import { layerColor } from "./palette.ts";
import type { DiagramMetricName } from "../topology/metrics.ts";

/**
 * The diagram metrics drawn over epochs, in order — by the runner's PNGs and
 * by the site alike (src/topology/metrics.ts names every metric; the others
 * stay in barcode_evaluation.json).
 *
 * @example
 * ```ts
 * import { METRICS_OVER_EPOCHS } from "./metric_over_epochs.ts";
 * import assert from "node:assert/strict";
 * assert.ok(METRICS_OVER_EPOCHS.includes("lifetimeMean"));
 * ```
 */
export const METRICS_OVER_EPOCHS: readonly DiagramMetricName[] = [
  "lifetimeMean",
  "lifetimeMax",
  "entropy",
  "normalizedEntropy",
  "totalPersistence1",
  "bars",
];

/** One value of the metric. */
export interface MetricRow {
  /** Epoch (0 = untrained). */
  epoch: number;
  /** Layer index (0 = input). */
  layer: number;
  /** The metric's value (non-finite values are left out). */
  value: number;
  /** The network's name, to facet by. */
  network?: string;
}

/** Options of {@linkcode metricOverEpochsChart}. */
export interface MetricOverEpochsChartOptions {
  /** The y axis label: the measure's name (e.g. `total persistence H1`). */
  yLabel: string;
  /** Bold first line. */
  title?: string;
  /** Grey line under the title. */
  subtitle?: string;
  /** Total width in px (default 800). */
  width?: number;
}

/**
 * Build the metric-over-epochs chart.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { metricOverEpochsChart } from "./metric_over_epochs.ts";
 * import { renderSvg } from "./render.ts";
 * const rows = [0, 1, 2].flatMap((epoch) =>
 *   [0, 1].map((layer) => ({ epoch, layer, value: epoch + layer }))
 * );
 * const chart = metricOverEpochsChart(rows, { yLabel: "total persistence H1" });
 * assert.ok(renderSvg(chart).includes("total persistence H1"));
 * ```
 */
export function metricOverEpochsChart(
  rows: MetricRow[],
  options: MetricOverEpochsChartOptions,
): Chart {
  if (typeof options?.yLabel !== "string" || options.yLabel === "") {
    throw new TypeError(
      `metricOverEpochsChart: options.yLabel must be a non-empty string, found ${
        JSON.stringify(options?.yLabel)
      }`,
    );
  }
  rows.forEach((row, i) => {
    if (!Number.isFinite(row?.epoch) || !Number.isInteger(row.layer)) {
      throw new TypeError(
        `metricOverEpochsChart: rows[${i}] must have a finite epoch and an integer layer, ` +
          `found ${JSON.stringify(row)}`,
      );
    }
  });
  const data = rows
    .filter((r) => Number.isFinite(r.value))
    .map((r) => ({ ...r, layerLabel: `layer ${r.layer}` }))
    .sort((a, b) => a.layer - b.layer || a.epoch - b.epoch);
  const layers = [...new Set(rows.map((r) => r.layer))].sort((a, b) => a - b);
  const networks = [...new Set(rows.map((r) => r.network).filter((n) => n !== undefined))];
  const facet = networks.length > 1;
  const colors = layers.map((_, i) => layerColor(i, layers.length));
  const epochCount = new Set(rows.map((r) => r.epoch)).size;

  const common = {
    x: "epoch",
    y: "value",
    fx: facet ? "network" : undefined,
  };
  const marks: Plot.Markish[] = [
    Plot.line(data, { ...common, stroke: "layerLabel", z: "layerLabel", strokeWidth: 2 }),
  ];
  if (epochCount <= 30) {
    marks.push(Plot.dot(data, { ...common, fill: "layerLabel", r: 2.5 }));
  }
  if (data.length === 0) {
    marks.push(Plot.text(["no values"], { frameAnchor: "middle", fontSize: 14 }));
  }

  return {
    title: options.title,
    subtitle: options.subtitle,
    legend: layers.map((j, i) => ({ label: `layer ${j}`, color: colors[i], symbol: "line" })),
    width: options.width,
    panels: [{
      height: 340,
      marginTop: facet ? 30 : 16,
      marginBottom: 40,
      marginLeft: 64,
      marginRight: 24,
      x: {
        label: "epoch",
        grid: true,
        tickFormat: (v: number) => Number.isInteger(v) ? String(v) : "",
      },
      y: {
        label: options.yLabel,
        grid: true,
        nice: true,
        labelAnchor: "center",
        labelArrow: "none",
      },
      fx: facet ? { label: null, domain: networks, padding: 0.12 } : undefined,
      color: { domain: layers.map((j) => `layer ${j}`), range: colors },
      marks,
    }],
  };
}
