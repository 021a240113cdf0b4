/**
 * The label composition of clusters (the MNIST Mapper talk's bar plots): per cluster a
 * stacked bar of the share of each true class, and the network's accuracy
 * on the cluster's members.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import type { Chart } from "./chart.ts";
import { classColor } from "./class_colors.ts";

/** One cluster as the chart draws it. */
export interface CompositionBar {
  /** Cluster name on the x axis. */
  cluster: string;
  /** Members per class (keys are class labels). */
  labelHistogram: Record<string, number>;
  /** Share of members classified correctly, when known. */
  accuracy?: number;
}

/** Options of {@linkcode labelCompositionChart}. */
export interface LabelCompositionChartOptions {
  /** Bold first line. */
  title?: string;
  /** Grey line(s) under the title. */
  subtitle?: string;
  /** Total width in px (default 800). */
  width?: number;
}

/**
 * Build the chart: top panel, each cluster's class shares stacked to 1 with
 * its member count above; bottom panel, its accuracy (when given).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { labelCompositionChart } from "./label_composition.ts";
 * import { renderSvg } from "./render.ts";
 * const chart = labelCompositionChart([
 *   { cluster: "c0", labelHistogram: { "3": 8, "5": 2 }, accuracy: 0.9 },
 *   { cluster: "c1", labelHistogram: { "1": 4 }, accuracy: 1 },
 * ]);
 * assert.ok(renderSvg(chart).includes("accuracy"));
 * ```
 */
export function labelCompositionChart(
  bars: CompositionBar[],
  options: LabelCompositionChartOptions = {},
): Chart {
  const segments: Array<{ cluster: string; label: number; count: number; share: number }> = [];
  const totals: Array<{ cluster: string; size: number }> = [];
  const classes = new Set<number>();
  for (const bar of bars) {
    const entries = Object.entries(bar.labelHistogram).map(([k, v]) => [Number(k), v] as const)
      .sort((a, b) => a[0] - b[0]);
    const size = entries.reduce((s, [, v]) => s + v, 0);
    totals.push({ cluster: bar.cluster, size });
    for (const [label, count] of entries) {
      classes.add(label);
      segments.push({ cluster: bar.cluster, label, count, share: size ? count / size : 0 });
    }
  }
  const domain = bars.map((b) => b.cluster);
  const width = options.width ?? 800;
  const rotate = bars.length > 24;
  const accuracy = bars.filter((b) => b.accuracy !== undefined)
    .map((b) => ({ cluster: b.cluster, accuracy: b.accuracy! }));
  const panels: Chart["panels"] = [{
    height: 260,
    marginLeft: 50,
    x: {
      domain,
      label: null,
      axis: accuracy.length ? null : "bottom",
      tickRotate: rotate ? -90 : 0,
    },
    y: { domain: [0, 1.08], label: "share of members", ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] },
    color: { type: "identity" },
    marks: [
      Plot.barY(segments, {
        x: "cluster",
        y: "share",
        fill: (d: (typeof segments)[number]) => classColor(d.label),
        order: "label",
        title: (d: (typeof segments)[number]) =>
          `${d.cluster}: ${d.count} × class ${d.label} (${(100 * d.share).toFixed(1)}%)`,
      }),
      Plot.text(totals, {
        x: "cluster",
        y: 1,
        text: (d: (typeof totals)[number]) => String(d.size),
        dy: -6,
        fontSize: bars.length > 30 ? 7 : 9,
      }),
      Plot.ruleY([0]),
    ],
  }];
  if (accuracy.length) {
    panels.push({
      height: 140 + (rotate ? 30 : 0),
      marginLeft: 50,
      marginBottom: rotate ? 60 : 30,
      x: { domain, label: null, tickRotate: rotate ? -90 : 0 },
      y: { domain: [0, 1], label: "accuracy", ticks: [0, 0.5, 1] },
      marks: [
        Plot.barY(accuracy, {
          x: "cluster",
          y: "accuracy",
          fill: "#555",
          title: (d: (typeof accuracy)[number]) =>
            `${d.cluster}: accuracy ${d.accuracy.toFixed(3)}`,
        }),
        Plot.ruleY([0]),
      ],
    });
  }
  return {
    title: options.title,
    subtitle: [
      options.subtitle,
      "class shares per cluster (members above each bar)" +
      (accuracy.length ? "; below, the network's accuracy on the members" : ""),
    ]
      .filter(Boolean).join("\n"),
    legend: [...classes].sort((a, b) => a - b).map((c) => ({
      label: `class ${c}`,
      color: classColor(c),
    })),
    width,
    panels,
  };
}
