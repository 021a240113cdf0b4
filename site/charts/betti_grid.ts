/**
 * Lean Betti curves: a Betti curve is a step function that changes only at
 * births and deaths, so sampling each dimension at its own change points
 * (drawn step-after) gives the exact curve with few points.
 *
 * @module
 */

import type { Diagram } from "../../src/topology/diagram.ts";
import { bettiCurvePoints, type BettiPoint } from "../../src/plots/betti_curves.ts";

/**
 * The Betti curve points of every dimension of `diagrams`: one point at 0, at
 * each value where β_k changes, and at 5% past the largest finite value (so
 * all dimensions share the x range). Change points closer than `resolution` ×
 * that range to the last kept one are skipped (a sub-pixel detail at the
 * default 1/400), so big diagrams stay light; every kept point is exact.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bettiChangePoints } from "./betti_grid.ts";
 * const points = bettiChangePoints([[[0, 1], [0, Infinity]], [[0.5, 0.75]]]);
 * assert.ok(points.filter((p) => p.dim === 1).map((p) => `${p.t}:${p.betti}`).join() ===
 *   "0:0,0.5:1,0.75:0,1.05:0");
 * ```
 */
export function bettiChangePoints(diagrams: Diagram[], resolution = 1 / 400): BettiPoint[] {
  let hi = 0;
  for (const diagram of diagrams) {
    for (let i = 0; i < diagram.length; i++) {
      const b = diagram[i][0], d = diagram[i][1];
      hi = Math.max(hi, b, Number.isFinite(d) ? d : b);
    }
  }
  const end = hi > 0 ? hi * 1.05 : 1;
  const out: BettiPoint[] = [];
  diagrams.forEach((diagram, dim) => {
    const events = new Set<number>([0, end]);
    for (let i = 0; i < diagram.length; i++) {
      const b = diagram[i][0], d = diagram[i][1];
      events.add(b);
      if (Number.isFinite(d)) events.add(d);
    }
    // Distinct values (the Set merges 0 and -0), so the typed sort's order is
    // the numeric sort's.
    const sorted = Float64Array.from(events).filter((t) => t <= end).sort();
    const step = end * resolution;
    const grid: number[] = [];
    for (const t of sorted) {
      if (grid.length === 0 || t - grid[grid.length - 1] >= step || t === end) grid.push(t);
    }
    const points = bettiCurvePoints([diagram], grid);
    points.forEach((p, i) => {
      const changed = i === 0 || i === points.length - 1 || p.betti !== points[i - 1].betti;
      if (changed) out.push({ ...p, dim });
    });
  });
  return out;
}
