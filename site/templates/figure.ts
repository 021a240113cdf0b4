/**
 * Inline a chart as a `<figure>`: rendered to SVG at build time by
 * src/plots' `renderSvg`, then made lean with {@linkcode compactSvg}. Charts
 * are built in src/plots' lean DOM (`svgDocument`), which writes linkedom's
 * markup at a fraction of the cost; tests/site/chart_dom_test.ts builds the
 * fixture site in both and compares every page.
 *
 * @module
 */

import type { Chart } from "../../src/plots/chart.ts";
import { renderSvg, type SvgDocument } from "../../src/plots/render.ts";
import { svgDocument } from "../../src/plots/svg_dom.ts";
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
  /**
   * Draw the chart once per page for equal inputs: `key` must name everything
   * the chart is drawn from (its data and options), and `cache` holds the
   * SVGs drawn so far under their keys. An SVG holding an `id` (unique per
   * page) is never reused.
   */
  reuse?: { cache: SvgCache; key: string };
}

/** SVGs already drawn for a page, by the key of what they were drawn from. */
export type SvgCache = Map<string, string>;

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
  const svg = chartSvg(chart, options);
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

function chartSvg(chart: Chart, options: FigureOptions): string {
  const key = options.reuse && `${options.width}\u0000${options.reuse.key}`;
  const cached = key === undefined ? undefined : options.reuse?.cache.get(key);
  if (cached !== undefined) return cached;
  const svg = compactSvg(renderSvg(chart, { width: options.width, document: makeDocument() }));
  if (key !== undefined && !svg.includes(' id="')) options.reuse?.cache.set(key, svg);
  return svg;
}

let makeDocument: () => SvgDocument = svgDocument;

/**
 * Build the site's charts in documents from `make` (a fresh one per chart)
 * instead of the lean DOM's, until the returned function is called: tests
 * pass linkedom's to check that the markup does not depend on the DOM.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as Plot from "@observablehq/plot";
 * import { parseHTML } from "linkedom";
 * import type { SvgDocument } from "../../src/plots/render.ts";
 * import { chartDocumentsFrom, figure } from "./figure.ts";
 * const chart = { panels: [{ marks: [Plot.dot([[0, 0], [1, 2]])] }] };
 * const lean = figure(chart).value;
 * const restore = chartDocumentsFrom(() =>
 *   (parseHTML("<!doctype html><html></html>") as unknown as { document: SvgDocument }).document
 * );
 * try {
 *   assert.equal(figure(chart).value, lean);
 * } finally {
 *   restore();
 * }
 * ```
 */
export function chartDocumentsFrom(make: () => SvgDocument): () => void {
  const before = makeDocument;
  makeDocument = make;
  return () => {
    makeDocument = before;
  };
}
