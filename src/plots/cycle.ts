/**
 * The cycle chart: one H1 bar's representative cycle drawn over a 2D PCA
 * projection of the layer's landmarks — the loop's edges highlighted, the
 * points coloured by class — and, for image data, the pictures of the
 * cycle's samples in order around the loop.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import type { CellCycles } from "../artifacts/schema.ts";
import type { Chart, LegendItem } from "./chart.ts";
import { classColor } from "./class_colors.ts";
import { formatValue as format } from "./format.ts";

/** Options of {@linkcode cycleChart}. */
export interface CycleChartOptions {
  /** Bold first line. */
  title?: string;
  /** Your own first subtitle line; the chart adds what it shows. */
  subtitle?: string;
  /** Most landmarks drawn in the background: every k-th one (default: all). */
  maxPoints?: number;
  /** Most sample pictures drawn, in loop order (default 24). */
  maxImages?: number;
  /** Total width in px (default 800). */
  width?: number;
}

const LOOP = "#111111";
const GAP = 3; // image pixels between pictures
const LEVELS = 8; // grey levels of the pictures

/**
 * Chart the cycle of `cycles.bars[bar]`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cycleChart } from "./cycle.ts";
 * import { renderSvg } from "./render.ts";
 * const cell = {
 *   landmarks: [4, 5, 6, 7],
 *   labels: [0, 1, 0, 1],
 *   pca: { x: [1, 0, -1, 0], y: [0, 1, 0, -1], variance: [1, 1] as [number, number] },
 *   bars: [{
 *     index: 0, birth: 1.4, death: 2, labels: [0, 1, 0, 1], samples: [4, 5, 6, 7],
 *     edges: [[4, 5], [5, 6], [6, 7], [7, 4]] as Array<[number, number]>,
 *   }],
 * };
 * const svg = renderSvg(cycleChart(cell, 0, { title: "layer 3" }));
 * assert.ok(svg.includes("layer 3") && svg.includes("4 edges"));
 * ```
 */
export function cycleChart(
  cycles: CellCycles,
  bars: number | number[],
  options: CycleChartOptions = {},
): Chart {
  const chosen = typeof bars === "number" ? [bars] : bars;
  for (const b of chosen) {
    if (!cycles.bars[b]) {
      throw new RangeError(
        `cycleChart: bar ${b} is not one of the cell's ${cycles.bars.length} cycle bars`,
      );
    }
  }
  const width = options.width ?? 800;
  const position = new Map(cycles.landmarks.map((s, i) => [s, i]));
  const at = (s: number) => {
    const i = position.get(s);
    if (i === undefined) throw new RangeError(`cycleChart: cycle sample ${s} is not a landmark`);
    return i;
  };
  const { x, y } = cycles.pca;
  // every stride-th landmark in the background, the loops on top; the axes span them all
  const total = cycles.landmarks.length;
  const stride = Math.max(1, Math.ceil(total / (options.maxPoints ?? Infinity)));
  const points = cycles.landmarks.map((_, i) => ({ x: x[i], y: y[i], label: cycles.labels[i] }))
    .filter((_, i) => i % stride === 0);
  const extent = (v: number[]) => [Math.min(...v), Math.max(...v)];
  const classes = [...new Set(cycles.labels)].sort((a, b) => a - b);
  const legend: LegendItem[] = [
    ...classes.map((c) => ({ label: `class ${c}`, color: classColor(c), symbol: "dot" as const })),
    { label: "loop edge", color: LOOP, symbol: "line" },
  ];
  const drawn = `over the first two principal components of the ${total} landmarks${
    stride > 1 ? ` (every ${stride}${stride === 2 ? "nd" : stride === 3 ? "rd" : "th"} drawn)` : ""
  } (variance ${format(cycles.pca.variance[0])}, ${format(cycles.pca.variance[1])}).`;
  const one = cycles.bars[chosen[0]];
  const subtitle = [
    options.subtitle,
    chosen.length === 1
      ? `H1 bar [${format(one.birth)}, ${one.death === null ? "∞" : format(one.death)}): ` +
        `a representative cycle of ${one.edges.length} edges through ` +
        `${new Set(one.samples).size} samples, ${drawn}`
      : `Representative cycles of ${chosen.length} H1 bars (one shown at a time), ${drawn}`,
  ].filter((s): s is string => !!s).join("\n");
  const loopMarks = chosen.flatMap((b) => {
    const bar = cycles.bars[b], className = barClass(b, chosen.length);
    const links = bar.edges.map(([u, v]) => {
      const p = at(u), q = at(v);
      return { x1: x[p], y1: y[p], x2: x[q], y2: y[q] };
    });
    const loop = bar.samples.map((s, k) => {
      const i = at(s);
      return { x: x[i], y: y[i], label: bar.labels[k], sample: s, step: k + 1 };
    });
    return [
      Plot.link(links, {
        x1: "x1",
        y1: "y1",
        x2: "x2",
        y2: "y2",
        stroke: LOOP,
        strokeWidth: 2,
        className,
      }),
      Plot.dot(loop, {
        x: "x",
        y: "y",
        r: 4,
        fill: (d) => classColor(d.label),
        stroke: LOOP,
        title: (d) => `step ${d.step}: sample ${d.sample}, class ${d.label}`,
        className,
      }),
    ];
  });
  const scatter: Plot.PlotOptions = {
    height: Math.round(width * 0.62),
    marginTop: 16,
    marginBottom: 36,
    marginLeft: 48,
    marginRight: 16,
    x: { label: "PC 1", grid: true, domain: extent(x) },
    y: { label: "PC 2", grid: true, domain: extent(y) },
    marks: [
      // one mark per class, so each dot's colour is its group's (a lighter SVG)
      ...classes.map((c) =>
        Plot.dot(points.filter((p) => p.label === c), {
          x: "x",
          y: "y",
          r: 2,
          fill: classColor(c),
          fillOpacity: 0.45,
        })
      ),
      ...loopMarks,
    ],
  };
  const panels: Plot.PlotOptions[] = [scatter];
  const pictures = cycles.images ? picturePanel(cycles, chosen, width, options) : null;
  if (pictures) panels.push(pictures.panel);
  return {
    title: options.title,
    subtitle,
    legend,
    width,
    panels,
    note: pictures?.note,
  };
}

/**
 * The class of bar b's marks when a chart draws several (`cycle-bar-<b>`):
 * a page shows one bar's and hides the others'.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { barClass } from "./cycle.ts";
 * assert.equal(barClass(2, 5), "cycle-bar-2");
 * assert.equal(barClass(0, 1), undefined);
 * ```
 */
export function barClass(b: number, drawn: number): string | undefined {
  return drawn > 1 ? `cycle-bar-${b}` : undefined;
}

/** Each drawn bar's sample pictures in loop order, as grey runs of pixels, in the same place. */
function picturePanel(
  cycles: CellCycles,
  chosen: number[],
  width: number,
  options: CycleChartOptions,
): { panel: Plot.PlotOptions; note: string } {
  const { width: w, height: h, pixels } = cycles.images!;
  const maxImages = options.maxImages ?? 24;
  const longest = Math.min(
    maxImages,
    Math.max(...chosen.map((b) => cycles.bars[b].samples.length)),
  );
  const perRow = Math.max(1, Math.min(longest, 12));
  const rows = Math.max(1, Math.ceil(longest / perRow));
  const marks: Plot.Markish[] = [];
  let cut = false;
  for (const b of chosen) {
    const samples = cycles.bars[b].samples, shown = samples.slice(0, maxImages);
    cut ||= shown.length < samples.length;
    const runs: Array<{ x1: number; x2: number; y: number; v: number }> = [];
    const frames: Array<{ x1: number; x2: number; y1: number; y2: number }> = [];
    const captions: Array<{ x: number; y: number; text: string }> = [];
    shown.forEach((s, k) => {
      const left = (k % perRow) * (w + GAP), top = Math.floor(k / perRow) * (h + GAP + 6);
      frames.push({ x1: left, x2: left + w, y1: top, y2: top + h });
      captions.push({ x: left + w / 2, y: top + h + 5, text: String(k + 1) });
      runs.push(...greyRuns(atob(pixels[String(s)] ?? ""), w, h, left, top));
    });
    const className = barClass(b, chosen.length);
    marks.push(
      Plot.rect(frames, {
        x1: "x1",
        x2: "x2",
        y1: "y1",
        y2: "y2",
        fill: "white",
        stroke: "#ccc",
        className,
      }),
      Plot.rect(runs, {
        x1: "x1",
        x2: "x2",
        y1: "y",
        y2: (d) => d.y + 1,
        fill: "v",
        inset: 0,
        className,
      }),
      Plot.text(captions, { x: "x", y: "y", text: "text", fontSize: 9, className }),
    );
  }
  const worldWidth = perRow * (w + GAP) - GAP, worldHeight = rows * (h + GAP + 6);
  const scale = (width - 16) / Math.max(worldWidth, 1);
  return {
    panel: {
      height: Math.round(worldHeight * Math.min(scale, 4) + 16),
      margin: 8,
      x: { axis: null, domain: [0, worldWidth] },
      y: { axis: null, domain: [worldHeight, 0] },
      color: { type: "linear", scheme: "greys", domain: [0, LEVELS - 1] },
      marks,
    },
    note: `The cycle's samples in order around the loop (numbered as the steps)` +
      (cut ? `: the first ${maxImages} at most.` : "."),
  };
}

/** Runs of equal grey level (of LEVELS) along each row of a w×h 8-bit picture, background left out. */
function greyRuns(grey: string, w: number, h: number, left: number, top: number) {
  const level = (r: number, c: number) =>
    Math.round(((grey.charCodeAt(r * w + c) || 0) / 255) * (LEVELS - 1));
  const runs: Array<{ x1: number; x2: number; y: number; v: number }> = [];
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w;) {
      const v = level(r, c);
      let end = c + 1;
      while (end < w && level(r, end) === v) end++;
      if (v > 0) runs.push({ x1: left + c, x2: left + end, y: top + r, v });
      c = end;
    }
  }
  return runs;
}
