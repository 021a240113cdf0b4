/**
 * The uniform cubical cover of a lens's image: in each lens dimension, equal
 * intervals with a fractional overlap that exactly span [min, max].
 *
 * @module
 */

/** One hypercube of the cover and the points whose lens value lies in it. */
export interface CoverCube {
  /** Interval index in each lens dimension. */
  index: number[];
  /** Lower bound in each lens dimension (−∞ for the first interval). */
  lower: number[];
  /** Upper bound in each lens dimension (+∞ for the last interval). */
  upper: number[];
  /** Indices of the points in the cube, ascending. */
  members: Int32Array;
}

/** Cover parameters. */
export interface CoverOptions {
  /** Intervals per lens dimension (one number for all). Default 10. */
  intervals?: number | number[];
  /** Fraction of an interval shared with its neighbour, in [0, 1). Default 0.3. */
  overlap?: number;
}

/**
 * Cover the lens image with n intervals per dimension of length
 * L = range / (1 + (n − 1)(1 − overlap)), starting every L(1 − overlap), so
 * the first starts at the minimum and the last ends at the maximum (the outer
 * ends are then opened to ±∞). A point belongs to every cube containing it
 * (bounds inclusive). Returns the non-empty cubes in lexicographic order of
 * their index.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { uniformCover } from "./cover.ts";
 * const lens = Float64Array.from([0, 1, 2, 3, 4]);
 * const cubes = uniformCover(lens, 1, { intervals: 2, overlap: 0.5 });
 * assert.deepEqual(cubes.map((c) => c.members.join()), ["0,1,2", "2,3,4"]);
 * ```
 */
export function uniformCover(
  lens: Float64Array,
  lensDim: number,
  options: CoverOptions = {},
): CoverCube[] {
  const overlap = options.overlap ?? 0.3;
  if (!(overlap >= 0 && overlap < 1)) {
    throw new RangeError(`cover: "overlap" must be in [0, 1), found ${overlap}`);
  }
  if (!Number.isInteger(lensDim) || lensDim < 1 || lens.length % lensDim !== 0) {
    throw new RangeError(
      `cover: lens of length ${lens.length} does not split into rows of lensDim = ${lensDim}`,
    );
  }
  const raw = options.intervals ?? 10;
  const intervals = Array.isArray(raw) ? raw : Array.from({ length: lensDim }, () => raw);
  if (intervals.length !== lensDim || intervals.some((k) => !Number.isInteger(k) || k < 1)) {
    throw new RangeError(
      `cover: "intervals" must be ${lensDim} positive integer(s), found ${JSON.stringify(raw)}`,
    );
  }
  const n = lens.length / lensDim;
  // Per dimension: the interval indices each point belongs to.
  const perDim: number[][][] = [];
  const bounds: { lo: number; step: number; length: number }[] = [];
  for (let c = 0; c < lensDim; c++) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = lens[i * lensDim + c];
      if (!Number.isFinite(v)) {
        throw new RangeError(`cover: lens value of point ${i}, dimension ${c} is ${v}`);
      }
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (hi === lo) {
      lo -= 0.5;
      hi += 0.5;
    }
    const k = intervals[c];
    const length = (hi - lo) / (1 + (k - 1) * (1 - overlap));
    const step = length * (1 - overlap);
    bounds.push({ lo, step, length });
    const tol = 1e-12 * (hi - lo);
    const lists: number[][] = [];
    for (let i = 0; i < n; i++) {
      const x = lens[i * lensDim + c] - lo;
      const first = Math.max(0, Math.floor((x - length - tol) / step));
      const last = Math.min(k - 1, Math.floor((x + tol) / step));
      const list: number[] = [];
      for (let j = first; j <= last; j++) {
        const a = j * step, b = a + length;
        if ((j === 0 || x >= a - tol) && (j === k - 1 || x <= b + tol)) list.push(j);
      }
      if (list.length === 0) list.push(Math.min(k - 1, Math.max(0, Math.round(x / step))));
      lists.push(list);
    }
    perDim.push(lists);
  }
  const cubes = new Map<string, { index: number[]; members: number[] }>();
  for (let i = 0; i < n; i++) {
    let combos: number[][] = [[]];
    for (let c = 0; c < lensDim; c++) {
      combos = combos.flatMap((prefix) => perDim[c][i].map((j) => [...prefix, j]));
    }
    for (const index of combos) {
      const key = index.join(",");
      let cube = cubes.get(key);
      if (!cube) cubes.set(key, cube = { index, members: [] });
      cube.members.push(i);
    }
  }
  const compare = (a: number[], b: number[]) => {
    for (let c = 0; c < a.length; c++) if (a[c] !== b[c]) return a[c] - b[c];
    return 0;
  };
  return [...cubes.values()].sort((a, b) => compare(a.index, b.index)).map((
    { index, members },
  ) => ({
    index,
    lower: index.map((j, c) => (j === 0 ? -Infinity : bounds[c].lo + j * bounds[c].step)),
    upper: index.map((j, c) =>
      j === intervals[c] - 1 ? Infinity : bounds[c].lo + j * bounds[c].step + bounds[c].length
    ),
    members: Int32Array.from(members),
  }));
}
