/**
 * Summary statistics of one persistence diagram (one homology dimension), as
 * one flat, JSON-friendly object of numbers.
 *
 * Infinite bars: every statistic except the Betti curve is computed on the
 * diagram with infinite deaths cut at `infinity` (see
 * {@linkcode truncateDiagram}); the result records `truncatedAt` and
 * `infiniteBars`. The Betti curve counts essential bars as alive at every
 * scale after their birth.
 *
 * Empty diagrams and degenerate cases: a statistic over no bars is 0 (count,
 * mean, median, max, std, sums, entropies, amplitudes); a ratio to the longest
 * bar is 0 when that bar does not exist or has length 0; normalised entropy is
 * 0 for at most one bar. No field is ever NaN or Infinity.
 *
 * @module
 */

import { bettiCurve } from "./betti.ts";
import { entropyOfLifetimes, normalizedEntropyOfLifetimes } from "./entropy.ts";
import { type InfinityOption, truncateDiagram } from "./lifetimes.ts";
import type { DiagramInput } from "./matching.ts";

/** Options of {@linkcode diagramMetrics}. */
export interface DiagramMetricsOptions {
  /** Finite value at which infinite deaths are cut (threshold or enclosing radius). */
  infinity: number;
  /** Scales at which to evaluate the Betti curve; the field is omitted without it. */
  grid?: ArrayLike<number>;
}

/**
 * The names of the scalar metrics of one diagram, in the order
 * {@linkcode diagramMetrics} records them — the one list the artifact schema,
 * the PNG writer and the site read. Lifetimes ℓ = death − birth after cutting
 * infinite deaths; standard deviations are population ones (divide by n).
 *
 * - `bars`: number of bars (finite and infinite);
 * - `infiniteBars`: bars with death = Infinity before cutting;
 * - `truncatedAt`: the value infinite deaths were cut at;
 * - `lifetimeMax`, `lifetimeMean`, `lifetimeMedian` (mean of the two middle
 *   ones for an even count), `lifetimeStd`;
 * - `totalPersistence1`: Σ ℓ (eXplain-NNs' "sum of lengths");
 *   `totalPersistence2`: (Σ ℓ²)^(1/2);
 * - `secondLongestRatio`, `thirdLongestRatio`: the second- and third-longest
 *   lifetime divided by the longest;
 * - `entropy`: persistent entropy (natural log); `normalizedEntropy`: divided
 *   by ln(bars);
 * - `birthMean`, `birthStd`, `deathMean`, `deathStd` (deaths after cutting);
 * - `amplitudeBottleneck`: bottleneck distance to the empty diagram, max ℓ / 2;
 *   `amplitudeWasserstein1`: Σ ℓ / 2; `amplitudeWasserstein2`: (Σ (ℓ / 2)²)^(1/2).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DIAGRAM_METRIC_NAMES, diagramMetrics } from "./metrics.ts";
 * const m = diagramMetrics([[0, 1]], { infinity: 1 });
 * assert.ok(DIAGRAM_METRIC_NAMES.every((name) => typeof m[name] === "number"));
 * ```
 */
export const DIAGRAM_METRIC_NAMES = [
  "bars",
  "infiniteBars",
  "truncatedAt",
  "lifetimeMax",
  "lifetimeMean",
  "lifetimeMedian",
  "lifetimeStd",
  "totalPersistence1",
  "totalPersistence2",
  "secondLongestRatio",
  "thirdLongestRatio",
  "entropy",
  "normalizedEntropy",
  "birthMean",
  "birthStd",
  "deathMean",
  "deathStd",
  "amplitudeBottleneck",
  "amplitudeWasserstein1",
  "amplitudeWasserstein2",
] as const;

/** One of {@linkcode DIAGRAM_METRIC_NAMES}. */
export type DiagramMetricName = (typeof DIAGRAM_METRIC_NAMES)[number];

/**
 * The metrics of one diagram: every {@linkcode DIAGRAM_METRIC_NAMES} entry,
 * and β(t) at each scale of the grid (`bettiCurve`) when a grid was given.
 */
export type DiagramMetrics = Record<DiagramMetricName, number> & { bettiCurve?: number[] };

/**
 * All metrics of one diagram; see {@linkcode DiagramMetrics}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { diagramMetrics } from "./metrics.ts";
 * const m = diagramMetrics([[0, 1], [0, 3], [0, Infinity]], { infinity: 4, grid: [0, 2] });
 * assert.equal(m.infiniteBars, 1);
 * assert.equal(m.lifetimeMax, 4);
 * assert.equal(m.lifetimeMedian, 3);
 * assert.ok(m.secondLongestRatio === 0.75 && m.bettiCurve?.join() === "3,2");
 * ```
 */
export function diagramMetrics(
  diagram: DiagramInput,
  options: DiagramMetricsOptions,
): DiagramMetrics {
  if (options === undefined || typeof options.infinity !== "number") {
    throw new TypeError(
      `diagramMetrics: option "infinity": expected a finite number (threshold or enclosing radius), found ${options?.infinity}`,
    );
  }
  const { infinity, grid } = options;
  const finite = truncateDiagram(diagram, { infinity });
  const ls = finite.map(([birth, death]) => death - birth);
  const sorted = [...ls].sort((x, y) => y - x);
  const longest = sorted.length > 0 ? sorted[0] : 0;
  const ratio = (k: number) => (k < sorted.length && longest > 0 ? sorted[k] / longest : 0);
  const births = finite.map(([birth]) => birth), deaths = finite.map(([, death]) => death);
  const metrics: DiagramMetrics = {
    bars: finite.length,
    infiniteBars: diagram.filter(([, death]) => death === Infinity).length,
    truncatedAt: infinity,
    lifetimeMax: longest,
    lifetimeMean: mean(ls),
    lifetimeMedian: median(sorted),
    lifetimeStd: std(ls),
    totalPersistence1: totalPersistence(ls, 1),
    totalPersistence2: totalPersistence(ls, 2),
    secondLongestRatio: ratio(1),
    thirdLongestRatio: ratio(2),
    entropy: entropyOfLifetimes(ls),
    normalizedEntropy: normalizedEntropyOfLifetimes(ls),
    birthMean: mean(births),
    birthStd: std(births),
    deathMean: mean(deaths),
    deathStd: std(deaths),
    amplitudeBottleneck: longest / 2,
    amplitudeWasserstein1: totalPersistence(ls, 1) / 2,
    amplitudeWasserstein2: totalPersistence(ls, 2) / 2,
  };
  if (grid !== undefined) metrics.bettiCurve = bettiCurve(diagram, grid);
  return metrics;
}

/**
 * Total persistence of order p of a diagram: the p-norm of its lifetimes,
 * `(Σ ℓᵢ^p)^(1/p)` (p = Infinity gives the longest); 0 for no bars.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { diagramTotalPersistence } from "./metrics.ts";
 * assert.equal(diagramTotalPersistence([[0, 3], [1, 5]], { p: 2 }), 5);
 * ```
 */
export function diagramTotalPersistence(
  diagram: DiagramInput,
  options: InfinityOption & { p?: number } = {},
): number {
  const { p = 1 } = options;
  if (typeof p !== "number" || !(p > 0)) {
    throw new RangeError(`diagramTotalPersistence: option "p": expected a number > 0, found ${p}`);
  }
  return totalPersistence(truncateDiagram(diagram, options).map(([b, d]) => d - b), p);
}

/**
 * Amplitude of a diagram: its distance to the empty diagram with the L∞
 * ground metric — bottleneck `max ℓ / 2`, or Wasserstein-p
 * `(Σ (ℓ / 2)^p)^(1/p)`; 0 for no bars.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { amplitude } from "./metrics.ts";
 * assert.equal(amplitude([[0, 2], [0, 4]], { metric: "bottleneck" }), 2);
 * assert.equal(amplitude([[0, 2], [0, 4]], { metric: "wasserstein", p: 1 }), 3);
 * ```
 */
export function amplitude(
  diagram: DiagramInput,
  options: InfinityOption & { metric: "bottleneck" | "wasserstein"; p?: number },
): number {
  const { metric, p = 1 } = options;
  if (metric !== "bottleneck" && metric !== "wasserstein") {
    throw new RangeError(
      `amplitude: option "metric": expected "bottleneck" or "wasserstein", found ${metric}`,
    );
  }
  if (typeof p !== "number" || !(p >= 1)) {
    throw new RangeError(`amplitude: option "p": expected a number ≥ 1, found ${p}`);
  }
  const halves = truncateDiagram(diagram, options).map(([b, d]) => (d - b) / 2);
  return totalPersistence(halves, metric === "bottleneck" ? Infinity : p);
}

function totalPersistence(ls: readonly number[], p: number): number {
  if (ls.length === 0) return 0;
  if (p === Infinity) return ls.reduce((m, x) => Math.max(m, x), 0);
  if (p === 1) return ls.reduce((s, x) => s + x, 0);
  return ls.reduce((s, x) => s + x ** p, 0) ** (1 / p);
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length;
}

function std(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length);
}

/** Median of values sorted in either order. */
function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return 0;
  return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}
