/**
 * Exact bottleneck distance between persistence diagrams, GUDHI's convention:
 * L∞ ground metric, a point goes to the diagonal at `(death − birth) / 2`,
 * essential points are matched only with essential points of the same kind
 * (at |Δ| of the finite coordinate) and different essential counts give
 * Infinity — as `gudhi.bottleneck_distance(a, b, e=0)` (GUDHI 3.7.1) does.
 *
 * Algorithm: the distance is one of the candidate values (a pairwise L∞
 * distance or a distance to the diagonal), the least radius r at which the
 * two diagrams, each augmented by the other's diagonal projections, have a
 * perfect matching with every edge ≤ r. Diagonal copies can always match each
 * other, so that is a matching between the two diagrams' points that covers
 * every point farther than r from the diagonal (a "forced" point). By the
 * Mendelsohn–Dulmage theorem such a matching exists exactly when one covers
 * the forced points of the first diagram and another those of the second, so
 * the distance is the larger of two one-sided radii, each found by binary
 * search over its sorted candidates with augmenting paths (Kuhn), every test
 * starting from the matching of the last failed one.
 *
 * @module
 */

import {
  assertDiagram,
  type DiagramInput,
  type DiagramMatching,
  hopcroftKarp,
  matchEssential,
  splitDiagram,
} from "./matching.ts";

/**
 * The bottleneck distance with an optimal matching (pairs `[i, j]`, −1 for
 * the diagonal; see {@linkcode DiagramMatching}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bottleneckMatching } from "./bottleneck.ts";
 * const { distance, matching } = bottleneckMatching([[0, 1], [0, 4]], [[0, 3.5]]);
 * assert.equal(distance, 0.5);
 * assert.equal(JSON.stringify(matching), "[[0,-1],[1,0]]");
 * ```
 */
export function bottleneckMatching(a: DiagramInput, b: DiagramInput): DiagramMatching {
  return bottleneck(a, b, true);
}

/**
 * The bottleneck distance between two diagrams (exact).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bottleneckDistance } from "./bottleneck.ts";
 * assert.equal(bottleneckDistance([[0, 2]], []), 1);
 * assert.equal(bottleneckDistance([[0, Infinity]], [[1, Infinity]]), 1);
 * assert.equal(bottleneckDistance([[0, Infinity]], []), Infinity);
 * ```
 */
export function bottleneckDistance(a: DiagramInput, b: DiagramInput): number {
  return bottleneck(a, b, false).distance;
}

/** The distance, and the matching too when `withMatching` (else an empty list). */
function bottleneck(a: DiagramInput, b: DiagramInput, withMatching: boolean): DiagramMatching {
  assertDiagram(a, "bottleneckDistance: first diagram");
  assertDiagram(b, "bottleneckDistance: second diagram");
  const partsA = splitDiagram(a), partsB = splitDiagram(b);
  const essential = matchEssential(a, partsA, b, partsB);
  const ia = partsA.offDiagonal, ib = partsB.offDiagonal;
  const pointsA = pointsOf(a, ia), pointsB = pointsOf(b, ib);
  const cost = costMatrix(pointsA, pointsB);
  const finite = offDiagonalDistance(pointsA, pointsB, cost);
  const distance = essential.finite ? Math.max(finite, ...essential.costs) : Infinity;
  const matching: Array<[number, number]> = [];
  if (!withMatching) return { distance, matching };
  for (const [u, v] of augmentedMatching(pointsA, pointsB, cost, finite)) {
    matching.push([u < 0 ? -1 : ia[u], v < 0 ? -1 : ib[v]]);
  }
  for (const i of partsA.onDiagonal) matching.push([i, -1]);
  for (const j of partsB.onDiagonal) matching.push([-1, j]);
  matching.push(...essential.pairs);
  return { distance, matching };
}

/** Finite off-diagonal points and their L∞ distances `(death − birth) / 2` to the diagonal. */
interface Points {
  n: number;
  birth: Float64Array;
  death: Float64Array;
  diagonal: Float64Array;
}

function pointsOf(diagram: DiagramInput, indices: number[]): Points {
  const n = indices.length;
  const points = {
    n,
    birth: new Float64Array(n),
    death: new Float64Array(n),
    diagonal: new Float64Array(n),
  };
  for (let k = 0; k < n; k++) {
    const [birth, death] = diagram[indices[k]];
    points.birth[k] = birth;
    points.death[k] = death;
    points.diagonal[k] = (death - birth) / 2;
  }
  return points;
}

/** L∞ distances between the points of a (rows) and b (columns), row-major. */
function costMatrix(a: Points, b: Points): Float64Array {
  const cost = new Float64Array(a.n * b.n);
  for (let i = 0; i < a.n; i++) {
    const birth = a.birth[i], death = a.death[i];
    for (let j = 0; j < b.n; j++) {
      cost[i * b.n + j] = Math.max(Math.abs(birth - b.birth[j]), Math.abs(death - b.death[j]));
    }
  }
  return cost;
}

/** The bottleneck distance between finite off-diagonal point sets (see the module note). */
function offDiagonalDistance(a: Points, b: Points, cost: Float64Array): number {
  if (a.n + b.n === 0) return 0;
  let radius = lowerBound(a, b, cost);
  radius = saturationRadius(new Saturation(a.diagonal, b.n, cost, radius, false), radius);
  return saturationRadius(new Saturation(b.diagonal, a.n, cost, radius, true), radius);
}

/** Every point must go somewhere: the cheapest option of the worst point bounds from below. */
function lowerBound(a: Points, b: Points, cost: Float64Array): number {
  const cheapestB = Float64Array.from(b.diagonal);
  let bound = 0;
  for (let i = 0; i < a.n; i++) {
    let cheapest = a.diagonal[i];
    for (let j = 0; j < b.n; j++) {
      const c = cost[i * b.n + j];
      if (c < cheapest) cheapest = c;
      if (c < cheapestB[j]) cheapestB[j] = c;
    }
    bound = Math.max(bound, cheapest);
  }
  for (const c of cheapestB) bound = Math.max(bound, c);
  return bound;
}

/**
 * The least radius r ≥ `floor` (a candidate of `side`, or `floor` itself) at
 * which the side's forced rows can all be matched.
 */
function saturationRadius(side: Saturation, floor: number): number {
  if (side.feasible(floor)) return floor;
  side.save();
  // The largest candidate is at least every row's diagonal distance: nothing is forced there.
  const candidates = side.candidatesAbove(floor);
  let lo = 0, hi = candidates.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (side.feasible(candidates[mid])) {
      hi = mid;
      side.restore(); // that matching may use edges longer than the radii still to test
    } else {
      lo = mid + 1;
      side.save(); // a valid start for every larger radius
    }
  }
  return candidates[lo];
}

/**
 * One side's half of the test: rows are the points of one diagram, columns
 * those of the other; at radius r every row farther than r from the diagonal
 * must be matched to a column within r. A row keeps only its edges shorter
 * than its own diagonal distance (a row is forced only at radii below it),
 * and rows never forced at or above `floor` keep none.
 */
class Saturation {
  readonly start: Int32Array;
  readonly column: Int32Array;
  readonly cost: Float64Array;
  readonly rowMate: Int32Array;
  readonly columnMate: Int32Array;
  readonly savedRowMate: Int32Array;
  readonly savedColumnMate: Int32Array;
  readonly seen: Int32Array;
  readonly stack: Int32Array;
  readonly cursor: Int32Array;
  stamp = 0;

  /** `matrix` is rows × columns, or columns × rows when `transposed`. */
  constructor(
    readonly diagonal: Float64Array,
    nColumns: number,
    matrix: Float64Array,
    floor: number,
    transposed: boolean,
  ) {
    const n = diagonal.length;
    this.start = new Int32Array(n + 1);
    this.column = new Int32Array(n * nColumns);
    this.cost = new Float64Array(n * nColumns);
    const rowStride = transposed ? 1 : nColumns, columnStride = transposed ? n : 1;
    let edges = 0;
    for (let i = 0; i < n; i++) {
      const reach = diagonal[i];
      for (let j = 0; j < nColumns && reach > floor; j++) {
        const c = matrix[i * rowStride + j * columnStride];
        if (c >= reach) continue;
        this.column[edges] = j;
        this.cost[edges++] = c;
      }
      this.start[i + 1] = edges;
    }
    this.rowMate = new Int32Array(n).fill(-1);
    this.columnMate = new Int32Array(nColumns).fill(-1);
    this.savedRowMate = new Int32Array(n);
    this.savedColumnMate = new Int32Array(nColumns);
    this.seen = new Int32Array(nColumns);
    this.stack = new Int32Array(n);
    this.cursor = new Int32Array(n);
  }

  /** The sorted radii above `floor` at which the test can change, largest ≥ every diagonal distance. */
  candidatesAbove(floor: number): Float64Array {
    const { diagonal, cost } = this;
    const edges = this.start[diagonal.length];
    const values = new Float64Array(diagonal.length + edges);
    let count = 0;
    for (const d of diagonal) if (d > floor) values[count++] = d;
    for (let e = 0; e < edges; e++) if (cost[e] > floor) values[count++] = cost[e];
    return values.subarray(0, count).sort();
  }

  /**
   * Whether every row forced at radius r can be matched; extends the current
   * matching (made at a smaller radius) after freeing the rows no longer forced.
   */
  feasible(r: number): boolean {
    const { diagonal, rowMate, columnMate } = this;
    for (let i = 0; i < diagonal.length; i++) {
      if (rowMate[i] >= 0 && diagonal[i] <= r) {
        columnMate[rowMate[i]] = -1;
        rowMate[i] = -1;
      }
    }
    for (let i = 0; i < diagonal.length; i++) {
      if (rowMate[i] < 0 && diagonal[i] > r) this.matchCheapestFree(i, r);
    }
    for (let i = 0; i < diagonal.length; i++) {
      if (rowMate[i] < 0 && diagonal[i] > r && !this.augment(i, r)) return false;
    }
    return true;
  }

  /** Greedy start: match row i to its nearest free column within r, if any. */
  matchCheapestFree(i: number, r: number): void {
    const { start, column, cost, columnMate } = this;
    let best = -1, bestCost = r;
    for (let e = start[i]; e < start[i + 1]; e++) {
      if (cost[e] <= bestCost && columnMate[column[e]] < 0) {
        best = column[e];
        bestCost = cost[e];
      }
    }
    if (best < 0) return;
    this.rowMate[i] = best;
    columnMate[best] = i;
  }

  save(): void {
    this.savedRowMate.set(this.rowMate);
    this.savedColumnMate.set(this.columnMate);
  }

  restore(): void {
    this.rowMate.set(this.savedRowMate);
    this.columnMate.set(this.savedColumnMate);
  }

  /** Depth-first search for an augmenting path from the free row `root` over edges ≤ r. */
  augment(root: number, r: number): boolean {
    const { start, column, cost, rowMate, columnMate, seen, stack, cursor } = this;
    const stamp = ++this.stamp;
    let top = 0;
    stack[top++] = root;
    cursor[root] = start[root];
    while (top > 0) {
      const u = stack[top - 1];
      let e = cursor[u];
      while (e < start[u + 1] && (cost[e] > r || seen[column[e]] === stamp)) e++;
      cursor[u] = e;
      if (e === start[u + 1]) {
        top--; // dead end
        if (top > 0) cursor[stack[top - 1]]++;
        continue;
      }
      const j = column[e], w = columnMate[j];
      seen[j] = stamp;
      if (w < 0) {
        // Flip the path: each stack row takes the column its cursor points to.
        for (let k = top - 1; k >= 0; k--) {
          const x = stack[k], y = column[cursor[x]];
          rowMate[x] = y;
          columnMate[y] = x;
        }
        return true;
      }
      cursor[w] = start[w];
      stack[top++] = w;
    }
    return false;
  }
}

/**
 * An optimal matching at radius r, from a perfect matching (Hopcroft–Karp) of
 * the augmented graph. Left vertices: points of a, then diagonal copies of
 * b's points. Right: points of b, then diagonal copies of a's points. Pairs
 * are local indices, −1 for the diagonal.
 */
function augmentedMatching(
  a: Points,
  b: Points,
  cost: Float64Array,
  r: number,
): Array<[number, number]> {
  const nA = a.n, nB = b.n;
  const offsets = new Int32Array(nA + nB + 1);
  const targets = new Int32Array(nA * nB * 2 + nA + nB);
  let edges = 0;
  for (let i = 0; i < nA; i++) {
    for (let j = 0; j < nB; j++) if (cost[i * nB + j] <= r) targets[edges++] = j;
    if (a.diagonal[i] <= r) targets[edges++] = nB + i;
    offsets[i + 1] = edges;
  }
  for (let j = 0; j < nB; j++) {
    if (b.diagonal[j] <= r) targets[edges++] = j;
    for (let i = 0; i < nA; i++) targets[edges++] = nB + i;
    offsets[nA + j + 1] = edges;
  }
  const { size, leftMate } = hopcroftKarp(nA + nB, nA + nB, offsets, targets.subarray(0, edges));
  if (size !== nA + nB) throw new Error("bottleneckDistance: internal error, no perfect matching");
  const pairs: Array<[number, number]> = [];
  for (let u = 0; u < nA; u++) pairs.push([u, leftMate[u] < nB ? leftMate[u] : -1]);
  for (let j = 0; j < nB; j++) if (leftMate[nA + j] === j) pairs.push([-1, j]);
  return pairs;
}
