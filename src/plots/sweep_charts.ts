/**
 * Sweep charts: a metric against the amount of data (one line per network at
 * the median over seeds, a band from the minimum to the maximum), and a strip
 * of final accuracies with one dot per seed, so that a network whose seeds
 * end in two places shows two clusters.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import type { Chart } from "./chart.ts";
import { networkColor } from "./network_color.ts";

/** One value: a network, a data amount, a seed (and a facet such as a layer). */
export interface SweepPoint {
  network: string;
  /** The share of the training set, part / parts. */
  amount: number;
  seed: number;
  value: number | null;
  /** Panel the point belongs to (e.g. "first layer"); one panel when absent. */
  facet?: string;
}

/** Median, minimum and maximum over seeds of one network × amount (× facet). */
export interface SeedSpread {
  network: string;
  amount: number;
  facet: string;
  median: number;
  min: number;
  max: number;
  seeds: number;
}

/**
 * The spread over seeds of every network × amount × facet (non-finite values left out).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seedSpread } from "./sweep_charts.ts";
 * const s = seedSpread([0.5, 0.64, 0.51].map((value, seed) => ({ network: "bad", amount: 1, seed, value })));
 * assert.deepEqual([s[0].median, s[0].min, s[0].max, s[0].seeds], [0.51, 0.5, 0.64, 3]);
 * ```
 */
export function seedSpread(points: SweepPoint[]): SeedSpread[] {
  const groups = new Map<string, { p: SweepPoint; values: number[] }>();
  for (const p of points) {
    if (p.value === null || !Number.isFinite(p.value)) continue;
    const key = JSON.stringify([p.network, p.amount, p.facet ?? ""]);
    const g = groups.get(key) ?? { p, values: [] };
    g.values.push(p.value);
    groups.set(key, g);
  }
  return [...groups.values()].map(({ p, values }) => {
    const v = values.sort((a, b) => a - b);
    const mid = v.length >> 1;
    const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    return {
      network: p.network,
      amount: p.amount,
      facet: p.facet ?? "",
      median,
      min: v[0],
      max: v[v.length - 1],
      seeds: v.length,
    };
  }).sort((a, b) => a.network.localeCompare(b.network) || a.amount - b.amount);
}

/** Options of the sweep charts. */
export interface SweepChartOptions {
  /** The y (or x) axis label. */
  metric: string;
  title?: string;
  subtitle?: string;
  /** Networks in legend order (default: order of appearance). */
  networks?: string[];
  width?: number;
}

function networkDomain(points: { network: string }[], given?: string[]): string[] {
  return given ?? [...new Set(points.map((p) => p.network))];
}

/**
 * A metric against the data amount: per network a median line and a min–max band over seeds
 * (with a min–max bar at each amount, so a sweep of one amount still shows its spread).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { metricByDataAmountChart } from "./sweep_charts.ts";
 * import { renderSvg } from "./render.ts";
 * const points = [0.2, 0.4].flatMap((amount) => [0, 1].map((seed) =>
 *   ({ network: "good", amount, seed, value: amount + seed / 10 })));
 * assert.match(renderSvg(metricByDataAmountChart(points, { metric: "test accuracy" })), /test accuracy/);
 * ```
 */
export function metricByDataAmountChart(points: SweepPoint[], options: SweepChartOptions): Chart {
  const spread = seedSpread(points);
  const networks = networkDomain(points, options.networks);
  const facets = [...new Set(points.map((p) => p.facet ?? ""))];
  const facet = facets.length > 1;
  const colors = networks.map((_, i) => networkColor(i));
  const common = { x: "amount", fx: facet ? "facet" : undefined, z: "network" };
  const marks: Plot.Markish[] = [
    Plot.areaY(spread, { ...common, y1: "min", y2: "max", fill: "network", fillOpacity: 0.18 }),
    // The same spread as a bar at each amount: a band needs two amounts to be seen.
    Plot.ruleX(spread, {
      ...common,
      y1: "min",
      y2: "max",
      stroke: "network",
      strokeOpacity: 0.5,
      strokeWidth: 2,
    }),
    Plot.line(spread, { ...common, y: "median", stroke: "network", strokeWidth: 2 }),
    Plot.dot(spread, { ...common, y: "median", fill: "network", r: 2.5 }),
  ];
  if (spread.length === 0) marks.push(Plot.text(["no values"], { frameAnchor: "middle" }));
  return {
    title: options.title,
    subtitle: options.subtitle ?? "line: median over seeds; band and bar: minimum to maximum",
    legend: networks.map((n, i) => ({ label: n, color: colors[i], symbol: "line" as const })),
    width: options.width,
    panels: [{
      height: 260,
      marginTop: facet ? 30 : 16,
      marginBottom: 40,
      marginLeft: 64,
      marginRight: 24,
      x: {
        label: "share of the training set",
        grid: true,
        tickFormat: (v: number) => `${Math.round(v * 100)}%`,
      },
      y: { label: options.metric, grid: true, nice: true, labelArrow: "none" },
      fx: facet ? { label: null, domain: facets, padding: 0.1 } : undefined,
      color: { domain: networks, range: colors },
      marks,
    }],
  };
}

/** One final accuracy of one seed. */
export interface StripPoint {
  network: string;
  /** The configuration's label (e.g. "data 3/5"). */
  config: string;
  seed: number;
  accuracy: number;
}

/**
 * Final accuracies as strips: one row per network × configuration, one dot per seed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seedStripChart } from "./sweep_charts.ts";
 * import { renderSvg } from "./render.ts";
 * const points = [0.5, 0.64].map((accuracy, seed) => ({ network: "bad", config: "data 5/5", seed, accuracy }));
 * assert.match(renderSvg(seedStripChart(points, { metric: "final test accuracy" })), /seed 1/);
 * ```
 */
export function seedStripChart(points: StripPoint[], options: SweepChartOptions): Chart {
  const networks = networkDomain(points, options.networks);
  const configs = [...new Set(points.map((p) => p.config))];
  const colors = networks.map((_, i) => networkColor(i));
  const rows = configs.length * networks.length;
  const labels = configs.flatMap((c) => networks.map((n) => `${c} · ${n}`));
  // About 6 px a character at the axis font size, so no row label is cut.
  const marginLeft = Math.max(60, 12 + 6 * Math.max(0, ...labels.map((l) => l.length)));
  return {
    title: options.title,
    subtitle: options.subtitle ?? "one dot per seed",
    legend: networks.map((n, i) => ({ label: n, color: colors[i], symbol: "dot" as const })),
    width: options.width,
    panels: [{
      height: 40 + rows * 26,
      marginLeft,
      marginRight: 24,
      marginBottom: 40,
      x: { label: options.metric, grid: true, nice: true, labelArrow: "none" },
      y: { label: null, domain: labels },
      color: { domain: networks, range: colors },
      marks: [
        Plot.dot(points, {
          x: "accuracy",
          y: (p: StripPoint) => `${p.config} · ${p.network}`,
          fill: "network",
          fillOpacity: 0.7,
          r: 4,
          title: (p: StripPoint) => `seed ${p.seed}: ${p.accuracy.toFixed(3)}`,
        }),
      ],
    }],
  };
}
