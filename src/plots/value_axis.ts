/**
 * Where the filtration-value axis of a barcode or persistence diagram ends.
 * The Rips threshold (by default the enclosing radius) is often several times
 * the largest finite death; an axis stretched to it squashes every finite
 * bar into a sliver at the left. So the axis reaches the threshold only when
 * the finite values fill at least half of it, and otherwise stops a little
 * past the largest finite value — the charts then say the threshold lies
 * beyond the axis instead of drawing it.
 *
 * @module
 */

/** The end of a filtration-value axis, from {@linkcode filtrationAxisEnd}. */
export interface FiltrationAxisEnd {
  /** The largest value the axis shows. */
  end: number;
  /** Whether `end` is the threshold itself (false: the threshold lies past `end`, or is absent). */
  thresholdOnAxis: boolean;
}

/** The axis keeps the threshold while the finite values span at least 1 / this of it. */
const MAX_STRETCH = 2;
/** Room past the largest finite value when the axis stops short of the threshold. */
const PAD = 1.1;

/**
 * The axis end for finite values in `[0, finiteMax]` and an optional
 * filtration `threshold`: the threshold when `threshold ≤ 2 · finiteMax` (or
 * nothing is finite), else `1.1 · finiteMax`; 1 when both are 0 or absent.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { filtrationAxisEnd } from "./value_axis.ts";
 * assert.equal(filtrationAxisEnd(4, 6).end, 6);
 * const far = filtrationAxisEnd(0.5, 5);
 * assert.ok(!far.thresholdOnAxis);
 * assert.ok(Math.abs(far.end - 0.55) < 1e-12);
 * ```
 */
export function filtrationAxisEnd(finiteMax: number, threshold?: number): FiltrationAxisEnd {
  const hasThreshold = threshold !== undefined && Number.isFinite(threshold) && threshold > 0;
  if (hasThreshold && (finiteMax <= 0 || threshold <= MAX_STRETCH * finiteMax)) {
    return { end: Math.max(threshold, finiteMax), thresholdOnAxis: true };
  }
  return { end: finiteMax > 0 ? finiteMax * PAD : 1, thresholdOnAxis: false };
}
