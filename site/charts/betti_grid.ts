/**
 * A lean sample grid for Betti curves: Betti curves are step functions that
 * change only at births and deaths, so sampling them there (step-after) draws
 * them exactly with far fewer points than an even grid.
 *
 * @module
 */

import type { Diagram } from "../../src/topology/diagram.ts";

/**
 * 0, every finite birth and death (merged when closer than `resolution` × the
 * largest value), and 5% past the largest value.
 *
 * @example
 * ```ts
 * import { bettiEventGrid } from "./betti_grid.ts";
 * console.assert(bettiEventGrid([[[0, 1], [0, Infinity]], [[0.5, 0.75]]]).join() === "0,0.5,0.75,1,1.05");
 * ```
 */
export function bettiEventGrid(diagrams: Diagram[], resolution = 1 / 400): number[] {
  const values: number[] = [0];
  let hi = 0;
  for (const diagram of diagrams) {
    for (const [b, d] of diagram) {
      values.push(b);
      hi = Math.max(hi, b);
      if (Number.isFinite(d)) {
        values.push(d);
        hi = Math.max(hi, d);
      }
    }
  }
  if (!(hi > 0)) return [0, 1];
  values.sort((a, b) => a - b);
  const step = hi * resolution;
  const grid: number[] = [];
  for (const v of values) {
    if (grid.length === 0 || v - grid[grid.length - 1] >= step) grid.push(v);
  }
  grid.push(hi * 1.05);
  return grid;
}
