/**
 * Maxmin (farthest-point) landmark selection: a subsample that covers the
 * cloud evenly, for persistence of clouds too large to take whole.
 *
 * @module
 */

import { assertPointCloud, type PointCloud } from "../data/point_cloud.ts";
import { createRandom } from "../data/random.ts";
import { squaredEuclidean } from "./distances.ts";

/** The landmarks chosen by {@linkcode maxminLandmarks}. */
export interface Landmarks {
  /** Indices of the chosen points, in the order they were chosen. */
  indices: Int32Array;
  /** Largest Euclidean distance from any point to its nearest landmark. */
  coveringRadius: number;
}

/**
 * Choose m landmarks by seeded farthest-point sampling: the first is drawn
 * uniformly with the seed, each next one is the point farthest (Euclidean)
 * from those already chosen, ties broken by the lowest index. The covering
 * radius is the largest distance from a point to its nearest landmark. When
 * m ≥ n every point is a landmark (indices 0 … n − 1, radius 0).
 *
 * Distances are computed in float64 from the float32 coordinates. The
 * points are kept in cells, one per landmark (the points nearest to it), with
 * each cell's radius: a new landmark at distance ≥ 2·radius from a cell's
 * landmark is no nearer to any of its points (triangle inequality, with a
 * margin for rounding), so the cell is skipped whole. Time O(n·m·d) at
 * worst, usually far less; memory O(n + m).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { maxminLandmarks } from "./landmarks.ts";
 * const cloud = { data: new Float32Array([0, 1, 2, 10]), n: 4, d: 1 };
 * const { indices, coveringRadius } = maxminLandmarks(cloud, 2, { seed: 1 });
 * assert.equal(indices.length, 2);
 * assert.ok(coveringRadius <= 5);
 * ```
 */
export function maxminLandmarks(
  cloud: PointCloud,
  m: number,
  options: { seed: number },
): Landmarks {
  const seed = options?.seed;
  assertPointCloud(cloud, "maxminLandmarks: cloud");
  if (!Number.isInteger(m) || m < 1) {
    throw new RangeError(`maxminLandmarks: argument "m": expected a positive integer, found ${m}`);
  }
  const { n } = cloud;
  if (m >= n) return { indices: Int32Array.from({ length: n }, (_, i) => i), coveringRadius: 0 };
  const cells = new VoronoiCells(cloud, m);
  let next = createRandom(seed).int(n);
  for (let l = 0; l < m; l++) {
    cells.add(l, next);
    next = cells.farthest();
  }
  return { indices: cells.landmarks, coveringRadius: cells.coveringRadius() };
}

/**
 * Slack on the triangle-inequality test, so that rounding never skips a
 * nearer landmark; the test compares squares (no square roots per point).
 */
const MARGIN2 = 2.000001 ** 2;

/**
 * The points grouped by their nearest landmark so far. `nearest[i]` is the
 * squared distance from point i to its landmark; each cell keeps its points,
 * its radius (the largest distance from its landmark) and its farthest point
 * not yet chosen (lowest index among equals).
 */
class VoronoiCells {
  readonly landmarks: Int32Array;
  readonly nearest: Float64Array;
  readonly chosen: Uint8Array;
  /** The cell (landmark position) of each point. */
  readonly owner: Int32Array;
  readonly members: number[][] = [];
  /** Each cell's largest squared distance from its landmark. */
  readonly radius2: Float64Array;
  readonly farValue: Float64Array;
  readonly farIndex: Int32Array;

  constructor(readonly cloud: PointCloud, m: number) {
    this.landmarks = new Int32Array(m);
    this.nearest = new Float64Array(cloud.n).fill(Infinity);
    this.chosen = new Uint8Array(cloud.n);
    this.owner = new Int32Array(cloud.n);
    this.radius2 = new Float64Array(m);
    this.farValue = new Float64Array(m);
    this.farIndex = new Int32Array(m);
  }

  /**
   * Make point `p` landmark `l`: it takes every point nearer to it than to
   * its landmark. A point i of cell a can be nearer to p only if
   * |p − a| < 2·|i − a|; whole cells and single points too near their
   * landmark are skipped, and a distance stops once it reaches the one to beat.
   */
  add(l: number, p: number): void {
    const { data, d, n } = this.cloud;
    const { landmarks, nearest, members, owner, radius2 } = this;
    landmarks[l] = p;
    this.chosen[p] = 1;
    const cell: number[] = [];
    if (l === 0) {
      for (let i = 0; i < n; i++) nearest[i] = squaredEuclidean(data, d, i, p);
      for (let i = 0; i < n; i++) cell.push(i);
    }
    for (let a = 0; a < l; a++) {
      const toLandmark2 = squaredEuclidean(data, d, p, landmarks[a]);
      if (toLandmark2 > MARGIN2 * radius2[a]) continue;
      const old = members[a];
      let kept = 0;
      for (let k = 0; k < old.length; k++) {
        const i = old[k], s0 = nearest[i];
        if (toLandmark2 <= MARGIN2 * s0) {
          const s = squaredEuclidean(data, d, i, p, s0);
          if (s < s0) {
            nearest[i] = s;
            owner[i] = l;
            cell.push(i);
            continue;
          }
        }
        old[kept++] = i;
      }
      if (kept < old.length) {
        old.length = kept;
        this.measure(a);
      }
    }
    members.push(cell);
    this.measure(l);
    // A duplicate of an earlier landmark stays in its cell, which must stop offering it.
    if (owner[p] !== l) this.measure(owner[p]);
  }

  /** Recompute cell `a`'s radius and farthest unchosen point. */
  measure(a: number): void {
    const { nearest, chosen } = this;
    const cell = this.members[a];
    let r = 0, far = -1, farIndex = -1;
    for (let k = 0; k < cell.length; k++) {
      const i = cell[k], s = nearest[i];
      if (s > r) r = s;
      if (!chosen[i] && (s > far || (s === far && i < farIndex))) {
        far = s;
        farIndex = i;
      }
    }
    this.radius2[a] = r;
    this.farValue[a] = far;
    this.farIndex[a] = farIndex;
  }

  /** The unchosen point farthest from every landmark, the lowest index among equals. */
  farthest(): number {
    let far = -1, farIndex = -1;
    for (let a = 0; a < this.members.length; a++) {
      const v = this.farValue[a], i = this.farIndex[a];
      if (i >= 0 && (v > far || (v === far && i < farIndex))) {
        far = v;
        farIndex = i;
      }
    }
    return farIndex;
  }

  /** The largest distance from a point to its nearest landmark. */
  coveringRadius(): number {
    let r = 0;
    for (let a = 0; a < this.members.length; a++) r = Math.max(r, this.radius2[a]);
    return Math.sqrt(r);
  }
}
