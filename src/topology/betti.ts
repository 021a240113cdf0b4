/**
 * Betti numbers read off a diagram: β(t) counts the bars alive at scale t,
 * `birth ≤ t < death` (an essential bar is alive at every t ≥ birth).
 *
 * @module
 */

import { assertDiagram, type DiagramInput } from "./matching.ts";

/**
 * The Betti number at scale t: the number of bars with `birth ≤ t < death`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bettiNumber } from "./betti.ts";
 * const d = [[0, 1], [0, Infinity], [0.5, 2]];
 * assert.equal(bettiNumber(d, 0.5), 3);
 * assert.equal(bettiNumber(d, 1), 2);
 * ```
 */
export function bettiNumber(diagram: DiagramInput, t: number): number {
  assertDiagram(diagram);
  if (typeof t !== "number" || isNaN(t)) {
    throw new TypeError(`bettiNumber: argument "t": expected a number, found ${t}`);
  }
  let count = 0;
  for (const [birth, death] of diagram) if (birth <= t && t < death) count++;
  return count;
}

/**
 * The Betti curve on a grid of scales: `curve[k] = bettiNumber(diagram, grid[k])`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bettiCurve } from "./betti.ts";
 * const curve = bettiCurve([[0, 1], [0, Infinity]], [0, 0.5, 1, 2]);
 * assert.equal(curve.join(), "2,2,1,1");
 * ```
 */
export function bettiCurve(diagram: DiagramInput, grid: ArrayLike<number>): number[] {
  assertDiagram(diagram);
  const curve: number[] = [];
  for (let k = 0; k < grid.length; k++) {
    const t = grid[k];
    if (typeof t !== "number" || isNaN(t)) {
      throw new TypeError(`bettiCurve: grid[${k}]: expected a number, found ${t}`);
    }
    let count = 0;
    for (const [birth, death] of diagram) if (birth <= t && t < death) count++;
    curve.push(count);
  }
  return curve;
}
