/**
 * The chart description shared by the PNG artifacts and the static site: a
 * title block, an SVG legend and one or more Observable Plot panels stacked
 * top to bottom. Chart builders (`barcodeChart`, …) return a {@linkcode Chart};
 * `renderSvg` turns it into one self-contained SVG (no HTML), which resvg
 * rasterises and the site inlines.
 *
 * @module
 */

import type { PlotOptions } from "@observablehq/plot";

/** How a legend entry is drawn. */
export type LegendSymbol = "square" | "line" | "dashed" | "dot";

/** One legend entry: a coloured swatch and its label. */
export interface LegendItem {
  /** The text after the swatch. */
  label: string;
  /** Any CSS colour. */
  color: string;
  /** The swatch: a filled square (default), a solid or dashed line, a dot. */
  symbol?: LegendSymbol;
}

/** A chart: header, legend and Plot panels, rendered to SVG by `renderSvg`. */
export interface Chart {
  /** Bold first line. */
  title?: string;
  /** Grey line(s) under the title (wrapped to the chart's width). */
  subtitle?: string;
  /** Swatches in a row (wrapped) under the subtitle. */
  legend?: LegendItem[];
  /**
   * Observable Plot options, one per panel, stacked top to bottom. A panel
   * without `width` gets the chart's width; a narrower one is centred. Panels
   * must not set `title`, `subtitle`, `caption` or a legend (Plot would wrap
   * them in HTML): put those on the chart.
   */
  panels: PlotOptions[];
  /** Small grey text under the panels. */
  note?: string;
  /** Total width in px (default 800). */
  width?: number;
}

/**
 * Is `value` a {@linkcode Chart} (has `panels`) rather than bare Plot options?
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isChart } from "./chart.ts";
 * assert.ok(isChart({ panels: [] }));
 * assert.ok(!isChart({ marks: [] }));
 * ```
 */
export function isChart(value: Chart | PlotOptions): value is Chart {
  return Array.isArray((value as Chart).panels);
}
