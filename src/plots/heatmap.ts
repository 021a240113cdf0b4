/**
 * A heatmap of a rows × columns matrix, such as clusters × hidden neurons
 * (how often each neuron is among a cluster's most activated ones, the MNIST Mapper talk).
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import type { Chart } from "./chart.ts";
import { formatValue } from "./format.ts";

/** A matrix with row and column names. */
export interface HeatmapInput {
  /** Row names, top to bottom. */
  rows: string[];
  /** Column names, left to right. */
  columns: string[];
  /** rows × columns values, row-major. */
  values: ArrayLike<number>;
}

/** Options of {@linkcode heatmapChart}. */
export interface HeatmapChartOptions {
  /** Bold first line. */
  title?: string;
  /** Grey line(s) under the title. */
  subtitle?: string;
  /** x axis label (default none). */
  xLabel?: string;
  /** y axis label (default none). */
  yLabel?: string;
  /** What a value means, for the legend (default "value"). */
  valueLabel?: string;
  /** Colour domain (default [0, max]). */
  domain?: [number, number];
  /** Height of one row in px (default: 420 / rows, within [14, 28]). */
  rowHeight?: number;
  /** Total width in px (default 800). */
  width?: number;
}

/**
 * Build the heatmap: one cell per entry, white (low) to dark blue (high).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { heatmapChart } from "./heatmap.ts";
 * import { renderSvg } from "./render.ts";
 * const chart = heatmapChart({ rows: ["c0", "c1"], columns: ["n3", "n7"], values: [1, 0, 0.2, 0.8] });
 * assert.ok((renderSvg(chart).match(/<rect/g) ?? []).length >= 4);
 * ```
 */
export function heatmapChart(input: HeatmapInput, options: HeatmapChartOptions = {}): Chart {
  const { rows, columns, values } = input;
  if (values.length !== rows.length * columns.length) {
    throw new RangeError(
      `heatmapChart: "values" must hold rows × columns = ${rows.length} × ${columns.length} = ${
        rows.length * columns.length
      } entries, found ${values.length}`,
    );
  }
  const cells: Array<{ row: string; column: string; value: number }> = [];
  let max = 0;
  rows.forEach((row, r) =>
    columns.forEach((column, c) => {
      const value = values[r * columns.length + c];
      cells.push({ row, column, value });
      if (Number.isFinite(value)) max = Math.max(max, value);
    })
  );
  const domain = options.domain ?? [0, max > 0 ? max : 1];
  const width = options.width ?? 800;
  const rowHeight = options.rowHeight ??
    Math.max(14, Math.min(28, Math.floor(420 / Math.max(1, rows.length))));
  const valueLabel = options.valueLabel ?? "value";
  const rotate = columns.length > 20;
  return {
    title: options.title,
    subtitle: options.subtitle,
    legend: [
      { label: `${valueLabel} ${formatValue(domain[0])}`, color: "#f7fbff" },
      { label: `${valueLabel} ${formatValue(domain[1])}`, color: "#08306b" },
    ],
    width,
    panels: [{
      height: rows.length * rowHeight + (rotate ? 70 : 50),
      marginLeft: 70,
      marginBottom: rotate ? 60 : 40,
      padding: 0.05,
      x: { domain: columns, label: options.xLabel ?? null, tickRotate: rotate ? -90 : 0 },
      y: { domain: rows, label: options.yLabel ?? null },
      color: { type: "linear", scheme: "blues", domain },
      marks: [
        Plot.cell(cells, {
          x: "column",
          y: "row",
          fill: "value",
          title: (d: (typeof cells)[number]) => `${d.row} · ${d.column}: ${formatValue(d.value)}`,
        }),
      ],
    }],
  };
}
