/**
 * Render a {@linkcode Chart} (or bare Observable Plot options) to one
 * self-contained SVG string, server side, with linkedom's DOM. The SVG holds
 * only SVG elements (title, subtitle and legend are drawn as SVG text and
 * shapes, not Plot's HTML figure), so resvg can rasterise it and the site can
 * inline it.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { type Chart, isChart, type LegendItem } from "./chart.ts";
import { mutedTextColor } from "./palette.ts";

const SVG_NS = "http://www.w3.org/2000/svg";
const PAD = 16;
const TITLE_SIZE = 18;
const SUBTITLE_SIZE = 13;
const LEGEND_SIZE = 12;
const NOTE_SIZE = 11;
const PANEL_FONT_SIZE = 11;
const FONT_FAMILY = "system-ui, 'DejaVu Sans', sans-serif";

/** The part of a DOM element that rendering uses (linkedom's or a browser's). */
export interface SvgNode {
  /** Lower- or upper-case tag name. */
  readonly tagName: string;
  /** Serialised markup. */
  readonly outerHTML: string;
  /** Text content. */
  textContent: string | null;
  /** Set an attribute. */
  setAttribute(name: string, value: string): void;
  /** Read an attribute. */
  getAttribute(name: string): string | null;
  /** Append a child node. */
  appendChild(child: SvgNode): unknown;
}

/** The part of a DOM document that rendering uses. */
export interface SvgDocument {
  /** Create an element in a namespace. */
  createElementNS(namespace: string, name: string): SvgNode;
}

/** Options of {@linkcode renderSvg}. */
export interface RenderSvgOptions {
  /** Total width in px; overrides the chart's own (default 800). */
  width?: number;
  /** A DOM document to build with (default: a fresh linkedom document). */
  document?: SvgDocument;
}

/**
 * Render a chart to SVG markup (with an `xmlns`, ready to write as a .svg file
 * or inline into HTML). Same chart → same string.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as Plot from "@observablehq/plot";
 * import { renderSvg } from "./render.ts";
 * const svg = renderSvg({
 *   title: "Two points",
 *   panels: [{ height: 200, marks: [Plot.dot([[0, 0], [1, 1]])] }],
 * });
 * assert.ok(svg.startsWith("<svg"))
 * assert.ok(svg.includes("Two points"));
 * ```
 */
export function renderSvg(chart: Chart | Plot.PlotOptions, options: RenderSvgOptions = {}): string {
  const spec: Chart = isChart(chart) ? chart : fromPlotOptions(chart);
  const width = options.width ?? spec.width ?? 800;
  if (!(width > 0)) throw new RangeError(`renderSvg: width must be > 0, found ${width}`);
  const document: SvgDocument = options.document ??
    (parseHTML("<!doctype html><html><body></body></html>") as unknown as {
      document: SvgDocument;
    }).document;
  const el = (name: string, attrs: Record<string, string | number> = {}): SvgNode => {
    const node = document.createElementNS(SVG_NS, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    return node;
  };
  const text = (content: string, attrs: Record<string, string | number>): SvgNode => {
    const node = el("text", attrs);
    node.textContent = content;
    return node;
  };

  const root = el("svg", {
    xmlns: SVG_NS,
    "font-family": FONT_FAMILY,
    fill: "currentColor",
    style: "max-width: 100%; height: auto;",
  });
  root.setAttribute("role", "img");
  if (spec.title) root.setAttribute("aria-label", spec.title);
  let y = PAD / 2;

  if (spec.title) {
    y += TITLE_SIZE + 4;
    root.appendChild(
      text(spec.title, { x: PAD, y, "font-size": TITLE_SIZE, "font-weight": "bold" }),
    );
  }
  if (spec.subtitle) {
    for (const line of wrapText(spec.subtitle, width - 2 * PAD, SUBTITLE_SIZE)) {
      y += SUBTITLE_SIZE + 5;
      root.appendChild(
        text(line, { x: PAD, y, "font-size": SUBTITLE_SIZE, fill: mutedTextColor }),
      );
    }
  }
  if (spec.legend && spec.legend.length > 0) {
    y += 8;
    const { group, height } = legendGroup(spec.legend, width - 2 * PAD, el, text);
    group.setAttribute("transform", `translate(${PAD},${y})`);
    root.appendChild(group);
    y += height;
  }
  if (spec.title || spec.subtitle || spec.legend?.length) y += 6;

  spec.panels.forEach((panel, i) => {
    const panelWidth = Math.min(panel.width ?? width, width);
    const node = Plot.plot({
      ...panel,
      width: panelWidth,
      document: document as unknown as Plot.PlotOptions["document"],
    }) as unknown as SvgNode;
    if (node.tagName.toLowerCase() !== "svg") {
      throw new Error(
        `renderSvg: panels[${i}] rendered a <${node.tagName.toLowerCase()}>, expected an <svg>; ` +
          "move title, subtitle, caption and legends from the panel to the chart",
      );
    }
    const height = Number(node.getAttribute("height"));
    node.setAttribute("x", String(Math.round((width - panelWidth) / 2)));
    node.setAttribute("y", String(y));
    node.setAttribute("font-size", String(PANEL_FONT_SIZE));
    node.setAttribute("overflow", "visible");
    root.appendChild(node);
    y += height;
  });

  if (spec.note) {
    for (const line of wrapText(spec.note, width - 2 * PAD, NOTE_SIZE)) {
      y += NOTE_SIZE + 4;
      root.appendChild(text(line, { x: PAD, y, "font-size": NOTE_SIZE, fill: mutedTextColor }));
    }
  }
  y = Math.ceil(y + PAD / 2);
  root.setAttribute("width", String(width));
  root.setAttribute("height", String(y));
  root.setAttribute("viewBox", `0 0 ${width} ${y}`);
  return root.outerHTML;
}

/** Bare Plot options → a one-panel chart, lifting title/subtitle/caption out of the panel. */
function fromPlotOptions(options: Plot.PlotOptions): Chart {
  const { title, subtitle, caption, ...panel } = options;
  const str = (v: unknown, field: string): string | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v === "string") return v;
    throw new TypeError(`renderSvg: Plot option "${field}" must be a string, found ${typeof v}`);
  };
  return {
    title: str(title, "title"),
    subtitle: str(subtitle, "subtitle"),
    note: str(caption, "caption"),
    panels: [panel],
  };
}

/** Approximate advance width of `s` at `size` px in DejaVu Sans / system-ui. */
function textWidth(s: string, size: number): number {
  return s.length * size * 0.6;
}

/** Greedy word wrap by estimated width. */
function wrapText(s: string, maxWidth: number, size: number): string[] {
  const lines: string[] = [];
  for (const paragraph of s.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter((w) => w.length > 0)) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && textWidth(candidate, size) > maxWidth) {
        lines.push(line);
        line = word;
      } else {
        line = candidate;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Legend swatches laid out left to right, wrapping at `maxWidth`. */
function legendGroup(
  items: LegendItem[],
  maxWidth: number,
  el: (name: string, attrs?: Record<string, string | number>) => SvgNode,
  text: (content: string, attrs: Record<string, string | number>) => SvgNode,
): { group: SvgNode; height: number } {
  const group = el("g", { "aria-label": "legend", "font-size": LEGEND_SIZE });
  const rowHeight = LEGEND_SIZE + 8;
  const swatch = 18;
  let x = 0;
  let row = 0;
  for (const item of items) {
    const w = swatch + 6 + textWidth(item.label, LEGEND_SIZE) + 18;
    if (x > 0 && x + w > maxWidth) {
      x = 0;
      row++;
    }
    const cy = row * rowHeight + rowHeight / 2;
    const symbol = item.symbol ?? "square";
    if (symbol === "square") {
      group.appendChild(
        el("rect", { x: x + 3, y: cy - 6, width: 12, height: 12, fill: item.color }),
      );
    } else if (symbol === "dot") {
      group.appendChild(el("circle", { cx: x + 9, cy, r: 4.5, fill: item.color }));
    } else {
      const line = el("line", {
        x1: x,
        x2: x + swatch,
        y1: cy,
        y2: cy,
        stroke: item.color,
        "stroke-width": 2.5,
      });
      if (symbol === "dashed") line.setAttribute("stroke-dasharray", "5,3");
      group.appendChild(line);
    }
    group.appendChild(text(item.label, { x: x + swatch + 6, y: cy + LEGEND_SIZE * 0.35 }));
    x += w;
  }
  return { group, height: (row + 1) * rowHeight };
}
