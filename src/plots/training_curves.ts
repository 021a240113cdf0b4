/**
 * Training curves of several networks overlaid: one panel per score (loss,
 * accuracy, RMSE), one colour per network, train dashed and test solid.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import type { Chart, LegendItem } from "./chart.ts";
import type { HistoryRow, SplitMetrics as Scores } from "./loss_rmse.ts";
import { formatValue } from "./format.ts";
import { networkColor } from "./network_color.ts";

/** One network's history: per-epoch train and test scores. */
export interface CurveSeries {
  /** Network name (legend label). */
  network: string;
  /** Rows of history.json. */
  epochs: HistoryRow[];
  /** Colour (default: by position, {@linkcode networkColor}). */
  color?: string;
}

/** Options of {@linkcode trainingCurvesChart}. */
export interface TrainingCurvesOptions {
  /** Bold first line. */
  title?: string;
  /** Grey line under the title. */
  subtitle?: string;
  /** Scores to draw, one panel each (default loss, accuracy, rmse). */
  scores?: Array<keyof Scores>;
  /** Height of one panel in px (default 180). */
  panelHeight?: number;
  /** Total width in px (default 800). */
  width?: number;
  /** Leave out the legend (for thumbnails). */
  legend?: boolean;
}

interface CurveRow {
  network: string;
  split: "train" | "test";
  epoch: number;
  value: number;
}

const SCORE_LABELS: Record<keyof Scores, string> = {
  loss: "loss ↓",
  accuracy: "accuracy ↑",
  rmse: "RMSE ↓",
};

/**
 * Build the overlaid training-curves chart.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { trainingCurvesChart } from "./training_curves.ts";
 * import { renderSvg } from "../../src/plots/render.ts";
 * const s = (v: number) => ({ loss: v, accuracy: 1 - v, rmse: Math.sqrt(v) });
 * const chart = trainingCurvesChart([
 *   { network: "good", epochs: [{ epoch: 0, train: s(0.7), test: s(0.72) }, { epoch: 1, train: s(0.2), test: s(0.25) }] },
 * ]);
 * assert.ok(renderSvg(chart).includes("accuracy"));
 * ```
 */
export function trainingCurvesChart(
  series: CurveSeries[],
  options: TrainingCurvesOptions = {},
): Chart {
  const scores = options.scores ?? ["loss", "accuracy", "rmse"];
  const colors = series.map((s, i) => s.color ?? networkColor(i));
  const names = series.map((s) => s.network);
  const legend: LegendItem[] = [
    ...series.map((s, i) => ({ label: s.network, color: colors[i], symbol: "line" as const })),
    { label: "train", color: "#555", symbol: "dashed" as const },
    { label: "test", color: "#555", symbol: "line" as const },
  ];
  const panels = scores.map((score, index): Plot.PlotOptions => {
    const rows: CurveRow[] = [];
    for (const s of series) {
      for (const e of s.epochs) {
        for (const split of ["train", "test"] as const) {
          const value = e[split]?.[score];
          if (typeof value === "number" && Number.isFinite(value)) {
            rows.push({ network: s.network, split, epoch: e.epoch, value });
          }
        }
      }
    }
    const line = (split: "train" | "test"): Plot.Markish =>
      Plot.line(rows.filter((r) => r.split === split), {
        x: "epoch",
        y: "value",
        z: "network",
        stroke: "network",
        strokeWidth: 2,
        strokeDasharray: split === "train" ? "5,3" : undefined,
        marker: rows.length < 60 ? "circle-stroke" : undefined,
        title: (r: CurveRow) =>
          `${r.network} ${r.split} ${score} at epoch ${r.epoch}: ${formatValue(r.value)}`,
      });
    return {
      height: options.panelHeight ?? 180,
      marginLeft: 52,
      marginRight: 20,
      marginBottom: index === scores.length - 1 ? 40 : 24,
      x: {
        label: index === scores.length - 1 ? "epoch" : null,
        labelAnchor: "center",
        labelArrow: "none",
        grid: true,
        ...epochTicks(series),
      },
      y: { label: SCORE_LABELS[score], grid: true, nice: true },
      color: { domain: names, range: colors },
      marks: rows.length > 0
        ? [line("train"), line("test")]
        : [Plot.text([`no ${score} recorded`], { frameAnchor: "middle" })],
    };
  });
  return {
    title: options.title,
    subtitle: options.subtitle,
    legend: options.legend === false ? undefined : legend,
    width: options.width,
    panels,
  };
}

/** Whole-epoch ticks: every epoch up to 12, else about 10 round ones. */
function epochTicks(
  series: CurveSeries[],
): { ticks?: number[]; tickFormat: (v: number) => string } {
  const last = Math.max(0, ...series.flatMap((s) => s.epochs.map((e) => e.epoch)));
  const step = last <= 12
    ? 1
    : [2, 5, 10, 20, 50, 100, 200, 500].find((k) => last / k <= 10) ?? 1000;
  const ticks: number[] = [];
  for (let e = 0; e <= last; e += step) ticks.push(e);
  return { ticks, tickFormat: (v: number) => String(v) };
}
