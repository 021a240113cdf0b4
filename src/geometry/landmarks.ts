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
 * margin for rounding), so the cell is skipped whole, and so are the points
 * of a cell nearer to their landmark than half its distance to the new one.
 * What is skipped could not have changed the result: the landmarks and the
 * radius are those of the plain O(n·m·d) loop with `squaredEuclidean`, bit
 * for bit. Time O(n·m·d) at worst, usually far less; memory O(n + m).
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
 * The points grouped by their nearest landmark so far. Each cell is a run of
 * a pool of entries (a point's index and its squared distance to the cell's
 * landmark), sorted farthest first: the points a new landmark p can take,
 * those with |p − a| ≤ 2·|i − a| (with the margin), are a head of the run,
 * so a scan stops at the first point too near its landmark. The points a
 * cell keeps are packed towards the end of its run, which then starts later;
 * a new cell is gathered aside, sorted and appended at the pool's end, and
 * the pool is compacted when it would overflow. Each cell keeps its radius
 * (the squared distance of its head) and its farthest point not yet chosen
 * (the lowest index among equals). The landmarks are also kept sorted by
 * one coordinate (the widest), so that a new landmark looks only at those
 * near it along that axis.
 */
class VoronoiCells {
  readonly landmarks: Int32Array;
  readonly chosen: Uint8Array;
  /** The pool: point indices and squared distances to their landmark. */
  readonly index: Int32Array;
  readonly nearest: Float64Array;
  /** First free pool entry. */
  top = 0;
  /** Each cell's run of the pool. */
  readonly start: Int32Array;
  readonly size: Int32Array;
  /** Each cell's largest squared distance from its landmark. */
  readonly radius2: Float64Array;
  readonly farValue: Float64Array;
  readonly farIndex: Int32Array;
  /** Largest squared distance from a point to its landmark (all cells). */
  largest2 = Infinity;
  /** The coordinates of the newest landmark. */
  readonly landmark: Float64Array;
  /** The newest cell's points and squared distances, gathered before they are sorted into the pool. */
  readonly newIndex: Int32Array;
  readonly newNearest: Float64Array;
  newSize = 0;
  /** The coordinate the landmarks are sorted by, their values along it, and their cells in that order. */
  readonly axis: number;
  readonly keys: Float64Array;
  readonly sorted: Int32Array;
  cells = 0;

  constructor(readonly cloud: PointCloud, m: number) {
    const { n, d } = cloud;
    this.landmarks = new Int32Array(m);
    this.chosen = new Uint8Array(n);
    this.index = new Int32Array(2 * n);
    this.nearest = new Float64Array(2 * n);
    this.newIndex = new Int32Array(n);
    this.newNearest = new Float64Array(n);
    this.start = new Int32Array(m);
    this.size = new Int32Array(m);
    this.radius2 = new Float64Array(m);
    this.farValue = new Float64Array(m);
    this.farIndex = new Int32Array(m);
    this.landmark = new Float64Array(d);
    this.axis = widestAxis(cloud);
    this.keys = new Float64Array(m);
    this.sorted = new Int32Array(m);
  }

  /**
   * Make point `p` landmark `l`: it takes every point nearer to it than to
   * its landmark. Only cells whose landmark is near p along the sort axis
   * are visited: the square of a coordinate's difference is one of the terms
   * of the squared distance, which is no smaller (adding terms ≥ 0 never
   * rounds below a term), so a landmark farther along the axis than allows
   * fails the triangle test of {@linkcode visit} anyway.
   */
  add(l: number, p: number): void {
    const { data, d, n } = this.cloud;
    this.landmarks[l] = p;
    this.chosen[p] = 1;
    for (let t = 0; t < d; t++) this.landmark[t] = data[p * d + t];
    this.newSize = 0;
    if (l === 0) {
      for (let i = 0; i < n; i++) this.gather(i, squaredEuclidean(data, d, i, p));
    } else {
      const key = data[p * d + this.axis], reach = MARGIN2 * this.largest2;
      const { keys, sorted } = this;
      const at = lowerBound(keys, this.cells, key);
      for (let k = at - 1; k >= 0; k--) {
        const t = keys[k] - key;
        if (t * t > reach) break;
        this.visit(sorted[k]);
      }
      for (let k = at; k < this.cells; k++) {
        const t = keys[k] - key;
        if (t * t > reach) break;
        this.visit(sorted[k]);
      }
    }
    this.placeNewCell(l);
    this.insertKey(l, data[p * d + this.axis]);
  }

  /**
   * Move to the new cell the points of cell a that are nearer to the newest
   * landmark p. A point i can be nearer only if |p − a| ≤ 2·|i − a| (with
   * the margin): none if the cell's radius is too small, else the head of
   * its run. Each distance is `squaredEuclidean(data, d, i, p, bound)` term
   * for term, stopping once it reaches the distance to beat.
   */
  visit(a: number): void {
    const { data, d } = this.cloud;
    const { index, nearest, landmark } = this;
    const reach = MARGIN2 * this.radius2[a];
    const toLandmark2 = beyond(landmark, data, this.landmarks[a] * d, reach);
    if (toLandmark2 > reach) return;
    const blocks = d - (d % 4), first = this.start[a], end = first + this.size[a];
    let head = first;
    while (head < end && toLandmark2 <= MARGIN2 * nearest[head]) head++;
    let kept = head;
    for (let k = head - 1; k >= first; k--) {
      const near = nearest[k];
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, x = index[k] * d, y = 0;
      for (; y < blocks; x += 4, y += 4) {
        const t0 = data[x] - landmark[y];
        const t1 = data[x + 1] - landmark[y + 1];
        const t2 = data[x + 2] - landmark[y + 2];
        const t3 = data[x + 3] - landmark[y + 3];
        s0 += t0 * t0;
        s1 += t1 * t1;
        s2 += t2 * t2;
        s3 += t3 * t3;
        if ((s0 + s1) + (s2 + s3) >= near) break;
      }
      if (y >= blocks) {
        for (; y < d; x++, y++) {
          const t = data[x] - landmark[y];
          s0 += t * t;
        }
        const s = (s0 + s1) + (s2 + s3);
        if (s < near) {
          this.gather(index[k], s);
          continue;
        }
      }
      kept--;
      if (kept !== k) {
        index[kept] = index[k];
        nearest[kept] = near;
      }
    }
    // A duplicate of an earlier landmark stays in its cell, which must stop offering it.
    const farIndex = this.farIndex[a];
    if (kept > first || (farIndex >= 0 && this.chosen[farIndex])) {
      this.start[a] = kept;
      this.size[a] = end - kept;
      this.measure(a);
    }
  }

  /** Put point i, at squared distance s, into the new cell. */
  gather(i: number, s: number): void {
    const k = this.newSize++;
    this.newIndex[k] = i;
    this.newNearest[k] = s;
  }

  /** Sort the gathered points, farthest first, into the pool as cell l. */
  placeNewCell(l: number): void {
    const size = this.newSize;
    if (this.top + size > this.index.length) this.compact();
    sortDescending(this.newNearest, this.newIndex, 0, size - 1);
    this.index.set(this.newIndex.subarray(0, size), this.top);
    this.nearest.set(this.newNearest.subarray(0, size), this.top);
    this.start[l] = this.top;
    this.size[l] = size;
    this.top += size;
    this.measure(l);
  }

  /**
   * Recompute cell `a`'s radius (its head) and its farthest unchosen point:
   * the first unchosen entry, or the lowest index among those as far.
   */
  measure(a: number): void {
    const { index, nearest, chosen } = this;
    const first = this.start[a], end = first + this.size[a];
    let far = -1, farIndex = -1;
    for (let k = first; k < end; k++) {
      const i = index[k], s = nearest[k];
      if (s < far) break;
      if (!chosen[i] && (farIndex < 0 || i < farIndex)) {
        far = s;
        farIndex = i;
      }
    }
    this.radius2[a] = end > first ? nearest[first] : 0;
    this.farValue[a] = far;
    this.farIndex[a] = farIndex;
  }

  /** Pack the cells to the front of the pool, in order. */
  compact(): void {
    let to = 0;
    for (let a = 0; a < this.cells; a++) {
      const from = this.start[a], size = this.size[a];
      this.index.copyWithin(to, from, from + size);
      this.nearest.copyWithin(to, from, from + size);
      this.start[a] = to;
      to += size;
    }
    this.top = to;
  }

  /** Record landmark l's coordinate along the sort axis. */
  insertKey(l: number, key: number): void {
    const at = lowerBound(this.keys, this.cells, key);
    this.keys.copyWithin(at + 1, at, this.cells);
    this.sorted.copyWithin(at + 1, at, this.cells);
    this.keys[at] = key;
    this.sorted[at] = l;
    this.cells++;
  }

  /** The unchosen point farthest from every landmark, the lowest index among equals. */
  farthest(): number {
    let far = -1, farIndex = -1, largest = 0;
    for (let a = 0; a < this.cells; a++) {
      const v = this.farValue[a], i = this.farIndex[a];
      if (i >= 0 && (v > far || (v === far && i < farIndex))) {
        far = v;
        farIndex = i;
      }
      if (this.radius2[a] > largest) largest = this.radius2[a];
    }
    this.largest2 = largest;
    return farIndex;
  }

  /** The largest distance from a point to its nearest landmark. */
  coveringRadius(): number {
    let r = 0;
    for (let a = 0; a < this.cells; a++) r = Math.max(r, this.radius2[a]);
    return Math.sqrt(r);
  }
}

/**
 * {@linkcode squaredEuclidean} between `point` and the row at offset `b` of
 * `data`, the same sum, except that it stops (with a partial sum > `limit`)
 * once the sum exceeds `limit`: every value ≤ `limit` is exact.
 */
function beyond(point: Float64Array, data: Float32Array, b: number, limit: number): number {
  const d = point.length, blocks = d - (d % 4);
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, a = 0;
  for (; a < blocks; a += 4, b += 4) {
    const t0 = point[a] - data[b];
    const t1 = point[a + 1] - data[b + 1];
    const t2 = point[a + 2] - data[b + 2];
    const t3 = point[a + 3] - data[b + 3];
    s0 += t0 * t0;
    s1 += t1 * t1;
    s2 += t2 * t2;
    s3 += t3 * t3;
    if ((s0 + s1) + (s2 + s3) > limit) return (s0 + s1) + (s2 + s3);
  }
  for (; a < d; a++, b++) {
    const t = point[a] - data[b];
    s0 += t * t;
  }
  return (s0 + s1) + (s2 + s3);
}

/**
 * Sort `keys[lo … hi]` into descending order, moving `items` alongside
 * (quicksort, Hoare's partition, insertion sort for short runs).
 */
function sortDescending(keys: Float64Array, items: Int32Array, lo: number, hi: number): void {
  while (hi - lo > 16) {
    const pivot = keys[(lo + hi) >>> 1];
    let i = lo, j = hi;
    while (i <= j) {
      while (keys[i] > pivot) i++;
      while (keys[j] < pivot) j--;
      if (i <= j) {
        const k = keys[i], t = items[i];
        keys[i] = keys[j];
        items[i] = items[j];
        keys[j] = k;
        items[j] = t;
        i++;
        j--;
      }
    }
    // Recurse into the shorter side, loop on the longer
    if (j - lo < hi - i) {
      sortDescending(keys, items, lo, j);
      lo = i;
    } else {
      sortDescending(keys, items, i, hi);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const k = keys[i], t = items[i];
    let j = i - 1;
    while (j >= lo && keys[j] < k) {
      keys[j + 1] = keys[j];
      items[j + 1] = items[j];
      j--;
    }
    keys[j + 1] = k;
    items[j + 1] = t;
  }
}

/** The first position in the sorted `keys[0 … count)` whose key is ≥ `key`. */
function lowerBound(keys: Float64Array, count: number, key: number): number {
  let lo = 0, hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The coordinate with the widest range of values. */
function widestAxis(cloud: PointCloud): number {
  const { data, n, d } = cloud;
  let best = 0, bestRange = -1;
  for (let t = 0; t < d; t++) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = data[i * d + t];
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    if (hi - lo > bestRange) {
      best = t;
      bestRange = hi - lo;
    }
  }
  return best;
}
