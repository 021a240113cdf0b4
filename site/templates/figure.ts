/**
 * Inline a chart as a `<figure>`: rendered to SVG at build time by
 * src/plots' `renderSvg`, then made lean with {@linkcode compactSvg}.
 *
 * @module
 */

import type { Chart } from "../../src/plots/chart.ts";
import { renderSvg } from "../../src/plots/render.ts";
import { compactSvg } from "../charts/compact_svg.ts";
import { html, raw, type SafeHtml } from "../html.ts";

/** Options of {@linkcode figure}. */
export interface FigureOptions {
  /** Render width in px (the SVG scales down with CSS). */
  width?: number;
  /** Text under the chart (escaped). */
  caption?: string;
  /** Extra class names. */
  className?: string;
  /** Accessible label of the figure (escaped). */
  label?: string;
}

/**
 * A `<figure class="chart">` holding the chart's SVG.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as Plot from "@observablehq/plot";
 * import { figure } from "./figure.ts";
 * const f = figure({ panels: [{ marks: [Plot.dot([[0, 0]])] }] }, { caption: "a <dot>" });
 * assert.ok(f.value.includes("<svg"))
 * assert.ok(f.value.includes("a &lt;dot&gt;"));
 * ```
 */
export function figure(chart: Chart, options: FigureOptions = {}): SafeHtml {
  const svg = compactSvg(renderSvg(chart, { width: options.width }));
  return html`
    <figure class="chart${options.className ? ` ${options.className}` : ""}" ${options.label
      ? html`
        aria-label="${options.label}"
      `
      : ""}>${raw(svg)}${options.caption
      ? html`<figcaption>${options.caption}</figcaption>`
      : ""}</figure>
  `;
}
