/**
 * Betti curves: β_k(t), the number of k-dimensional classes alive at
 * filtration value t, as step lines, one panel per dimension (each with its own
 * y scale, since β0 is often hundreds while β1 is a handful).
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import type { Diagram } from "../topology/diagram.ts";
import type { Chart } from "./chart.ts";
import { dimensionColor, dimensionLabel } from "./palette.ts";
import { niceTicks } from "./ticks.ts";

/** One sample of a Betti curve. */
export interface BettiPoint {
  /** Homology dimension k. */
  dim: number;
  /** Filtration value. */
  t: number;
  /** β_k(t). */
  betti: number;
}

/** Options of {@linkcode bettiCurvesChart}. */
export interface BettiCurvesChartOptions {
  /** Bold first line. */
  title?: string;
  /** Grey line under the title. */
  subtitle?: string;
  /** Sample grid when diagrams are given (default: 200 steps from 0 to the largest finite value × 1.05). */
  grid?: number[];
  /** x axis label (default "filtration value"). */
  xLabel?: string;
  /** Total width in px (default 800). */
  width?: number;
}

/**
 * Sample the Betti curves of `diagrams` on `grid`: β_k(t) counts the
 * intervals [b, d) of H_k with b ≤ t < d.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bettiCurvePoints } from "./betti_curves.ts";
 * const points = bettiCurvePoints([[[0, 1], [0, Infinity]]], [0, 0.5, 1]);
 * assert.equal(points.map((p) => p.betti).join(), "2,2,1");
 * ```
 */
export function bettiCurvePoints(diagrams: Diagram[], grid: number[]): BettiPoint[] {
  grid.forEach((t, i) => {
    if (!Number.isFinite(t)) {
      throw new RangeError(`bettiCurvePoints: grid[${i}] must be finite, found ${t}`);
    }
  });
  const points: BettiPoint[] = [];
  diagrams.forEach((diagram, dim) => {
    // An interval [b, d) with b < d is alive at t exactly when b ≤ t and not
    // d ≤ t (d ≤ t implies b ≤ t): β(t) = #{b ≤ t} − #{d ≤ t}, two binary
    // searches in sorted ends instead of a pass over every bar per t.
    const alive = diagram.filter((bar) => bar[0] < bar[1]);
    const births = Float64Array.from(alive, (bar) => bar[0]).sort();
    const deaths = Float64Array.from(alive, (bar) => bar[1]).sort();
    for (const t of grid) points.push({ dim, t, betti: atMost(births, t) - atMost(deaths, t) });
  });
  return points;
}

/** How many values of the ascending `sorted` are ≤ t. */
function atMost(sorted: Float64Array, t: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `steps + 1` evenly spaced values from 0 to just past the largest finite value. */
function defaultGrid(diagrams: Diagram[], steps = 200): number[] {
  let hi = 0;
  for (const diagram of diagrams) {
    for (const [b, d] of diagram) hi = Math.max(hi, b, Number.isFinite(d) ? d : b);
  }
  hi = hi > 0 ? hi * 1.05 : 1;
  return Array.from({ length: steps + 1 }, (_, i) => (hi * i) / steps);
}

/**
 * Build the Betti curves chart, from diagrams (sampled on `options.grid`) or
 * from precomputed points.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bettiCurvesChart } from "./betti_curves.ts";
 * import { renderSvg } from "./render.ts";
 * const chart = bettiCurvesChart([[[0, 1], [0, Infinity]], [[0.2, 0.6]]], { title: "β" });
 * assert.equal(chart.panels.length, 2);
 * assert.ok(renderSvg(chart).includes("β1"));
 * ```
 */
export function bettiCurvesChart(
  curves: BettiPoint[] | Diagram[],
  options: BettiCurvesChartOptions = {},
): Chart {
  const points = isPoints(curves)
    ? curves
    : bettiCurvePoints(curves, options.grid ?? defaultGrid(curves));
  const dims = [...new Set(points.map((p) => p.dim))].sort((a, b) => a - b);
  let tMin = Infinity;
  let tMax = -Infinity;
  for (const p of points) {
    tMin = Math.min(tMin, p.t);
    tMax = Math.max(tMax, p.t);
  }
  if (!(tMax > tMin)) [tMin, tMax] = [0, 1];

  const panels = dims.map((dim, i): Plot.PlotOptions => {
    const series = points.filter((p) => p.dim === dim).sort((a, b) => a.t - b.t);
    const last = i === dims.length - 1;
    const maxBetti = Math.max(1, ...series.map((p) => p.betti));
    return {
      height: last ? 170 : 140,
      marginTop: 12,
      marginBottom: last ? 40 : 10,
      marginLeft: 56,
      marginRight: 24,
      x: {
        domain: [tMin, tMax],
        label: last ? (options.xLabel ?? "filtration value") : null,
        axis: last ? "bottom" : null,
        grid: true,
      },
      y: {
        label: `β${dim}`,
        grid: true,
        domain: [0, maxBetti],
        ticks: niceTicks(0, maxBetti, 4).filter(Number.isInteger),
        tickFormat: "d",
        labelAnchor: "center",
        labelArrow: "none",
      },
      marks: [
        Plot.areaY(series, {
          x: "t",
          y: "betti",
          curve: "step-after",
          fill: dimensionColor(dim),
          fillOpacity: 0.12,
        }),
        Plot.lineY(series, {
          x: "t",
          y: "betti",
          curve: "step-after",
          stroke: dimensionColor(dim),
          strokeWidth: 2,
        }),
      ],
    };
  });

  return {
    title: options.title,
    subtitle: options.subtitle ??
      "β_k(t): number of k-dimensional classes alive at filtration value t",
    legend: dims.map((k) => ({ label: dimensionLabel(k), color: dimensionColor(k) })),
    width: options.width,
    panels,
  };
}

function isPoints(curves: BettiPoint[] | Diagram[]): curves is BettiPoint[] {
  return curves.length > 0 && !Array.isArray(curves[0]);
}
