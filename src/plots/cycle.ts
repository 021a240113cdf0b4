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
  bar: number,
  options: CycleChartOptions = {},
): Chart {
  const chosen = cycles.bars[bar];
  if (!chosen) {
    throw new RangeError(
      `cycleChart: bar ${bar} is not one of the cell's ${cycles.bars.length} cycle bars`,
    );
  }
  const width = options.width ?? 800;
  const position = new Map(cycles.landmarks.map((s, i) => [s, i]));
  const at = (s: number) => {
    const i = position.get(s);
    if (i === undefined) throw new RangeError(`cycleChart: cycle sample ${s} is not a landmark`);
    return i;
  };
  const { x, y } = cycles.pca;
  const points = cycles.landmarks.map((_, i) => ({ x: x[i], y: y[i], label: cycles.labels[i] }));
  const links = chosen.edges.map(([u, v]) => {
    const a = at(u), b = at(v);
    return { x1: x[a], y1: y[a], x2: x[b], y2: y[b] };
  });
  const loop = chosen.samples.map((s, k) => {
    const i = at(s);
    return { x: x[i], y: y[i], label: chosen.labels[k], sample: s, step: k + 1 };
  });
  const classes = [...new Set(cycles.labels)].sort((a, b) => a - b);
  const legend: LegendItem[] = [
    ...classes.map((c) => ({ label: `class ${c}`, color: classColor(c), symbol: "dot" as const })),
    { label: "loop edge", color: LOOP, symbol: "line" },
  ];
  const death = chosen.death === null ? "∞" : format(chosen.death);
  const subtitle = [
    options.subtitle,
    `H1 bar [${
      format(chosen.birth)
    }, ${death}): a representative cycle of ${chosen.edges.length} ` +
    `edges through ${new Set(chosen.samples).size} samples, over the first two principal ` +
    `components of the ${cycles.landmarks.length} landmarks (variance ${
      format(cycles.pca.variance[0])
    }, ${format(cycles.pca.variance[1])}).`,
  ].filter((s): s is string => !!s).join("\n");
  const scatter: Plot.PlotOptions = {
    height: Math.round(width * 0.62),
    marginTop: 16,
    marginBottom: 36,
    marginLeft: 48,
    marginRight: 16,
    x: { label: "PC 1", grid: true },
    y: { label: "PC 2", grid: true },
    marks: [
      Plot.dot(points, {
        x: "x",
        y: "y",
        r: 2,
        fill: (d) => classColor(d.label),
        fillOpacity: 0.45,
      }),
      Plot.link(links, { x1: "x1", y1: "y1", x2: "x2", y2: "y2", stroke: LOOP, strokeWidth: 2 }),
      Plot.dot(loop, {
        x: "x",
        y: "y",
        r: 4,
        fill: (d) => classColor(d.label),
        stroke: LOOP,
        title: (d) => `step ${d.step}: sample ${d.sample}, class ${d.label}`,
      }),
    ],
  };
  const panels: Plot.PlotOptions[] = [scatter];
  const pictures = cycles.images ? picturePanel(cycles, chosen.samples, width, options) : null;
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

/** The cycle's sample pictures in loop order, as grey runs of pixels. */
function picturePanel(
  cycles: CellCycles,
  samples: number[],
  width: number,
  options: CycleChartOptions,
): { panel: Plot.PlotOptions; note: string } {
  const { width: w, height: h, pixels } = cycles.images!;
  const maxImages = options.maxImages ?? 24;
  const shown = samples.slice(0, maxImages);
  const perRow = Math.max(1, Math.min(shown.length, 12));
  const rows = Math.ceil(shown.length / perRow);
  const runs: Array<{ x1: number; x2: number; y: number; v: number }> = [];
  const frames: Array<{ x1: number; x2: number; y1: number; y2: number }> = [];
  const captions: Array<{ x: number; y: number; text: string }> = [];
  shown.forEach((s, k) => {
    const left = (k % perRow) * (w + GAP), top = Math.floor(k / perRow) * (h + GAP + 6);
    frames.push({ x1: left, x2: left + w, y1: top, y2: top + h });
    captions.push({ x: left + w / 2, y: top + h + 5, text: String(k + 1) });
    const grey = atob(pixels[String(s)] ?? "");
    for (let r = 0; r < h; r++) {
      let c = 0;
      while (c < w) {
        const level = Math.round(((grey.charCodeAt(r * w + c) || 0) / 255) * (LEVELS - 1));
        let end = c + 1;
        while (
          end < w &&
          Math.round(((grey.charCodeAt(r * w + end) || 0) / 255) * (LEVELS - 1)) === level
        ) end++;
        if (level > 0) runs.push({ x1: left + c, x2: left + end, y: top + r, v: level });
        c = end;
      }
    }
  });
  const worldWidth = perRow * (w + GAP) - GAP, worldHeight = rows * (h + GAP + 6);
  const scale = (width - 16) / Math.max(worldWidth, 1);
  return {
    panel: {
      height: Math.round(worldHeight * Math.min(scale, 4) + 16),
      margin: 8,
      x: { axis: null, domain: [0, worldWidth] },
      y: { axis: null, domain: [worldHeight, 0] },
      color: { type: "linear", scheme: "greys", domain: [0, LEVELS - 1] },
      marks: [
        Plot.rect(frames, {
          x1: "x1",
          x2: "x2",
          y1: "y1",
          y2: "y2",
          fill: "white",
          stroke: "#ccc",
        }),
        Plot.rect(runs, { x1: "x1", x2: "x2", y1: "y", y2: (d) => d.y + 1, fill: "v", inset: 0 }),
        Plot.text(captions, { x: "x", y: "y", text: "text", fontSize: 9 }),
      ],
    },
    note: `The cycle's samples in order around the loop (numbered as the steps)` +
      (shown.length < samples.length ? `: the first ${shown.length} of ${samples.length}.` : "."),
  };
}
