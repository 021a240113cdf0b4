/**
 * The persistence diagram chart: one dot per interval at (birth, death),
 * coloured by homology dimension, above the diagonal; essential classes
 * (infinite death) sit on a dashed line at the top labelled ∞.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import type { Diagram } from "../topology/diagram.ts";
import type { Chart } from "./chart.ts";
import { formatValue } from "./format.ts";
import { dimensionColor, dimensionLabel } from "./palette.ts";
import { niceTicks } from "./ticks.ts";
import { filtrationAxisEnd } from "./value_axis.ts";

/** Options of {@linkcode persistenceDiagramChart}. */
export interface PersistenceDiagramChartOptions {
  /** Bold first line. */
  title?: string;
  /** Your own first subtitle line; the chart adds the interval counts. */
  subtitle?: string;
  /**
   * The filtration threshold: the axes extend to it when the finite points
   * reach at least half of it; otherwise they stop 10% past the largest
   * finite value and the subtitle says where the threshold lies (see
   * {@linkcode filtrationAxisEnd}).
   */
  threshold?: number;
  /** Total width in px (default 800; the plot itself is square, centred). */
  width?: number;
  /**
   * Give each point its hover text, an SVG `<title>` (default true). A PNG
   * cannot show it: without it the picture is the same, and a diagram of thousands of points is built in less than half the time.
   */
  tooltips?: boolean;
}

interface DiagramPoint {
  dim: string;
  birth: number;
  death: number;
  y: number;
  infinite: boolean;
}

/**
 * Build the persistence diagram chart of `diagrams` (`diagrams[k]` is H_k).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { persistenceDiagramChart } from "./persistence_diagram.ts";
 * import { renderSvg } from "./render.ts";
 * const chart = persistenceDiagramChart([[[0, 0.5], [0, Infinity]], [[0.3, 0.4]]], {
 *   title: "layer 1",
 * });
 * assert.ok(renderSvg(chart).includes("∞"));
 * ```
 */
export function persistenceDiagramChart(
  diagrams: Diagram[],
  options: PersistenceDiagramChartOptions = {},
): Chart {
  diagrams.forEach((diagram, k) => {
    if (!Array.isArray(diagram)) {
      throw new TypeError(`persistenceDiagramChart: diagrams[${k}] must be an array`);
    }
    diagram.forEach((interval, i) => {
      const [b, d] = interval ?? [];
      if (!Number.isFinite(b) || !(d >= b)) {
        throw new RangeError(
          `persistenceDiagramChart: diagrams[${k}][${i}] must be [birth, death] with finite ` +
            `birth ≤ death (death may be Infinity), found ${JSON.stringify(interval)}`,
        );
      }
    });
  });
  const threshold = options.threshold;
  if (threshold !== undefined && !(threshold >= 0)) {
    throw new RangeError(
      `persistenceDiagramChart: threshold must be a number ≥ 0, found ${threshold}`,
    );
  }

  let lo = 0;
  let finiteMax = 0;
  for (const diagram of diagrams) {
    for (const [b, d] of diagram) {
      lo = Math.min(lo, b);
      finiteMax = Math.max(finiteMax, b, Number.isFinite(d) ? d : b);
    }
  }
  const axis = filtrationAxisEnd(finiteMax, threshold);
  const thresholdOffAxis = threshold !== undefined && Number.isFinite(threshold) &&
    threshold > 0 && !axis.thresholdOnAxis;
  let hi = axis.thresholdOnAxis ? axis.end : finiteMax > 0 ? finiteMax : axis.end;
  if (hi <= lo) hi = lo + 1;
  const infY = hi + (hi - lo) * 0.1;
  const top = infY + (hi - lo) * 0.03;

  const points: DiagramPoint[] = [];
  const summary: string[] = [];
  let infiniteCount = 0;
  diagrams.forEach((diagram, k) => {
    if (diagram.length === 0) return;
    const dim = dimensionLabel(k);
    let essential = 0;
    for (const [birth, death] of diagram) {
      const infinite = !Number.isFinite(death);
      essential += infinite ? 1 : 0;
      points.push({ dim, birth, death, y: infinite ? infY : death, infinite });
    }
    infiniteCount += essential;
    summary.push(
      `${dim}: ${diagram.length} point${diagram.length === 1 ? "" : "s"}` +
        (essential > 0 ? ` (${essential} at ∞)` : ""),
    );
  });
  const dims = diagrams.map((_, k) => k).filter((k) => diagrams[k].length > 0);

  const marks: Plot.Markish[] = [
    Plot.line([[lo, lo], [top, top]], { stroke: "#999" }),
    Plot.ruleY([infY], { stroke: "#999", strokeDasharray: "4,3" }),
    Plot.text([infY], {
      x: lo,
      y: (v: number) => v,
      text: () => "∞",
      textAnchor: "end",
      dx: -10,
      fontSize: 15,
    }),
    Plot.dot(points, {
      x: "birth",
      y: "y",
      fill: "dim",
      r: 3.5,
      fillOpacity: 0.8,
      ...(options.tooltips === false ? {} : {
        title: (p: DiagramPoint) => `${p.dim} (${formatValue(p.birth)}, ${formatValue(p.death)})`,
      }),
    }),
  ];
  if (points.length === 0) {
    marks.push(Plot.text(["no intervals"], { frameAnchor: "middle", fontSize: 14 }));
  }

  const width = options.width ?? 800;
  const margin = { top: 16, right: 24, bottom: 44, left: 56 };
  const side = Math.min(width - margin.left - margin.right, 520);
  // About one tick per 60 px, so labels such as "0.15" do not run together on a small plot.
  const ticks = niceTicks(lo, hi, Math.max(2, Math.round(side / 60)));
  return {
    title: options.title,
    subtitle: [
      options.subtitle,
      summary.length > 0 ? summary.join(" · ") : "no intervals",
      infiniteCount > 0 ? "Points on the dashed ∞ line never die (essential classes)." : undefined,
      thresholdOffAxis
        ? `The threshold ${formatValue(threshold!)} lies far past these axes.`
        : undefined,
    ].filter((s) => s).join("\n"),
    legend: dims.map((k) => ({
      label: dimensionLabel(k),
      color: dimensionColor(k),
      symbol: "dot" as const,
    })),
    width,
    panels: [{
      width: side + margin.left + margin.right,
      height: side + margin.top + margin.bottom,
      marginTop: margin.top,
      marginRight: margin.right,
      marginBottom: margin.bottom,
      marginLeft: margin.left,
      x: { domain: [lo, top], ticks, label: "birth", grid: true, labelAnchor: "center" },
      y: { domain: [lo, top], ticks, label: "death", grid: true, labelAnchor: "center" },
      color: { domain: dims.map(dimensionLabel), range: dims.map(dimensionColor) },
      marks,
    }],
  };
}
