/**
 * Training curves: loss and RMSE (and optionally accuracy) over epochs, one
 * panel per metric, train dashed and test solid.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import type { Chart } from "./chart.ts";
import { splitColors } from "./palette.ts";

/** The metrics of one split at one epoch. */
export interface SplitMetrics {
  /** Mean loss. */
  loss: number;
  /** Fraction correct, in [0, 1]. */
  accuracy: number;
  /** Root mean squared error between outputs and one-hot targets. */
  rmse: number;
}

/** Metrics as a history records them: `null` where an imported dump did not record one. */
export type RecordedMetrics = { [K in keyof SplitMetrics]: SplitMetrics[K] | null };

/** One row of a training history. */
export interface HistoryRow {
  /** Epoch (0 = untrained). */
  epoch: number;
  /** Metrics on the training split (null ones are not drawn). */
  train: RecordedMetrics;
  /** Metrics on the test split (null ones are not drawn). */
  test: RecordedMetrics;
}

/** A metric the chart can draw. */
export type HistoryMetric = keyof SplitMetrics;

/** Options of {@linkcode lossRmseChart}. */
export interface LossRmseChartOptions {
  /** Bold first line. */
  title?: string;
  /** Grey line under the title. */
  subtitle?: string;
  /** Panels, top to bottom (default `["loss", "rmse"]`). */
  metrics?: HistoryMetric[];
  /** Total width in px (default 800). */
  width?: number;
}

const METRIC_LABELS: Record<HistoryMetric, string> = {
  loss: "loss",
  rmse: "RMSE",
  accuracy: "accuracy",
};

interface CurvePoint {
  epoch: number;
  split: "train" | "test";
  value: number;
}

/**
 * Build the training-curves chart of `history`. Non-finite values (a diverged
 * loss) are left out of the lines.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lossRmseChart } from "./loss_rmse.ts";
 * import { renderSvg } from "./render.ts";
 * const m = (loss: number) => ({ loss, accuracy: 0.5, rmse: loss / 2 });
 * const chart = lossRmseChart([
 *   { epoch: 0, train: m(2), test: m(2.1) },
 *   { epoch: 1, train: m(1), test: m(1.3) },
 * ], { title: "learner" });
 * assert.equal(chart.panels.length, 2);
 * assert.ok(renderSvg(chart).includes("RMSE"));
 * ```
 */
export function lossRmseChart(history: HistoryRow[], options: LossRmseChartOptions = {}): Chart {
  const metrics = options.metrics ?? ["loss", "rmse"];
  history.forEach((row, i) => {
    if (!Number.isFinite(row?.epoch) || !row.train || !row.test) {
      throw new TypeError(
        `lossRmseChart: history[${i}] must be { epoch, train, test }, found ${JSON.stringify(row)}`,
      );
    }
  });
  const epochs = history.map((r) => r.epoch);
  const first = Math.min(...epochs, 0);
  const last = Math.max(...epochs, 1);
  const showDots = history.length <= 30;

  const panels = metrics.map((metric, i): Plot.PlotOptions => {
    if (!(metric in METRIC_LABELS)) {
      throw new RangeError(
        `lossRmseChart: metrics[${i}] must be loss, rmse or accuracy, found ${metric}`,
      );
    }
    const points: CurvePoint[] = [];
    for (const row of history) {
      for (const split of ["train", "test"] as const) {
        const value = row[split][metric];
        if (typeof value === "number" && Number.isFinite(value)) {
          points.push({ epoch: row.epoch, split, value });
        }
      }
    }
    const bottom = i === metrics.length - 1;
    const marks: Plot.Markish[] = [];
    for (const split of ["train", "test"] as const) {
      const series = points.filter((p) => p.split === split);
      marks.push(
        Plot.line(series, {
          x: "epoch",
          y: "value",
          stroke: splitColors[split],
          strokeWidth: 2,
          strokeDasharray: split === "train" ? "6,4" : undefined,
        }),
      );
      if (showDots) {
        marks.push(Plot.dot(series, { x: "epoch", y: "value", fill: splitColors[split], r: 2.5 }));
      }
    }
    return {
      height: bottom ? 230 : 200,
      marginTop: 16,
      marginBottom: bottom ? 40 : 16,
      marginLeft: 60,
      marginRight: 24,
      x: {
        domain: [first, last],
        label: bottom ? "epoch" : null,
        tickFormat: (v: number) => Number.isInteger(v) ? String(v) : "",
        grid: true,
      },
      y: {
        label: METRIC_LABELS[metric],
        grid: true,
        zero: true,
        nice: true,
        labelAnchor: "center",
        labelArrow: "none",
        ...(metric === "accuracy" ? { domain: [0, 1], nice: false } : {}),
      },
      marks,
    };
  });

  return {
    title: options.title,
    subtitle: options.subtitle,
    legend: [
      { label: "train", color: splitColors.train, symbol: "dashed" },
      { label: "test", color: splitColors.test, symbol: "line" },
    ],
    width: options.width,
    panels,
  };
}
