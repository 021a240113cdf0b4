/**
 * Representative cycles of H1 intervals, from the pairing that persistent
 * cohomology found (see `ripsCohomologyPairing`).
 *
 * Cohomology pairs an edge e with a triangle t exactly as the homology
 * reduction of the same filtration would. The homology representative of
 * the interval [diam e, diam t) is the reduced boundary column R_t: ∂t plus
 * the reduced columns of earlier triangles, added while its lowest (latest)
 * edge is some f ≠ e — and f is then paired with an earlier triangle t_f
 * whose column R_t_f has low f. Only the columns this recursion reaches are
 * reduced ("recording the reduction of the needed columns"), each once; the
 * pairing tells which column to add, so no search is needed. The result is a
 * mod-2 cycle whose latest edge is e (so its longest edge has the bar's
 * birth) and which is a boundary once t enters but of nothing earlier.
 *
 * An essential interval (no death within the threshold) gets e plus the path
 * between e's ends in the spanning forest of the edges before e: a cycle
 * whose latest edge is e, which is no boundary at all for the same reason.
 *
 * @module
 */

import type { Cycle } from "./diagram.ts";
import { binomialTable } from "./binomial.ts";
import { UnionFind } from "./union_find.ts";

/** What {@linkcode representativeCycles} needs of a run. */
export interface CycleInput {
  /** Packed lower-triangular distances: edge {i > j} has index i(i−1)/2 + j. */
  lower: Float32Array;
  /** Number of vertices. */
  n: number;
  /** Per H1 interval: the edge that gives birth to it. */
  birthEdges: number[];
  /** Per H1 interval: the triangle that ends it, or −1 when it is essential. */
  deathTriangles: number[];
  /** The triangle paired with a positive edge, or −1. */
  partner(edge: number): number;
}

/**
 * One representative cycle per H1 interval, aligned with `birthEdges`; each
 * is a list of edges [u, v] in walk order (consecutive edges share a vertex).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ripsCohomologyPairing } from "./rips_cohomology.ts";
 * import { representativeCycles } from "./representative_cycles.ts";
 * // four corners of the unit square: the cycle is its four sides
 * const s = Math.fround(Math.SQRT2);
 * const lower = new Float32Array([1, s, 1, 1, s, 1]);
 * const pairing = ripsCohomologyPairing(lower, 4, 1, 2, "dense");
 * const [cycle] = representativeCycles({ lower, n: 4, ...pairing });
 * assert.equal(cycle.length, 4);
 * ```
 */
export function representativeCycles(input: CycleInput): Cycle[] {
  const { lower, birthEdges, deathTriangles } = input;
  const later = (a: number, b: number) => lower[a] > lower[b] || (lower[a] === lower[b] && a < b);
  const reducer = new ColumnReducer(input, later);
  const essential: number[] = [];
  const chains: number[][] = birthEdges.map((e, k) => {
    const t = deathTriangles[k];
    if (t >= 0) return reducer.column(t, e);
    essential.push(k);
    return [];
  });
  if (essential.length > 0) {
    const paths = forestCycles(input, essential.map((k) => birthEdges[k]), later);
    essential.forEach((k, a) => chains[k] = paths[a]);
  }
  return chains.map(walkOrder);
}

/** Reduced boundary columns R_t, each computed once. */
class ColumnReducer {
  readonly memo = new Map<number, number[]>();
  readonly binom: Float64Array;
  constructor(
    readonly input: CycleInput,
    readonly later: (a: number, b: number) => boolean,
  ) {
    this.binom = binomialTable(input.n, 3);
  }

  /** R_t for the triangle t paired with edge e: a chain of edges, latest first. */
  column(t0: number, e0: number): number[] {
    const done = this.memo.get(t0);
    if (done) return done;
    const stack = [{ t: t0, e: e0, col: this.boundary(t0) }];
    const open = new Set([t0]);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      let col = frame.col;
      let pushed = false;
      while (col.length > 0 && col[0] !== frame.e) {
        const f = col[0], tf = this.input.partner(f);
        if (tf < 0 || open.has(tf)) {
          throw new Error(
            `representativeCycles: reducing the column of triangle ${frame.t}: its latest ` +
              `edge ${f} is ${
                tf < 0 ? "paired with no triangle" : "paired with a column in progress"
              }`,
          );
        }
        const r = this.memo.get(tf);
        if (!r) {
          frame.col = col;
          stack.push({ t: tf, e: f, col: this.boundary(tf) });
          open.add(tf);
          pushed = true;
          break;
        }
        col = symmetricDifference(col, r, this.later);
      }
      if (pushed) continue;
      if (col.length === 0) {
        throw new Error(
          `representativeCycles: the column of triangle ${frame.t} reduced to zero; ` +
            `expected its latest edge to be ${frame.e}`,
        );
      }
      this.memo.set(frame.t, col);
      open.delete(frame.t);
      stack.pop();
    }
    return this.memo.get(t0)!;
  }

  /** The three edges of triangle t, latest first. */
  boundary(t: number): number[] {
    const [i, j, k] = triangleVertices(t, this.binom, this.input.n);
    const edges = [edgeIndex(i, j), edgeIndex(i, k), edgeIndex(j, k)];
    return edges.sort((a, b) => this.later(a, b) ? -1 : this.later(b, a) ? 1 : 0);
  }
}

/** Merge two chains sorted latest first, dropping edges in both. */
function symmetricDifference(
  a: number[],
  b: number[],
  later: (x: number, y: number) => boolean,
): number[] {
  const out: number[] = [];
  let i = 0, j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
    } else if (later(a[i], b[j])) out.push(a[i++]);
    else out.push(b[j++]);
  }
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

/** Index of the edge {i, j}. */
function edgeIndex(i: number, j: number): number {
  return i > j ? (i * (i - 1)) / 2 + j : (j * (j - 1)) / 2 + i;
}

/**
 * The two vertices [i, j], i > j, of the edge with the given index.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { edgeVertices } from "./representative_cycles.ts";
 * assert.deepEqual(edgeVertices(4), [3, 1]); // C(3, 2) + 1
 * ```
 */
export function edgeVertices(idx: number): [number, number] {
  let i = Math.floor((1 + Math.sqrt(1 + 8 * idx)) / 2);
  while ((i * (i - 1)) / 2 > idx) i--;
  while (((i + 1) * i) / 2 <= idx) i++;
  return [i, idx - (i * (i - 1)) / 2];
}

/** Vertices i > j > k of the triangle with index C(i,3) + C(j,2) + k. */
function triangleVertices(t: number, binom: Float64Array, n: number): [number, number, number] {
  const stride = n + 1;
  let lo = 2, hi = n; // C(lo, 3) ≤ t < C(hi, 3)
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (binom[3 * stride + mid] <= t) lo = mid;
    else hi = mid;
  }
  const rest = t - binom[3 * stride + lo];
  const [j, k] = edgeVertices(rest);
  return [lo, j, k];
}

/** For each essential birth edge: the edge plus its ends' path in the forest of earlier edges. */
function forestCycles(
  input: CycleInput,
  births: number[],
  later: (a: number, b: number) => boolean,
): number[][] {
  const { lower, n } = input;
  const order = births.map((_, a) => a).sort((a, b) => later(births[a], births[b]) ? 1 : -1);
  const threshold = Math.max(...births.map((e) => lower[e]));
  const edges: number[] = [];
  for (let e = 0; e < lower.length; e++) if (lower[e] <= threshold) edges.push(e);
  edges.sort((a, b) => later(a, b) ? 1 : later(b, a) ? -1 : 0);
  const sets = new UnionFind(n);
  const adjacency: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
  const out: number[][] = new Array(births.length);
  let next = 0;
  for (const a of order) {
    const birth = births[a];
    for (; next < edges.length && later(birth, edges[next]); next++) {
      const e = edges[next], [u, v] = edgeVertices(e);
      const ru = sets.find(u), rv = sets.find(v);
      if (ru === rv) continue;
      sets.link(ru, rv);
      adjacency[u].push([v, e]);
      adjacency[v].push([u, e]);
    }
    const [u, v] = edgeVertices(birth);
    out[a] = [birth, ...treePath(adjacency, u, v)];
  }
  return out;
}

/** Edges of the path from u to v in a forest (breadth-first). */
function treePath(adjacency: Array<Array<[number, number]>>, u: number, v: number): number[] {
  const via = new Map<number, [number, number]>([[u, [-1, -1]]]);
  const queue = [u];
  for (let q = 0; q < queue.length && !via.has(v); q++) {
    for (const [w, e] of adjacency[queue[q]]) {
      if (!via.has(w)) {
        via.set(w, [queue[q], e]);
        queue.push(w);
      }
    }
  }
  if (!via.has(v)) {
    throw new Error(`representativeCycles: no forest path between ${u} and ${v}`);
  }
  const path: number[] = [];
  for (let x = v; x !== u;) {
    const [prev, e] = via.get(x)!;
    path.push(e);
    x = prev;
  }
  return path;
}

/**
 * Order a mod-2 cycle's edges as closed walks (Hierholzer), each edge [u, v]
 * leading from u to v, so that a loop reads vertex by vertex.
 */
function walkOrder(chain: number[]): Cycle {
  const incident = new Map<number, number[]>();
  const ends = chain.map(edgeVertices);
  ends.forEach(([u, v], e) => {
    for (const x of [u, v]) {
      const list = incident.get(x);
      if (list) list.push(e);
      else incident.set(x, [e]);
    }
  });
  const used = new Uint8Array(chain.length);
  const walk: Cycle = [];
  for (let s = 0; s < chain.length; s++) {
    if (used[s]) continue;
    // Hierholzer from the smaller end of the first unused edge
    const start = Math.min(...ends[s]);
    const stack: number[] = [start], circuit: number[] = [];
    while (stack.length > 0) {
      const x = stack[stack.length - 1];
      const list = incident.get(x)!;
      while (list.length > 0 && used[list[list.length - 1]]) list.pop();
      if (list.length > 0) {
        const e = list.pop()!;
        used[e] = 1;
        const [a, b] = ends[e];
        stack.push(a === x ? b : a);
      } else circuit.push(stack.pop()!);
    }
    // the circuit comes out reversed: read it backwards
    for (let c = circuit.length - 1; c > 0; c--) walk.push([circuit[c], circuit[c - 1]]);
  }
  return walk;
}

/**
 * The vertices of a cycle in walk order (each edge's first vertex): the
 * samples in order around the loop.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cycleVertices } from "./representative_cycles.ts";
 * assert.deepEqual(cycleVertices([[0, 1], [1, 2], [2, 0]]), [0, 1, 2]);
 * ```
 */
export function cycleVertices(cycle: Cycle): number[] {
  return cycle.map(([u]) => u);
}
