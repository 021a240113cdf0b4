/**
 * Shared machinery of the diagram distances: input checks, the split of a
 * diagram into its finite, zero-length and essential parts, the matching of
 * essential parts, and the two exact assignment algorithms (Hopcroft–Karp for
 * bottleneck feasibility, shortest augmenting paths for Wasserstein).
 *
 * Conventions follow GUDHI / hera: the ground metric between two points is the
 * L^q norm (q = `internalP`, default ∞); a point goes to the diagonal at its
 * L^q distance to the nearest diagonal point, `(death − birth) / 2 · 2^(1/q)`
 * (so `(death − birth) / 2` for q = ∞). Essential points are matched only
 * with essential points of the same kind — `[b, ∞]`, `[−∞, d]` or `[−∞, ∞]` —
 * at cost |Δ| of the finite coordinate; when two diagrams have different
 * numbers of essential points of one kind, their distance is Infinity.
 *
 * @module
 */

/**
 * A diagram as the distance and metric functions accept it: any array of
 * `[birth, death]` pairs (a {@linkcode Diagram} or a plain array).
 */
export type DiagramInput = ReadonlyArray<ReadonlyArray<number>>;

/**
 * A distance with the optimal matching that realises it. `matching` lists
 * `[i, j]`: point i of the first diagram goes to point j of the second;
 * `j = −1` (or `i = −1`) means the point goes to the diagonal. Every point of
 * both diagrams appears exactly once. When the distance is Infinity (essential
 * counts differ) the surplus essential points appear as matched to the
 * diagonal.
 */
export interface DiagramMatching {
  /** The distance. */
  distance: number;
  /** Pairs of indices into the two input diagrams, −1 for the diagonal. */
  matching: Array<[number, number]>;
}

/**
 * Check that `diagram` is an array of `[birth, death]` pairs with
 * `birth ≤ death` and no NaN; throw an error naming `what` otherwise.
 *
 * @example
 * ```ts
 * import { assertDiagram } from "./matching.ts";
 * assertDiagram([[0, 1], [0.5, Infinity]], "diagram a");
 * ```
 */
export function assertDiagram(diagram: DiagramInput, what = "diagram"): void {
  if (!Array.isArray(diagram)) {
    throw new TypeError(
      `${what}: expected an array of [birth, death] pairs, found ${typeof diagram}`,
    );
  }
  for (let i = 0; i < diagram.length; i++) {
    const pair = diagram[i];
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new TypeError(
        `${what}[${i}]: expected a [birth, death] pair, found ${JSON.stringify(pair)}`,
      );
    }
    const [birth, death] = pair;
    if (typeof birth !== "number" || typeof death !== "number" || isNaN(birth) || isNaN(death)) {
      throw new TypeError(`${what}[${i}]: expected two numbers, found [${birth}, ${death}]`);
    }
    if (!(birth <= death)) {
      throw new RangeError(`${what}[${i}]: expected birth ≤ death, found [${birth}, ${death}]`);
    }
  }
}

/** The kinds of essential point, by which coordinates are infinite. */
export type EssentialKind = "birthOnly" | "deathOnly" | "neither";

/**
 * A diagram split into parts, each a list of indices into the input:
 * `offDiagonal` (finite, birth < death), `onDiagonal` (birth = death,
 * including [±∞, ±∞]), and the essential points by kind: `birthOnly` =
 * `[b, ∞]` (finite birth), `deathOnly` = `[−∞, d]`, `neither` = `[−∞, ∞]`.
 */
export interface DiagramParts {
  /** Finite points off the diagonal. */
  offDiagonal: number[];
  /** Points on the diagonal (zero length): free to match to the diagonal. */
  onDiagonal: number[];
  /** Essential points by kind. */
  essential: Record<EssentialKind, number[]>;
}

/**
 * Split a diagram into its off-diagonal, on-diagonal and essential parts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { splitDiagram } from "./matching.ts";
 * const parts = splitDiagram([[0, 1], [2, 2], [0, Infinity]]);
 * assert.equal(parts.offDiagonal[0], 0);
 * assert.equal(parts.onDiagonal[0], 1);
 * assert.equal(parts.essential.birthOnly[0], 2);
 * ```
 */
export function splitDiagram(diagram: DiagramInput): DiagramParts {
  const parts: DiagramParts = {
    offDiagonal: [],
    onDiagonal: [],
    essential: { birthOnly: [], deathOnly: [], neither: [] },
  };
  diagram.forEach(([birth, death], i) => {
    if (birth === death) parts.onDiagonal.push(i);
    else if (Number.isFinite(birth) && Number.isFinite(death)) parts.offDiagonal.push(i);
    else if (Number.isFinite(birth)) parts.essential.birthOnly.push(i);
    else if (Number.isFinite(death)) parts.essential.deathOnly.push(i);
    else parts.essential.neither.push(i);
  });
  return parts;
}

/**
 * The L^q distance between points (b1, d1) and (b2, d2), q = `internalP`
 * (∞ gives the max norm).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { groundDistance } from "./matching.ts";
 * assert.equal(groundDistance(0, 1, 1, 3, Infinity), 2);
 * assert.equal(groundDistance(0, 0, 3, 4, 2), 5);
 * ```
 */
export function groundDistance(
  b1: number,
  d1: number,
  b2: number,
  d2: number,
  internalP: number,
): number {
  const x = Math.abs(b1 - b2), y = Math.abs(d1 - d2);
  if (internalP === Infinity) return Math.max(x, y);
  if (internalP === 1) return x + y;
  if (internalP === 2) return Math.hypot(x, y);
  return (x ** internalP + y ** internalP) ** (1 / internalP);
}

/**
 * The L^q distance from (birth, death) to the diagonal:
 * `(death − birth) / 2 · 2^(1/q)`, which is `(death − birth) / 2` for q = ∞.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { diagonalDistance } from "./matching.ts";
 * assert.equal(diagonalDistance(0, 1, Infinity), 0.5);
 * ```
 */
export function diagonalDistance(birth: number, death: number, internalP: number): number {
  const half = (death - birth) / 2;
  return internalP === Infinity ? half : half * 2 ** (1 / internalP);
}

/**
 * Match the essential parts of two diagrams kind by kind: within a kind the
 * points are sorted by their finite coordinate and paired in order (optimal
 * on the line for every p ≥ 1 and for the max). Returns the pairs, the costs
 * |Δ| of the pairs, and `finite = false` when some kind has different counts
 * (the surplus points are then listed as going to the diagonal).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { matchEssential, splitDiagram } from "./matching.ts";
 * const a = [[0, Infinity], [3, Infinity]], b = [[5, Infinity], [1, Infinity]];
 * const m = matchEssential(a, splitDiagram(a), b, splitDiagram(b));
 * assert.ok(m.finite);
 * assert.equal(m.costs.join(), "1,2");
 * ```
 */
export function matchEssential(
  a: DiagramInput,
  partsA: DiagramParts,
  b: DiagramInput,
  partsB: DiagramParts,
): { pairs: Array<[number, number]>; costs: number[]; finite: boolean } {
  const pairs: Array<[number, number]> = [];
  const costs: number[] = [];
  let finite = true;
  const kinds: EssentialKind[] = ["birthOnly", "deathOnly", "neither"];
  for (const kind of kinds) {
    const coordinate = kind === "deathOnly" ? 1 : 0;
    const key = (d: DiagramInput) => (i: number) => kind === "neither" ? 0 : d[i][coordinate];
    const keyA = key(a), keyB = key(b);
    const ia = [...partsA.essential[kind]].sort((x, y) => keyA(x) - keyA(y));
    const ib = [...partsB.essential[kind]].sort((x, y) => keyB(x) - keyB(y));
    const common = Math.min(ia.length, ib.length);
    for (let k = 0; k < common; k++) {
      pairs.push([ia[k], ib[k]]);
      costs.push(kind === "neither" ? 0 : Math.abs(keyA(ia[k]) - keyB(ib[k])));
    }
    if (ia.length !== ib.length) finite = false;
    for (let k = common; k < ia.length; k++) pairs.push([ia[k], -1]);
    for (let k = common; k < ib.length; k++) pairs.push([-1, ib[k]]);
  }
  return { pairs, costs, finite };
}

/**
 * Maximum bipartite matching by Hopcroft–Karp. The graph has `nLeft` left and
 * `nRight` right vertices; the neighbours of left vertex u are
 * `targets[offsets[u] .. offsets[u + 1])`. Returns `{ size, leftMate }` with
 * `leftMate[u]` the right vertex matched to u, or −1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hopcroftKarp } from "./matching.ts";
 * // left 0 — right 0, 1; left 1 — right 0
 * const m = hopcroftKarp(2, 2, new Int32Array([0, 2, 3]), new Int32Array([0, 1, 0]));
 * assert.equal(m.size, 2);
 * assert.equal(m.leftMate[1], 0);
 * ```
 */
export function hopcroftKarp(
  nLeft: number,
  nRight: number,
  offsets: Int32Array,
  targets: Int32Array,
): { size: number; leftMate: Int32Array } {
  const leftMate = new Int32Array(nLeft).fill(-1);
  const rightMate = new Int32Array(nRight).fill(-1);
  const layer = new Int32Array(nLeft);
  const queue = new Int32Array(nLeft);
  const cursor = new Int32Array(nLeft);
  const stack = new Int32Array(nLeft);
  const UNSEEN = -1;
  let size = 0;
  // Breadth-first layering from the free left vertices; true if an augmenting path exists.
  const layerGraph = (): boolean => {
    let head = 0, tail = 0;
    for (let u = 0; u < nLeft; u++) {
      if (leftMate[u] === -1) {
        layer[u] = 0;
        queue[tail++] = u;
      } else layer[u] = UNSEEN;
    }
    let found = false;
    while (head < tail) {
      const u = queue[head++];
      for (let e = offsets[u]; e < offsets[u + 1]; e++) {
        const w = rightMate[targets[e]];
        if (w === -1) found = true;
        else if (layer[w] === UNSEEN) {
          layer[w] = layer[u] + 1;
          queue[tail++] = w;
        }
      }
    }
    return found;
  };
  // Iterative depth-first search for one augmenting path along the layers from root.
  const augment = (root: number): boolean => {
    let top = 0;
    stack[top++] = root;
    while (top > 0) {
      const u = stack[top - 1];
      if (cursor[u] === offsets[u + 1]) {
        layer[u] = UNSEEN; // dead end: never enter again in this phase
        top--;
        if (top > 0) cursor[stack[top - 1]]++;
        continue;
      }
      const w = rightMate[targets[cursor[u]]];
      if (w === -1) {
        // Flip the path: each stack vertex takes the right vertex its cursor points to.
        for (let k = top - 1; k >= 0; k--) {
          const x = stack[k];
          const y = targets[cursor[x]];
          leftMate[x] = y;
          rightMate[y] = x;
        }
        return true;
      }
      if (layer[w] === layer[u] + 1) stack[top++] = w;
      else cursor[u]++;
    }
    return false;
  };
  while (layerGraph()) {
    for (let u = 0; u < nLeft; u++) cursor[u] = offsets[u];
    for (let u = 0; u < nLeft; u++) {
      if (leftMate[u] === -1 && augment(u)) size++;
    }
  }
  return { size, leftMate };
}

/**
 * Minimum-cost perfect assignment on an n×n cost matrix (row-major): shortest
 * augmenting paths with column potentials, after Jonker & Volgenant (1987),
 * O(n³). Each path search settles every column at the current least
 * distance at once, so the many equal costs of augmented persistence
 * diagrams (every diagonal copy costs the same) cost one pass, not one pass
 * each. Costs must be finite. Returns `rowToColumn`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assignment } from "./matching.ts";
 * const rowToColumn = assignment(new Float64Array([4, 1, 2, 3]), 2);
 * assert.equal(rowToColumn[0], 1);
 * assert.equal(rowToColumn[1], 0);
 * ```
 */
export function assignment(cost: Float64Array, n: number): Int32Array {
  const rowToColumn = new Int32Array(n).fill(-1);
  const columnToRow = new Int32Array(n).fill(-1);
  const v = new Float64Array(n);
  const search = new PathSearch(n);
  for (let row = 0; row < n; row++) {
    let column = search.shortestPath(cost, row, v, columnToRow);
    // Flip the path: each column on it goes to the row that reached it.
    for (;;) {
      const i = search.previous[column];
      columnToRow[column] = i;
      const next = rowToColumn[i];
      rowToColumn[i] = column;
      if (i === row) break;
      column = next;
    }
  }
  return rowToColumn;
}

/** Dijkstra over columns for one free row, with the buffers reused across rows. */
class PathSearch {
  readonly distance: Float64Array;
  readonly previous: Int32Array;
  /** Columns: [0, ready) settled earlier, [ready, scanned) settled now, [scanned, frontier) at the least distance, the rest unreached. */
  readonly order: Int32Array;

  constructor(readonly n: number) {
    this.distance = new Float64Array(n);
    this.previous = new Int32Array(n);
    this.order = new Int32Array(n);
  }

  /** The free column the cheapest path from `row` ends at; updates the potentials `v`. */
  shortestPath(cost: Float64Array, row: number, v: Float64Array, columnToRow: Int32Array): number {
    const { n, distance, previous, order } = this;
    for (let j = 0; j < n; j++) {
      distance[j] = cost[row * n + j] - v[j];
      previous[j] = row;
      order[j] = j;
    }
    let scanned = 0, frontier = 0, ready = 0, least = 0, free = -1;
    while (free < 0) {
      if (scanned === frontier) {
        // Gather every unreached column at the least distance.
        ready = scanned;
        least = Infinity;
        for (let k = frontier; k < n; k++) {
          const j = order[k], dj = distance[j];
          if (dj <= least) {
            if (dj < least) {
              frontier = scanned;
              least = dj;
            }
            order[k] = order[frontier];
            order[frontier++] = j;
          }
        }
        for (let k = scanned; k < frontier && free < 0; k++) {
          if (columnToRow[order[k]] < 0) free = order[k];
        }
        if (free >= 0) break;
      }
      // Settle one column and relax the unreached ones through its row.
      const j1 = order[scanned++], i = columnToRow[j1];
      const base = i * n, h = cost[base + j1] - v[j1] - least;
      for (let k = frontier; k < n; k++) {
        const j = order[k], reduced = cost[base + j] - v[j] - h;
        if (reduced < distance[j]) {
          distance[j] = reduced;
          previous[j] = i;
          if (reduced <= least) {
            if (columnToRow[j] < 0) {
              free = j;
              break;
            }
            order[k] = order[frontier];
            order[frontier++] = j;
          }
        }
      }
    }
    for (let k = 0; k < ready; k++) {
      const j = order[k];
      v[j] += distance[j] - least;
    }
    return free;
  }
}
