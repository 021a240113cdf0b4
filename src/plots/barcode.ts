/**
 * The barcode chart: one horizontal bar per persistence interval, grouped by
 * homology dimension (H0 on top), bars sorted by birth then death.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import type { Diagram } from "../topology/diagram.ts";
import type { Chart } from "./chart.ts";
import { formatValue as format } from "./format.ts";
import { dimensionColor, dimensionLabel } from "./palette.ts";
import { filtrationAxisEnd } from "./value_axis.ts";

/** Options of {@linkcode barcodeChart}. */
export interface BarcodeChartOptions {
  /** Bold first line. */
  title?: string;
  /** Your own first subtitle line; the chart adds a line saying what it shows. */
  subtitle?: string;
  /**
   * The filtration threshold. When the finite bars reach at least half of it,
   * the axis ends at it, a dashed rule marks it and infinite (essential) bars,
   * ending in an arrow head, are drawn up to it. When it lies further out
   * (or is absent), the axis stops 10% past the largest finite value,
   * infinite bars run to that edge, and the subtitle says where the threshold
   * is (see {@linkcode filtrationAxisEnd}).
   */
  threshold?: number;
  /** Show at most this many bars per dimension: the longest ones (default 100). */
  maxBars?: number;
  /** x axis label (default "filtration value"). */
  xLabel?: string;
  /** Total width in px (default 800). */
  width?: number;
  /**
   * A link for the bar `diagrams[dim][index]`, or undefined for none: the
   * bar becomes an `<a href>` (the site links the longest H1 bars to their cycles).
   */
  href?: (dim: number, index: number) => string | undefined;
  /**
   * Give each bar its hover text, an SVG `<title>` (default true). A PNG
   * cannot show it: without it the picture is the same, and its SVG a fifth shorter and quicker to build.
   */
  tooltips?: boolean;
}

/** One drawn bar. */
interface BarRow {
  dim: string;
  row: number;
  birth: number;
  end: number;
  infinite: boolean;
  href?: string;
}

/**
 * Build the barcode chart of `diagrams` (`diagrams[k]` is H_k). When a
 * dimension has more than `maxBars` intervals, the longest are shown and the
 * subtitle says "showing N of M".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { barcodeChart } from "./barcode.ts";
 * import { renderSvg } from "./render.ts";
 * const chart = barcodeChart([[[0, 0.5], [0, Infinity]], [[0.3, 0.4]]], {
 *   title: "layer 1",
 *   threshold: 1,
 * });
 * assert.ok(renderSvg(chart).includes("layer 1"));
 * ```
 */
export function barcodeChart(diagrams: Diagram[], options: BarcodeChartOptions = {}): Chart {
  const maxBars = options.maxBars ?? 100;
  if (!(Number.isInteger(maxBars) && maxBars > 0)) {
    throw new RangeError(`barcodeChart: maxBars must be a positive integer, found ${maxBars}`);
  }
  diagrams.forEach(checkDiagram);
  const threshold = options.threshold;
  if (threshold !== undefined && !(threshold >= 0)) {
    throw new RangeError(`barcodeChart: threshold must be a number ≥ 0, found ${threshold}`);
  }

  let finiteMax = 0;
  for (const diagram of diagrams) {
    for (const [b, d] of diagram) finiteMax = Math.max(finiteMax, b, Number.isFinite(d) ? d : b);
  }
  const hasThreshold = threshold !== undefined && Number.isFinite(threshold) && threshold > 0;
  const { end: infEnd, thresholdOnAxis } = filtrationAxisEnd(finiteMax, threshold);

  const gap = 2;
  const bars: BarRow[] = [];
  const groups: Array<{ label: string; mid: number }> = [];
  const summary: string[] = [];
  let row = 0;
  let infiniteCount = 0;
  diagrams.forEach((diagram, k) => {
    if (diagram.length === 0) return;
    const label = dimensionLabel(k);
    const shown = longest(diagram, maxBars);
    const start = row;
    for (const { interval: [b, d], index } of shown) {
      const infinite = !Number.isFinite(d);
      infiniteCount += infinite ? 1 : 0;
      const href = options.href?.(k, index);
      bars.push({ dim: label, row, birth: b, end: infinite ? infEnd : d, infinite, href });
      row++;
    }
    groups.push({ label, mid: (start + row) / 2 });
    row += gap;
    const essential = diagram.filter(([, d]) => !Number.isFinite(d)).length;
    const count = shown.length < diagram.length
      ? `showing ${shown.length} longest of ${diagram.length}`
      : `${diagram.length} bar${diagram.length === 1 ? "" : "s"}`;
    summary.push(`${label}: ${count}${essential > 0 ? ` (${essential} infinite)` : ""}`);
  });
  const rows = Math.max(row - gap, 1);

  const subtitleLines = [
    options.subtitle,
    summary.length > 0 ? summary.join(" · ") : "no intervals",
    infiniteCount > 0
      ? (thresholdOnAxis
        ? `Infinite bars (▸) are drawn up to the threshold ${format(threshold!)}.`
        : hasThreshold
        ? `Infinite bars (▸) never die: they run off this axis, which stops short of ` +
          `the threshold ${format(threshold)}.`
        : `Infinite bars (▸) are cut at ${format(infEnd)}.`)
      : hasThreshold && !thresholdOnAxis
      ? `The threshold ${format(threshold)} lies far past this axis's end.`
      : undefined,
  ].filter((s): s is string => s !== undefined && s !== "");

  const dims = diagrams.map((_, k) => k).filter((k) => diagrams[k].length > 0);
  const plotHeight = Math.min(640, Math.max(120, rows * 8));
  const mids = new Map(groups.map((g) => [g.mid, g.label]));

  const marks: Plot.Markish[] = [
    Plot.rect(bars, {
      x1: "birth",
      x2: "end",
      y1: (d: BarRow) => d.row + 0.1,
      y2: (d: BarRow) => d.row + 0.9,
      fill: "dim",
      ...(options.tooltips === false ? {} : {
        title: (d: BarRow) =>
          `${d.dim} [${format(d.birth)}, ${d.infinite ? "∞" : format(d.end)})` +
          (d.href ? " · click for its cycle" : ""),
      }),
      ...(options.href ? { href: (d: BarRow) => d.href ?? null } : {}),
    }),
    Plot.dot(bars.filter((d) => d.infinite), {
      x: "end",
      y: (d: BarRow) => d.row + 0.5,
      fill: "dim",
      symbol: "triangle",
      rotate: 90,
      r: Math.max(3, Math.min(5, (plotHeight / rows) * 0.8)),
    }),
    Plot.ruleX([0], { stroke: "#999" }),
  ];
  if (hasThreshold) {
    const at = thresholdOnAxis ? threshold : infEnd;
    if (thresholdOnAxis) marks.push(Plot.ruleX([at], { stroke: "#777", strokeDasharray: "4,3" }));
    marks.push(
      Plot.text([at], {
        x: (t: number) => t,
        frameAnchor: "top",
        dy: -12,
        text: () => `threshold ${format(threshold)}${thresholdOnAxis ? "" : " →"}`,
        textAnchor: "end",
        fill: "#555",
      }),
    );
  }
  if (bars.length === 0) {
    marks.push(Plot.text(["no intervals"], { frameAnchor: "middle", fontSize: 14 }));
  }

  return {
    title: options.title,
    subtitle: subtitleLines.join("\n"),
    legend: dims.map((k) => ({ label: dimensionLabel(k), color: dimensionColor(k) })),
    width: options.width,
    panels: [{
      height: plotHeight + 60,
      marginTop: 24,
      marginBottom: 36,
      marginLeft: 44,
      marginRight: 24,
      x: { domain: [0, infEnd * 1.02], label: options.xLabel ?? "filtration value", grid: true },
      y: {
        domain: [0, rows],
        reverse: true,
        ticks: [...mids.keys()],
        tickFormat: (v: number) => mids.get(v) ?? "",
        tickSize: 0,
        label: null,
      },
      color: {
        domain: dims.map(dimensionLabel),
        range: dims.map(dimensionColor),
      },
      marks,
    }],
  };
}

/** The `maxBars` longest intervals (infinite first), then sorted by birth, death. */
function longest(
  diagram: Diagram,
  maxBars: number,
): Array<{ interval: Diagram[number]; index: number }> {
  const all = diagram.map((interval, index) => ({ interval, index }));
  // A short list kept in order (one comparison for most bars) for the few
  // bars a chart shows; a full sort when many are kept.
  const chosen = all.length <= maxBars
    ? all
    : maxBars <= 100
    ? firstByLength(all, maxBars)
    : all.sort(byLength).slice(0, maxBars);
  return chosen
    .sort((a, b) =>
      a.interval[0] - b.interval[0] || compareDeath(a.interval[1], b.interval[1]) ||
      a.index - b.index
    );
}

type Numbered = { interval: Diagram[number]; index: number };

/** Longer first, then earlier birth, then lower index: a total order. */
function byLength(a: Numbered, b: Numbered): number {
  return (b.interval[1] - b.interval[0]) - (a.interval[1] - a.interval[0]) ||
    a.interval[0] - b.interval[0] || a.index - b.index;
}

/**
 * The first `k` of `items` by {@linkcode byLength}, in that order: what
 * sorting them all and keeping `k` gives, the order being total.
 */
function firstByLength(items: Numbered[], k: number): Numbered[] {
  const top: Numbered[] = [];
  for (const item of items) {
    if (top.length === k && byLength(item, top[k - 1]) >= 0) continue;
    let lo = 0, hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (byLength(top[mid], item) < 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, item);
    if (top.length > k) top.pop();
  }
  return top;
}

function compareDeath(a: number, b: number): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function checkDiagram(diagram: Diagram, k: number): void {
  if (!Array.isArray(diagram)) {
    throw new TypeError(`barcodeChart: diagrams[${k}] must be an array of [birth, death]`);
  }
  diagram.forEach((interval, i) => {
    const [b, d] = interval ?? [];
    if (!Number.isFinite(b) || !(d >= b)) {
      throw new RangeError(
        `barcodeChart: diagrams[${k}][${i}] must be [birth, death] with finite birth ≤ death ` +
          `(death may be Infinity), found ${JSON.stringify(interval)}`,
      );
    }
  });
}
