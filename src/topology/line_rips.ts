/**
 * Vietoris–Rips persistence of points on a line (a cloud in R^1, euclidean):
 * the same barcode as the general engine, in O(n log n).
 *
 * The Rips complex of points of R at any scale is the clique complex of an
 * interval graph. Interval graphs are chordal, and the clique complex of a
 * chordal graph is contractible on each connected component, so H_k = 0 for
 * every k ≥ 1 at every scale. H0 is read off the minimum spanning tree: on a
 * line, the edges between neighbours in sorted order form one (a longer edge
 * is never shorter than either of the gaps it spans, also after rounding,
 * which is monotone), and an H0 interval [0, g) dies at each gap g > 0 within
 * the threshold.
 *
 * Distances are Ripser's float32 arithmetic (`ripserEuclideanRows`), so every
 * value matches the general engine's bit for bit.
 *
 * @module
 */

import { assertPointCloud, type PointCloud } from "../data/point_cloud.ts";
import { ripserEuclideanRows } from "../geometry/ripser_rows.ts";
import type { Barcode, Diagram } from "./diagram.ts";

/** Options of {@linkcode lineRips}. */
export interface LineRipsOptions {
  /** Highest homology dimension: H1..H<maxDim> are empty. */
  maxDim: number;
  /**
   * Largest edge length, compared as float32 (as Ripser does) and given back
   * as passed; default the enclosing radius, as the general engine.
   */
  threshold?: number;
  /** Give `cycles.H1` (empty, as H1 is). */
  cycles?: boolean;
}

/**
 * The Vietoris–Rips barcode of a cloud in R^1 (`cloud.d === 1`): H0 from the
 * gaps between neighbouring values, every higher diagram empty; each diagram
 * sorted by birth, then death, as `vietorisRips` gives them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lineRips } from "./line_rips.ts";
 * const cloud = { data: new Float32Array([0, 3, 1, 10]), n: 4, d: 1 };
 * const barcode = lineRips(cloud, { maxDim: 1 });
 * assert.deepEqual(barcode.diagrams, [[[0, 1], [0, 2], [0, 7], [0, Infinity]], []]);
 * assert.equal(barcode.threshold, 7); // the point 3 is within 7 of every other
 * const cut = lineRips(cloud, { maxDim: 1, threshold: 5 });
 * assert.deepEqual(cut.diagrams[0], [[0, 1], [0, 2], [0, Infinity], [0, Infinity]]);
 * ```
 */
export function lineRips(cloud: PointCloud, options: LineRipsOptions): Barcode {
  assertPointCloud(cloud, "lineRips: cloud");
  const { data, n } = cloud;
  if (cloud.d !== 1) {
    throw new RangeError(`lineRips: field "d": expected 1 (points on a line), found ${cloud.d}`);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => data[a] - data[b] || a - b);
  // Ripser compares float32 diameters with a float32 threshold.
  const threshold = options.threshold === undefined
    ? lineEnclosingRadius(data, order)
    : Math.fround(Math.min(options.threshold, 3.4028234663852886e38));
  const deaths: number[] = [];
  let components = 1;
  for (let k = 1; k < n; k++) {
    const gap = distance(data[order[k - 1]], data[order[k]]);
    if (gap > threshold) components++;
    else if (gap !== 0) deaths.push(gap);
  }
  deaths.sort((a, b) => a - b);
  const h0: Diagram = deaths.map((d) => [0, d]);
  for (let c = 0; c < components; c++) h0.push([0, Infinity]);
  const diagrams: Diagram[] = [h0];
  for (let k = 1; k <= options.maxDim; k++) diagrams.push([]);
  return {
    diagrams,
    threshold: options.threshold ?? threshold,
    n,
    ...(options.cycles ? { cycles: { H1: [] } } : {}),
  };
}

/**
 * The enclosing radius (the least, over the points, of the largest distance
 * to another point): on a line the farthest point from any point is the
 * smallest or the largest value.
 */
function lineEnclosingRadius(data: Float32Array, order: number[]): number {
  const low = data[order[0]], high = data[order[order.length - 1]];
  let radius = Infinity;
  for (const i of order) {
    radius = Math.min(radius, Math.max(distance(data[i], low), distance(data[i], high)));
  }
  return radius;
}

const PAIR = new Float32Array(2);
const OUT = new Float32Array(1);

/** The distance of two values, in Ripser's float32 arithmetic. */
function distance(a: number, b: number): number {
  PAIR[0] = a;
  PAIR[1] = b;
  ripserEuclideanRows({ data: PAIR, n: 2, d: 1 }, { cutoff: Infinity, rows: [1, 2], out: OUT });
  return OUT[0];
}
