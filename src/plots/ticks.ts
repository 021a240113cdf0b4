/**
 * Nice round tick values, for axes whose ticks a chart chooses itself (for
 * example to keep a tick from colliding with the ∞ line of a persistence
 * diagram).
 *
 * @module
 */

/**
 * About `count` round values (multiples of 1, 2 or 5 × 10^k) in `[lo, hi]`,
 * ascending. Empty when the interval is empty or not finite.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { niceTicks } from "./ticks.ts";
 * assert.equal(niceTicks(0, 1, 5).join(), "0,0.2,0.4,0.6,0.8,1");
 * ```
 */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo || !(count > 0)) return [];
  if (hi === lo) return [lo];
  const raw = (hi - lo) / count;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const fraction = raw / power;
  const step = (fraction >= 7.5 ? 10 : fraction >= 3.5 ? 5 : fraction >= 1.5 ? 2 : 1) * power;
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const ticks: number[] = [];
  // Multiply integer indices (not accumulate) so ticks are exact round numbers.
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}
