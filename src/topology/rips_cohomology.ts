/**
 * Vietoris–Rips persistence by persistent cohomology with clearing, an
 * implicit coboundary matrix indexed by the combinatorial number system,
 * apparent and emergent pairs, and Z/2 coefficients (the design of Ripser,
 * Bauer 2021). Each simplex is a (float32 diameter, integer index) pair in
 * typed arrays; nothing is allocated per simplex.
 *
 * Two ways to find the cofacets of a simplex: scanning every vertex of a full
 * distance matrix (dense, for thresholds at which most edges are present), or
 * intersecting sorted neighbour lists (sparse, for small thresholds).
 *
 * Filtration order: by diameter, ties by decreasing index. Columns are
 * reduced in the reverse order; the pivot of a coboundary is its earliest
 * cofacet (smallest diameter, then largest index).
 *
 * The working column (a heap) holds only the entries of diameter up to a
 * bound that widens when the column runs empty below it, and no cofacet of
 * an added column below the pivot it cancels (they sum to zero): most
 * cofacets of the added columns lie beyond the final pivot and are never
 * pushed. The intervals are the same; only the work differs.
 *
 * @module
 */

import type { Diagram } from "./diagram.ts";
import { binomialTable, shiftedBinomialTable, TOP_SHIFT } from "./binomial.ts";
import { type PivotLookup, PivotMap } from "./pivot_map.ts";
import { bucketLayout } from "./bucket_column.ts";
import { SimplexHeap } from "./simplex_heap.ts";
import { SimplexList } from "./simplex_list.ts";
import { sortKeyed, sortSimplices } from "./simplex_sort.ts";
import { UnionFind } from "./union_find.ts";

/**
 * The diameter and the limit of a cofacet query (0, 1) and the diameter of
 * an apparent-pair query (2), passed through a typed array rather than as
 * arguments: a double argument to a call that is not inlined is boxed on the
 * heap, millions of times per run.
 */
const QUERY = new Float64Array(3);

/** The largest dense input whose nearest-vertex orders are kept (2 bytes per pair: 8 MiB). */
const NEAREST_MAX = 2048;

/** How {@linkcode ripsCohomology} enumerates cofacets. */
export type CofacetMode = "dense" | "sparse";

/**
 * Persistence diagrams H0..H<maxDim> of the Rips filtration of a packed
 * lower-triangular float32 distance matrix, up to `threshold`. Intervals of
 * zero length are dropped, as Ripser does; essential classes have death
 * Infinity. The caller checks that C(n, maxDim + 2) ≤ 2^54 so every simplex
 * index is exact (beyond 2^53, the indices of the top dimension maxDim + 1
 * are stored shifted by −2^53: see `shiftedBinomialTable`).
 *
 * The intervals come in the order Ripser 1.2.1 prints them: H0 by the edge
 * that ends each one (diameter, ties by decreasing index), then the essential
 * classes; higher dimensions by the column that gives birth (decreasing
 * diameter, ties by increasing index).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ripsCohomology } from "./rips_cohomology.ts";
 * // four corners of the unit square: one H1 class from 1 to √2
 * const s = Math.fround(Math.SQRT2);
 * const lower = new Float32Array([1, s, 1, 1, s, 1]);
 * const [h0, h1] = ripsCohomology(lower, 4, 1, 2, "dense");
 * assert.equal(h0.length, 4);
 * assert.equal(h1.length, 1);
 * ```
 */
export function ripsCohomology(
  lower: Float32Array,
  n: number,
  maxDim: number,
  threshold: number,
  mode: CofacetMode,
  engine: EngineOptions = {},
): Diagram[] {
  return new RipsCohomology(lower, n, maxDim, threshold, mode === "sparse", engine).compute();
}

/** How {@linkcode ripsCohomology} stores indices (for tests of the shifted path). */
export interface EngineOptions {
  /**
   * Store top-dimensional indices shifted by −2^53 even when C(n, maxDim + 2)
   * ≤ 2^53 (default: only when beyond); the diagrams are the same either way.
   */
  shiftTop?: boolean;
  /** Keep the distance rows or neighbour lists in SharedArrayBuffers, for worker threads. */
  shared?: boolean;
  /** The distance rows or neighbour lists of another engine on the same input (a worker's). */
  geometry?: RipsGeometry;
  /**
   * Entries past which a working or reduction column turns into buckets
   * (default 2^20; see simplex_heap.ts); the diagrams are the same either way.
   */
  bucketAfter?: number;
  /**
   * Narrow-window cofacet searches of edges done by scanning a distance row
   * before the nearest-vertex orders take over (default 4n: sorting the rows
   * pays only for a reduction with many column additions); the diagrams are
   * the same either way.
   */
  nearestAfter?: number;
}

/** The cofacet search structures of an engine: full rows (dense) or neighbour lists (sparse). */
export interface RipsGeometry {
  /** The n×n distance matrix, row-major (dense mode; empty in sparse mode). */
  full: Float32Array;
  /** Start of each vertex's neighbour list, n + 1 entries (sparse mode; empty in dense mode). */
  neighborStart: Int32Array;
  /** Neighbours within the threshold, increasing per vertex (sparse mode). */
  neighbor: Int32Array;
  /** Their distances (sparse mode). */
  neighborDistance: Float32Array;
}

/**
 * The H1 pairing of one run, recorded for representative cycles: which
 * edge gives birth to each H1 interval and which triangle ends it.
 */
export interface H1Pairing {
  /** Diagrams H0..H<maxDim>, in Ripser's order (as {@linkcode ripsCohomology}). */
  diagrams: Diagram[];
  /** Per interval of `diagrams[1]`: the index of the edge that gives birth to it. */
  birthEdges: number[];
  /** Per interval of `diagrams[1]`: the index of the triangle that ends it, or −1 (essential). */
  deathTriangles: number[];
  /**
   * The triangle paired with a positive edge (by index) in the persistence
   * pairing of the same filtration, zero-length pairs included; −1 for an
   * edge paired with none (essential, or not positive).
   */
  partner(edge: number): number;
}

/**
 * {@linkcode ripsCohomology}, recording the H1 pairing that representative
 * cycles need (see `representative_cycles.ts`). The recording is a branch on
 * a flag at each H1 pair, so a run that does not ask pays nothing else.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ripsCohomologyPairing } from "./rips_cohomology.ts";
 * // the unit square: its H1 class is born at the last side (ties go by decreasing index:
 * // edge 0 = {1, 0}) and ends with the first triangle of diameter √2
 * const s = Math.fround(Math.SQRT2);
 * const lower = new Float32Array([1, s, 1, 1, s, 1]);
 * const p = ripsCohomologyPairing(lower, 4, 1, 2, "dense");
 * assert.deepEqual(p.birthEdges, [0]);
 * assert.equal(p.partner(0), p.deathTriangles[0]);
 * ```
 */
export function ripsCohomologyPairing(
  lower: Float32Array,
  n: number,
  maxDim: number,
  threshold: number,
  mode: CofacetMode,
): H1Pairing {
  const engine = new RipsCohomology(lower, n, maxDim, threshold, mode === "sparse");
  engine.pairs = { birthEdges: [], deathTriangles: [], partners: new Map() };
  const diagrams = engine.compute();
  const { birthEdges, deathTriangles, partners } = engine.pairs;
  return {
    diagrams,
    birthEdges,
    deathTriangles,
    partner: (edge) => partners.get(edge) ?? engine.apparentPartner(edge),
  };
}

/** What a recording run keeps of the H1 pairing (see {@linkcode H1Pairing}). */
interface PairRecord {
  birthEdges: number[];
  deathTriangles: number[];
  /** Edge → triangle for the pairs found by reduction or as emergent pairs. */
  partners: Map<number, number>;
}

/** Cofacet candidates: vertices j (decreasing) and diameters of σ ∪ {j}. */
class Candidates {
  vertex: Int32Array;
  diameter: Float32Array;
  size = 0;
  constructor(n: number) {
    this.vertex = new Int32Array(n);
    this.diameter = new Float32Array(n);
  }
}

/**
 * The engine. Its steps are methods so that worker threads (rips_parallel.ts)
 * can run ranges of the embarrassingly parallel ones on the same input.
 */
export class RipsCohomology {
  readonly n: number;
  readonly lower: Float32Array;
  readonly full: Float32Array;
  readonly sparse: boolean;
  readonly neighborStart: Int32Array;
  readonly neighbor: Int32Array;
  readonly neighborDistance: Float32Array;
  readonly binom: Float64Array;
  /** Whether the top row of `binom` (and so top-dimensional indices) is shifted by −2^53. */
  readonly shifted: boolean;
  readonly stride: number;
  readonly threshold: number;
  readonly maxDim: number;
  readonly verts: Int32Array;
  readonly verts2: Int32Array;
  readonly verts3: Int32Array;
  readonly verts4: Int32Array;
  readonly verts5: Int32Array;
  readonly pointer: Int32Array;
  readonly cofacets: Candidates;
  readonly facetCofacets: Candidates;
  readonly apparentCofacets: Candidates;
  readonly nextCofacets: Candidates;
  /** Per vertex, every vertex by increasing distance (dense inputs of ≤ NEAREST_MAX points; built on first use). */
  private nearest: NearestOrder | null = null;
  /**
   * Per column of dimension 1 (dense mode, apparent pairs searched here): the
   * apex of its first cofacet of equal diameter, found by dim0Pairs, or −1.
   */
  private columnApex: Int32Array | null = null;
  /** Narrow-window edge searches still done by scanning rows. */
  private scansLeft: number;
  /**
   * The working column: the entries of the current column's coboundary sum
   * whose diameter is at most `bound` (a window that widens on demand).
   */
  readonly work = new SimplexHeap();
  readonly reduction = new SimplexHeap();
  /**
   * The working column holds every entry of diameter ≤ bound and no other;
   * at the threshold it is complete. Entries beyond the pivot are never
   * read, so the window spares pushing most cofacets of the added columns.
   */
  bound = Infinity;
  /**
   * The pivot of the working column when last found: the columns added to
   * cancel it are zero below it, so their cofacets below it are not pushed.
   */
  private floorDiameter = -Infinity;
  private floorIndex = 0;
  /** The column being reduced (its diameter and index), to widen the window. */
  private baseDiameter = 0;
  private baseIndex = 0;
  /** The window's initial width above a column's diameter, learnt from the columns reduced so far. */
  private gap = 0;
  /** The distinct reduction entries, while the window widens. */
  private readonly spill = new SimplexList(256);
  emergentIndex = -1;
  /**
   * The zero apparent pairs (σ, τ) with σ of the dimension being reduced,
   * keyed by τ with value the vertex of τ not in σ — recorded while the columns were assembled, so
   * that τ's zero apparent facet is a lookup; null where not recorded (the
   * top dimension, whose pairs would only cost memory).
   */
  apparent: PivotMap | null = null;
  readonly diagrams: Diagram[] = [];
  /** Whether pivot and apparent maps live in shared memory (parallel runs). */
  readonly sharedMaps: boolean;
  /** The H1 pairing, recorded only when representative cycles are asked for. */
  pairs: PairRecord | null = null;

  constructor(
    lower: Float32Array,
    n: number,
    maxDim: number,
    threshold: number,
    sparse: boolean,
    engine: EngineOptions = {},
  ) {
    this.n = n;
    this.lower = lower;
    this.sparse = sparse;
    this.maxDim = maxDim;
    this.threshold = threshold;
    this.sharedMaps = engine.shared === true;
    this.scansLeft = engine.nearestAfter ?? 4 * n;
    this.stride = n + 1;
    this.shifted = maxDim >= 1 &&
      (engine.shiftTop === true ||
        binomialTable(n, maxDim + 2)[(maxDim + 2) * (n + 1) + n] > TOP_SHIFT);
    this.binom = this.shifted ? shiftedBinomialTable(n, maxDim + 2) : binomialTable(n, maxDim + 2);
    // indices below C(n, maxDim + 2) (unless shifted), diameters at most the threshold
    const layout = this.shifted || maxDim < 1
      ? null
      : bucketLayout(this.binom[(maxDim + 2) * this.stride + n], threshold);
    this.work.useBuckets(layout, engine.bucketAfter);
    this.reduction.useBuckets(layout, engine.bucketAfter);
    const m = maxDim + 3;
    this.verts = new Int32Array(m);
    this.verts2 = new Int32Array(m);
    this.verts3 = new Int32Array(m);
    this.verts4 = new Int32Array(m);
    this.verts5 = new Int32Array(m);
    this.pointer = new Int32Array(m);
    this.cofacets = new Candidates(n);
    this.facetCofacets = new Candidates(n);
    this.apparentCofacets = new Candidates(n);
    this.nextCofacets = new Candidates(n);
    for (let k = 0; k <= maxDim; k++) this.diagrams.push([]);
    const geometry = engine.geometry ?? buildGeometry(lower, n, threshold, sparse, !!engine.shared);
    this.full = geometry.full;
    this.neighborStart = geometry.neighborStart;
    this.neighbor = geometry.neighbor;
    this.neighborDistance = geometry.neighborDistance;
  }

  /** The cofacet search structures (shared with worker threads in parallel runs). */
  get geometry(): RipsGeometry {
    const { full, neighborStart, neighbor, neighborDistance } = this;
    return { full, neighborStart, neighbor, neighborDistance };
  }

  compute(): Diagram[] {
    const edges = this.edges();
    let columns = this.dim0Pairs(edges);
    let simplices = edges;
    for (let dim = 1; dim <= this.maxDim; dim++) {
      const pivots = this.computePairs(dim, columns);
      if (dim < this.maxDim) {
        pivots.addFilter(); // the assembly below asks it of every (dim + 1)-simplex
        const next = new SimplexList(dim + 1 < this.maxDim ? 1024 : 16);
        columns = this.assembleColumns(dim, simplices, pivots, next);
        simplices = next;
      }
    }
    return this.diagrams;
  }

  /** Record the H1 pair (edge, triangle), as an interval too unless it has zero length. */
  recordPair(edge: number, triangle: number, interval = true): void {
    const pairs = this.pairs!;
    if (triangle >= 0) pairs.partners.set(edge, triangle);
    if (!interval) return;
    pairs.birthEdges.push(edge);
    pairs.deathTriangles.push(triangle);
  }

  /** The triangle in a zero apparent pair with the edge, or −1. */
  apparentPartner(edge: number): number {
    const w = this.verts;
    this.decode(edge, 1, w);
    QUERY[2] = this.lower[edge];
    const j = this.zeroApparentCofacetVertex(w, 1);
    return j < 0 ? -1 : this.cofacetIndex(edge, 1, w, j);
  }

  /** Largest v ≤ top with C(v, k) ≤ idx. */
  maxVertex(idx: number, k: number, top: number): number {
    const binom = this.binom, row = k * this.stride;
    if (binom[row + top] <= idx) return top;
    if (k === 3 && !this.shifted) {
      // C(v, 3) ≈ (v − 1)³ / 6: start next to the answer and step
      let v = Math.floor(Math.cbrt(6 * idx)) + 1;
      if (v > top) v = top;
      while (v >= k && binom[row + v] > idx) v--;
      while (v + 1 <= top && binom[row + v + 1] <= idx) v++;
      return v;
    }
    let lo = k - 1, hi = top;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (binom[row + mid] <= idx) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /** Vertices of the dim-simplex idx into out[0..dim], decreasing. */
  decode(idx: number, dim: number, out: Int32Array): void {
    if (dim === 1) {
      let i = Math.floor((1 + Math.sqrt(1 + 8 * idx)) / 2);
      while ((i * (i - 1)) / 2 > idx) i--;
      while (((i + 1) * i) / 2 <= idx) i++;
      out[0] = i;
      out[1] = idx - (i * (i - 1)) / 2;
      return;
    }
    let v = this.n - 1;
    for (let k = dim + 1, t = 0; k >= 1; k--, t++) {
      v = this.maxVertex(idx, k, v);
      out[t] = v;
      idx -= this.binom[k * this.stride + v];
      v--;
    }
  }

  /**
   * Whether some pair of w[0..count), position skip left out, is at distance
   * exactly d (for a face of a simplex of diameter d: whether the face has
   * diameter d). Booleans, not distances, come back, so nothing is boxed.
   */
  hasPairAt(w: Int32Array, count: number, skip: number): boolean {
    const d = QUERY[2];
    // distances are read inline: a double returned from a call would be boxed
    const n = this.n, full = this.full, lower = this.lower, dense = !this.sparse;
    for (let a = 0; a < count; a++) {
      if (a === skip) continue;
      const u = w[a], row = u * n, base = (u * (u - 1)) / 2;
      for (let b = a + 1; b < count; b++) {
        if (b === skip) continue;
        const v = w[b]; // u > v
        if ((dense ? full[row + v] : lower[base + v]) === d) return true;
      }
    }
    return false;
  }

  /** Whether some w[a], a ≠ skip, is at distance exactly d from vertex j. */
  hasPairWith(w: Int32Array, count: number, skip: number, j: number): boolean {
    const d = QUERY[2];
    const n = this.n, full = this.full, lower = this.lower, dense = !this.sparse;
    for (let a = 0; a < count; a++) {
      if (a === skip) continue;
      const u = w[a];
      const x = dense
        ? full[u * n + j]
        : u > j
        ? lower[(u * (u - 1)) / 2 + j]
        : lower[(j * (j - 1)) / 2 + u];
      if (x === d) return true;
    }
    return false;
  }

  /** Index of the facet of the dim-simplex w[0..dim] (decreasing) without position skip. */
  faceIndex(w: Int32Array, dim: number, skip: number): number {
    let index = 0;
    for (let a = 0, r = dim; a <= dim; a++) {
      if (a === skip) continue;
      index += this.binom[r * this.stride + w[a]];
      r--;
    }
    return index;
  }

  /**
   * The cofacets σ ∪ {j} with j > minVertex and diameter ≤ limit of the
   * simplex σ = w[0..count) (decreasing vertices) of diameter d, into `out`
   * by decreasing j; only the first one when `first` is set. d and limit
   * are read from QUERY[0] and QUERY[1].
   */
  collect(
    w: Int32Array,
    count: number,
    minVertex: number,
    out: Candidates,
    first: boolean,
  ): void {
    if (!this.sparse) {
      const n = this.n, full = this.full;
      out.size = count === 2
        ? collectDense2(full, n, w[0], w[1], minVertex, out, first)
        : count === 3
        ? collectDense3(full, n, w[0], w[1], w[2], minVertex, out, first)
        : collectDenseAny(full, n, w, count, minVertex, out, first);
      return;
    }
    const start = this.neighborStart, neighbor = this.neighbor;
    const distance = this.neighborDistance;
    out.size = count <= 3
      ? collectSparse23(
        start,
        neighbor,
        distance,
        w[0],
        w[1],
        count === 3 ? w[2] : -1,
        minVertex,
        out,
        first,
      )
      : collectSparseAny(
        start,
        neighbor,
        distance,
        this.pointer,
        w,
        count,
        minVertex,
        out,
        first,
      );
  }

  /** Edges within the threshold, sorted by diameter, ties by decreasing index. */
  edges(): SimplexList {
    const n = this.n, lower = this.lower, threshold = this.threshold;
    if (this.sparse) return this.edgesFromNeighbors();
    if (lower.length <= 2 ** 32) return this.denseEdges();
    const list = new SimplexList(1024, this.sharedMaps);
    for (let i = n - 1; i >= 1; i--) {
      const base = (i * (i - 1)) / 2;
      for (let j = i - 1; j >= 0; j--) {
        const d = lower[base + j];
        if (d <= threshold) list.push(d, base + j);
      }
    }
    sortSimplices(list.diameter, list.index, list.size, false, false);
    return list;
  }

  /**
   * {@linkcode RipsCohomology.edges} of a dense input with indices below
   * 2^32: the diameters' bits sorted with the indices as 32-bit payloads, in
   * arrays sized by a first count (the same order: stable from decreasing index).
   */
  denseEdges(): SimplexList {
    const n = this.n, lower = this.lower, threshold = this.threshold;
    let count = 0;
    for (let k = 0; k < lower.length; k++) if (lower[k] <= threshold) count++;
    const bits = new Uint32Array(lower.buffer, lower.byteOffset, lower.length);
    const keys = new Uint32Array(count), payload = new Uint32Array(count);
    for (let i = n - 1, c = 0; i >= 1; i--) {
      const base = (i * (i - 1)) / 2;
      for (let j = i - 1; j >= 0; j--) {
        if (lower[base + j] <= threshold) {
          keys[c] = bits[base + j];
          payload[c++] = base + j;
        }
      }
    }
    const [sortedKeys, sortedIndex] = sortKeyed(keys, payload, count);
    const list = new SimplexList(count, this.sharedMaps);
    new Uint32Array(list.diameter.buffer, list.diameter.byteOffset, count).set(sortedKeys);
    const index = list.index;
    for (let e = 0; e < count; e++) index[e] = sortedIndex[e];
    list.size = count;
    return list;
  }

  /**
   * Estimates by sampling, for k = 2..maxDim, the number of k-simplices within
   * the threshold and the fraction of them that are columns (in no zero
   * apparent pair), for the memory estimate. A vertex v is drawn with
   * probability ∝ C(deg v, k) and k of its neighbours uniformly: they span a
   * simplex with probability q, so there are about q · Σ C(deg v, k) / (k + 1)
   * k-simplices. Entry k of each array (0 and 1 unused); simplices goes up to
   * maxDim + 1 (the cofacets of the top dimension). Deterministic.
   */
  sampleSimplices(samples: number): { simplices: number[]; columnFraction: number[] } {
    const n = this.n, degree = this.degrees(), random = xorshift(0x9e3779b9);
    const simplices = [n, 0], columnFraction = [0, 1];
    const w = this.verts, chosen = this.verts2;
    for (let k = 2; k <= this.maxDim + 1; k++) {
      const weight = new Float64Array(n + 1);
      for (let v = 0; v < n; v++) weight[v + 1] = weight[v] + choose(degree[v], k);
      const total = weight[n];
      let found = 0, columns = 0;
      for (let s = 0; s < samples && total > 0; s++) {
        let lo = 0, hi = n; // the v with weight[v] ≤ u < weight[v + 1]
        const u = random() * total;
        while (hi - lo > 1) {
          const mid = (lo + hi) >>> 1;
          if (weight[mid] <= u) lo = mid;
          else hi = mid;
        }
        chosen[0] = lo;
        for (let a = 1; a <= k; a++) chosen[a] = this.randomNeighbor(lo, chosen, a, random);
        let diameter = 0, clique = true;
        for (let a = 0; a <= k && clique; a++) {
          for (let b = a + 1; b <= k; b++) {
            const d = this.distance(chosen[a], chosen[b]);
            if (d > this.threshold) clique = false;
            if (d > diameter) diameter = d;
          }
        }
        if (!clique) continue;
        found++;
        if (k > this.maxDim) continue;
        w.set(chosen.subarray(0, k + 1));
        w.subarray(0, k + 1).sort().reverse();
        QUERY[2] = diameter;
        if (this.zeroApparentFacet(w, k) < 0 && this.zeroApparentCofacetVertex(w, k) < 0) columns++;
      }
      simplices.push(samples > 0 ? (total * found) / samples / (k + 1) : 0);
      if (k <= this.maxDim) columnFraction.push(found > 0 ? columns / found : 1);
    }
    return { simplices, columnFraction };
  }

  /** Distance between vertices a ≠ b. */
  distance(a: number, b: number): number {
    if (!this.sparse) return this.full[a * this.n + b];
    return a > b ? this.lower[(a * (a - 1)) / 2 + b] : this.lower[(b * (b - 1)) / 2 + a];
  }

  /** Number of vertices within the threshold of each vertex. */
  degrees(): Int32Array {
    const n = this.n, degree = new Int32Array(n);
    if (this.sparse) {
      for (let v = 0; v < n; v++) degree[v] = this.neighborStart[v + 1] - this.neighborStart[v];
      return degree;
    }
    const full = this.full, threshold = this.threshold;
    for (let v = 0; v < n; v++) {
      let count = 0;
      for (let u = v * n, end = u + n; u < end; u++) if (full[u] <= threshold) count++;
      degree[v] = count - 1; // the diagonal
    }
    return degree;
  }

  /** A random neighbour of v not among chosen[0..count) (uniform; by rejection when dense). */
  randomNeighbor(v: number, chosen: Int32Array, count: number, random: () => number): number {
    for (let tries = 0;; tries++) {
      let u: number;
      if (this.sparse) {
        const start = this.neighborStart[v], size = this.neighborStart[v + 1] - start;
        u = this.neighbor[start + Math.floor(random() * size)];
      } else {
        u = Math.floor(random() * this.n);
        if (u === v || this.full[v * this.n + u] > this.threshold) continue;
      }
      let fresh = true;
      for (let a = 0; a < count; a++) if (chosen[a] === u) fresh = false;
      if (fresh || tries > 1000) return u;
    }
  }

  /** {@linkcode RipsCohomology.edges} from the neighbour lists: the same order, no pass over all pairs. */
  edgesFromNeighbors(): SimplexList {
    const start = this.neighborStart, neighbor = this.neighbor, distance = this.neighborDistance;
    const list = new SimplexList(start[this.n] / 2, this.sharedMaps);
    for (let i = this.n - 1; i >= 1; i--) {
      const base = (i * (i - 1)) / 2, first = start[i];
      let q = start[i + 1] - 1;
      while (q >= first && neighbor[q] > i) q--;
      for (; q >= first; q--) list.push(distance[q], base + neighbor[q]);
    }
    sortSimplices(list.diameter, list.index, list.size, false, false);
    return list;
  }

  /**
   * For edges start..end−1 of the list: the vertex of each one's zero apparent
   * cofacet, or −1 (the search dim0Pairs makes, done ahead by worker threads).
   */
  edgeApparentVertices(edges: SimplexList, start: number, end: number, out: Int32Array): void {
    const w = this.verts;
    for (let e = start; e < end; e++) {
      this.decode(edges.index[e], 1, w);
      QUERY[2] = edges.diameter[e];
      out[e - start] = this.zeroApparentCofacetVertex(w, 1);
    }
  }

  /**
   * H0 by union–find; returns the columns of dimension 1 to reduce. The zero
   * apparent cofacets of the edges are searched here, or read from
   * `apparentVertex` (one per edge, from {@linkcode RipsCohomology.edgeApparentVertices}).
   */
  dim0Pairs(edges: SimplexList, apparentVertex: Int32Array | null = null): SimplexList {
    const n = this.n, sets = new UnionFind(n), h0 = this.diagrams[0];
    const columns = new SimplexList(this.maxDim > 0 ? 1024 : 16, this.sharedMaps);
    const diameter = edges.diameter, index = edges.index, count = edges.size;
    const w = this.verts;
    const apparent = this.maxDim >= 2 ? new PivotMap(count, this.sharedMaps) : null;
    let apices: Int32Array | null = !apparentVertex && !this.sparse && this.maxDim > 0
      ? new Int32Array(1024)
      : null;
    for (let e = 0; e < count; e++) {
      const idx = index[e], d = diameter[e];
      this.decode(idx, 1, w);
      const u = sets.find(w[0]), v = sets.find(w[1]);
      if (u !== v) {
        if (d !== 0) h0.push([0, d]);
        sets.link(u, v);
      } else if (this.maxDim > 0) {
        QUERY[2] = d;
        // the apex, apparent or not, is also the first cofacet a column starts with
        const apex = apices ? edgeApparentVertex(this.full, n, w[0], w[1], d) : -1;
        const j = apparentVertex
          ? apparentVertex[e]
          : apices
          ? this.apparentApex(w, 1, apex)
          : this.zeroApparentCofacetVertex(w, 1);
        if (j < 0) {
          if (apices) {
            if (columns.size === apices.length) apices = grown(apices);
            apices[columns.size] = apex;
          }
          columns.push(d, idx);
        } else if (apparent) apparent.set(this.cofacetIndex(idx, 1, w, j), j);
      }
    }
    for (let i = 0; i < n; i++) if (sets.find(i) === i) h0.push([0, Infinity]);
    columns.reverse();
    this.columnApex = apices ? apices.subarray(0, columns.size).reverse() : null;
    this.apparent = apparent?.addFilter() ?? null;
    return columns;
  }

  /**
   * The vertex j such that σ ∪ {j} is the zero apparent cofacet of the
   * dim-simplex σ of diameter d with vertices w (its pivot cofacet has the
   * same diameter and σ is that cofacet's pivot facet), or −1.
   */
  zeroApparentCofacetVertex(w: Int32Array, dim: number): number {
    const d = QUERY[2];
    const n = this.n;
    let j = -1;
    if (this.sparse) {
      const found = this.apparentCofacets;
      QUERY[0] = d;
      QUERY[1] = d;
      this.collect(w, dim + 1, -1, found, true);
      if (found.size > 0) j = found.vertex[0];
    } else if (dim === 1) {
      j = edgeApparentVertex(this.full, n, w[0], w[1], d);
    } else {
      const full = this.full;
      let t = 0;
      for (let v = n - 1; v >= 0; v--) {
        if (t <= dim && w[t] === v) {
          t++;
          continue;
        }
        let ok = true;
        for (let a = 0; a <= dim; a++) {
          if (full[w[a] * n + v] > d) {
            ok = false;
            break;
          }
        }
        if (ok) {
          j = v;
          break;
        }
      }
    }
    return this.apparentApex(w, dim, j);
  }

  /**
   * j when σ ∪ {j} (σ the dim-simplex w of diameter QUERY[2], j the apex of
   * its first cofacet of equal diameter, or −1) is σ's zero apparent
   * cofacet: σ is that cofacet's pivot facet. Otherwise −1.
   */
  apparentApex(w: Int32Array, dim: number, j: number): number {
    if (j < 0) return -1;
    // τ = σ ∪ {j}; a facet τ \ {w} with w > j comes earlier in the boundary order
    for (let p = 0; p <= dim && w[p] > j; p++) {
      if (this.hasPairAt(w, dim + 1, p) || this.hasPairWith(w, dim + 1, p, j)) return -1;
    }
    return j;
  }

  /**
   * The zero apparent facet of the dim-simplex of diameter d with vertices w: its pivot facet σ
   * (the first facet of equal diameter, by increasing index) when the
   * simplex is σ's pivot cofacet. Returns σ's index, or −1.
   */
  zeroApparentFacet(w: Int32Array, dim: number): number {
    const d = QUERY[2];
    const n = this.n;
    for (let p = 0; p <= dim; p++) {
      if (!this.hasPairAt(w, dim + 1, p)) continue;
      // σ = τ \ {w[p]}: no cofacet of σ with a larger index may have diameter d
      const removed = w[p];
      if (this.sparse) {
        const facet = this.verts4;
        for (let a = 0, b = 0; a <= dim; a++) if (a !== p) facet[b++] = w[a];
        QUERY[0] = d;
        QUERY[1] = d;
        this.collect(facet, dim, removed, this.facetCofacets, true);
        if (this.facetCofacets.size > 0) return -1;
      } else {
        const full = this.full;
        let t = 0;
        for (let j = n - 1; j > removed; j--) {
          if (t < p && w[t] === j) {
            t++;
            continue;
          }
          let ok = true;
          for (let a = 0; a <= dim; a++) {
            if (a !== p && full[w[a] * n + j] > d) {
              ok = false;
              break;
            }
          }
          if (ok) return -1;
        }
      }
      return this.faceIndex(w, dim, p);
    }
    return -1;
  }

  /**
   * Push the cofacets of diameter ≤ QUERY[1] of the dim-simplex idx
   * (vertices in `verts`, diameter in QUERY[0]) onto the working column,
   * leaving out those before (lowDiameter, lowIndex). An edge of a dense
   * input whose window is narrow reads its cofacets from the nearest
   * vertices of one end rather than from every vertex.
   */
  pushCoboundary(idx: number, dim: number, lowDiameter: number, lowIndex: number): void {
    const n = this.n, w = this.verts, limit = QUERY[1];
    if (
      dim === 1 && !this.sparse && n <= NEAREST_MAX && limit < this.threshold &&
      this.scansLeft-- <= 0
    ) {
      const nearest = (this.nearest ??= new NearestOrder(this.full, n)).rows(w[0], w[1]);
      const p0 = within(this.full, nearest, n, w[0], limit);
      const p1 = within(this.full, nearest, n, w[1], limit);
      if (2 * Math.min(p0, p1) < n) {
        const a = p0 <= p1 ? 0 : 1;
        this.cofacets.size = collectNearest2(
          this.full,
          n,
          nearest,
          w[a],
          w[1 - a],
          Math.min(p0, p1),
          this.cofacets,
        );
        this.pushEdgeCofacets(lowDiameter, lowIndex);
        return;
      }
    }
    this.collect(w, dim + 1, -1, this.cofacets, false);
    this.pushCofacets(idx, dim, lowDiameter, lowIndex);
  }

  /**
   * {@linkcode RipsCohomology.pushCofacets} for an edge (vertices in
   * `verts`) whose candidates come in any order: each index is computed whole.
   */
  pushEdgeCofacets(lowDiameter: number, lowIndex: number): void {
    const binom = this.binom, stride = this.stride, v0 = this.verts[0], v1 = this.verts[1];
    const cofacets = this.cofacets, count = cofacets.size;
    const vertex = cofacets.vertex, diameter = cofacets.diameter;
    const work = this.work;
    work.reserve(count);
    const r1 = stride, r2 = 2 * stride, r3 = 3 * stride;
    for (let c = 0; c < count; c++) {
      const j = vertex[c], cd = diameter[c];
      const ci = j > v0
        ? binom[r3 + j] + binom[r2 + v0] + binom[r1 + v1]
        : j > v1
        ? binom[r3 + v0] + binom[r2 + j] + binom[r1 + v1]
        : binom[r3 + v0] + binom[r2 + v1] + binom[r1 + j];
      if (cd < lowDiameter || (cd === lowDiameter && ci > lowIndex)) continue;
      work.push(cd, ci);
    }
  }

  /**
   * Push the cofacets of the dim-simplex idx (vertices in `verts`,
   * candidates in `cofacets`) onto the working column, leaving out those
   * before (lowDiameter, lowIndex) in the filtration order.
   */
  pushCofacets(idx: number, dim: number, lowDiameter: number, lowIndex: number): void {
    const binom = this.binom, stride = this.stride, w = this.verts;
    const cofacets = this.cofacets, count = cofacets.size;
    const vertex = cofacets.vertex, diameter = cofacets.diameter;
    const work = this.work;
    work.reserve(count);
    let below = idx, above = 0, pos = dim + 1, t = 0;
    let row = (pos + 1) * stride, offset = 0;
    let next = w[0];
    for (let c = 0; c < count; c++) {
      const j = vertex[c];
      if (j < next) {
        while (t <= dim && w[t] > j) {
          const v = w[t];
          below -= binom[pos * stride + v];
          above += binom[(pos + 1) * stride + v];
          pos--;
          t++;
        }
        row = (pos + 1) * stride;
        offset = above + below;
        next = t <= dim ? w[t] : -1;
      } else offset = above + below;
      const cd = diameter[c];
      if (cd <= lowDiameter) {
        if (cd < lowDiameter) continue;
        if (offset + binom[row + j] > lowIndex) continue;
      }
      const ci = offset + binom[row + j];
      work.push(cd, ci);
    }
  }

  /** Index of σ ∪ {j} for the dim-simplex idx with vertices w. */
  cofacetIndex(idx: number, dim: number, w: Int32Array, j: number): number {
    const binom = this.binom, stride = this.stride;
    let below = idx, above = 0, pos = dim + 1;
    for (let t = 0; t <= dim && w[t] > j; t++) {
      below -= binom[pos * stride + w[t]];
      above += binom[(pos + 1) * stride + w[t]];
      pos--;
    }
    return above + binom[(pos + 1) * stride + j] + below;
  }

  /**
   * Fill the working coboundary with the cofacets of column (d, idx) — or
   * return true at once for an emergent pair (its pivot, in emergentIndex):
   * a pivot cofacet of diameter d that is neither in `pivots` nor in a zero
   * apparent pair. `apex`: the apex of that first cofacet when known
   * (−1: none), or −2.
   */
  initCoboundary(d: number, idx: number, dim: number, pivots: PivotLookup, apex = -2): boolean {
    const w = this.verts, cofacets = this.cofacets;
    this.decode(idx, dim, w);
    // the first cofacet of equal diameter, by decreasing index, is the pivot
    QUERY[0] = d;
    QUERY[1] = d;
    if (apex === -2) this.collect(w, dim + 1, -1, cofacets, true);
    else {
      cofacets.size = apex < 0 ? 0 : 1;
      cofacets.vertex[0] = apex;
      cofacets.diameter[0] = d;
    }
    if (cofacets.size > 0) {
      const ci = this.cofacetIndex(idx, dim, w, cofacets.vertex[0]);
      const j = cofacets.vertex[0], v2 = this.verts2;
      let a = 0;
      while (a <= dim && w[a] > j) {
        v2[a] = w[a];
        a++;
      }
      v2[a] = j;
      for (; a <= dim; a++) v2[a + 1] = w[a];
      const apparent = this.apparent;
      QUERY[2] = d;
      if (
        pivots.get(ci) < 0 &&
        (apparent ? apparent.get(ci) < 0 : this.zeroApparentFacet(v2, dim + 1) < 0)
      ) {
        this.emergentIndex = ci;
        return true;
      }
    }
    this.startCoboundary(d, idx, dim);
    return false;
  }

  /**
   * Empty the working column, then fill it with the coboundary of the
   * dim-simplex (d, idx) — the part of it within a fresh window.
   */
  startCoboundary(d: number, idx: number, dim: number): void {
    this.work.clear();
    this.baseDiameter = d;
    this.baseIndex = idx;
    this.bound = Math.min(this.threshold, d + this.gap);
    this.floorDiameter = -Infinity;
    this.decode(idx, dim, this.verts);
    QUERY[0] = d;
    QUERY[1] = this.bound;
    this.pushCoboundary(idx, dim, -Infinity, 0);
  }

  /**
   * Find the pivot of the working column (as `work.peekPivot`), widening
   * the window until one shows or the column is complete. False: zero.
   */
  nextPivot(dim: number): boolean {
    const work = this.work;
    for (;;) {
      if (work.peekPivot()) {
        this.floorDiameter = work.pivotDiameter;
        this.floorIndex = work.pivotIndex;
        return true;
      }
      if (this.bound >= this.threshold) return false;
      this.widen(dim);
    }
  }

  /** Record the gap between a column's diameter and its pivot's, for the next columns' windows. */
  learnGap(d: number, pd: number): void {
    const need = pd - d;
    // follow large gaps at once, small ones slowly
    this.gap = need > this.gap ? need : this.gap - (this.gap - need) / 16;
  }

  /** Widen the window (at least doubling its width) and add the entries that enter it. */
  private widen(dim: number): void {
    const d = this.baseDiameter, low = this.bound;
    this.bound = Math.min(this.threshold, d + Math.max(2 * (low - d), (this.threshold - d) / 64));
    const spill = this.spill, reduction = this.reduction;
    spill.size = 0;
    while (reduction.popPivot()) spill.push(reduction.pivotDiameter, reduction.pivotIndex);
    for (let e = 0; e < spill.size; e++) reduction.push(spill.diameter[e], spill.index[e]);
    this.pushWindow(d, this.baseIndex, dim, low);
    for (let e = 0; e < spill.size; e++) {
      this.pushWindow(spill.diameter[e], spill.index[e], dim, low);
    }
  }

  /** Push the cofacets of the dim-simplex (d, idx) of diameter in (low, bound]. */
  private pushWindow(d: number, idx: number, dim: number, low: number): void {
    this.decode(idx, dim, this.verts);
    QUERY[0] = d;
    QUERY[1] = this.bound;
    // everything up to `low` is in already: push from (low, −1), just above it
    this.pushCoboundary(idx, dim, low, -1);
  }

  /**
   * The facet σ with which the (dim + 1)-simplex (pd, pi) forms a zero
   * apparent pair, or −1: a pivot the reduction clears by adding σ's coboundary.
   */
  apparentFacet(pd: number, pi: number, dim: number): number {
    const v = this.verts2;
    this.decode(pi, dim + 1, v);
    if (this.apparent) {
      const vertex = this.apparent.get(pi);
      return vertex < 0 ? -1 : this.faceIndex(v, dim + 1, v.indexOf(vertex));
    }
    QUERY[2] = pd;
    return this.zeroApparentFacet(v, dim + 1);
  }

  /** Add the simplex (d, idx) to the reduction column and its coboundary to the working column. */
  addCoboundary(d: number, idx: number, dim: number): void {
    this.reduction.push(d, idx);
    this.decode(idx, dim, this.verts);
    QUERY[0] = d;
    QUERY[1] = this.bound;
    this.pushCoboundary(idx, dim, this.floorDiameter, this.floorIndex);
  }

  /** Reduce the coboundary columns of dimension dim; returns the pivot map. */
  computePairs(dim: number, columns: SimplexList): PivotMap {
    const count = columns.size, colDiameter = columns.diameter, colIndex = columns.index;
    const pivots = new PivotMap(count, this.sharedMaps && dim < this.maxDim);
    const diagram = this.diagrams[dim], work = this.work, reduction = this.reduction;
    const offsets = new Int32Array(count + 1);
    const stored = new SimplexList(1024);
    const apices = dim === 1 && this.columnApex?.length === count ? this.columnApex : null;
    for (let c = 0; c < count; c++) {
      const d = colDiameter[c], idx = colIndex[c];
      reduction.clear();
      if (this.initCoboundary(d, idx, dim, pivots, apices ? apices[c] : -2)) {
        pivots.set(this.emergentIndex, c);
        if (dim === 1 && this.pairs) this.pairs.partners.set(idx, this.emergentIndex);
        offsets[c + 1] = stored.size;
        continue;
      }
      for (;;) {
        if (!this.nextPivot(dim)) {
          diagram.push([d, Infinity]);
          if (dim === 1 && this.pairs) this.recordPair(idx, -1);
          break;
        }
        const pd = work.pivotDiameter, pi = work.pivotIndex;
        const other = pivots.get(pi);
        if (other >= 0) {
          this.addCoboundary(colDiameter[other], colIndex[other], dim);
          const end = offsets[other + 1];
          for (let e = offsets[other]; e < end; e++) {
            this.addCoboundary(stored.diameter[e], stored.index[e], dim);
          }
          continue;
        }
        const facet = this.apparentFacet(pd, pi, dim);
        if (facet >= 0) {
          this.addCoboundary(pd, facet, dim);
          continue;
        }
        if (pd > d) diagram.push([d, pd]);
        pivots.set(pi, c);
        this.learnGap(d, pd);
        if (dim === 1 && this.pairs) this.recordPair(idx, pi, pd > d);
        while (reduction.popPivot()) stored.push(reduction.pivotDiameter, reduction.pivotIndex);
        break;
      }
      offsets[c + 1] = stored.size;
    }
    return pivots;
  }

  /**
   * The columns of dimension dim + 1: cofacets of the dim-simplices within
   * the threshold that are neither cleared (a pivot of dimension dim) nor in
   * a zero apparent pair; sorted by decreasing diameter, ties by increasing
   * index. The (dim + 1)-simplices themselves go to `next` when needed.
   */
  assembleColumns(
    dim: number,
    simplices: SimplexList,
    pivots: PivotMap,
    next: SimplexList,
  ): SimplexList {
    const keep = dim + 1 < this.maxDim;
    const columns = new SimplexList(1024);
    const nextApparent = keep ? new PivotMap(1024) : null;
    this.assembleRange(dim, simplices, 0, simplices.size, pivots, {
      columns,
      next: keep ? next : null,
      nextApparent,
    });
    sortSimplices(columns.diameter, columns.index, columns.size, true, true);
    this.apparent = nextApparent?.addFilter() ?? null;
    return columns;
  }

  /**
   * The unsorted columns of dimension dim + 1 found from simplices
   * start..end−1, the (dim + 1)-simplices (into `next`) and the zero apparent
   * pairs of dimension dim + 1 (into `nextApparent`) — the work of
   * {@linkcode RipsCohomology.assembleColumns}, by ranges for worker threads.
   * Reads `this.apparent`, the zero apparent pairs of dimension dim.
   */
  assembleRange(
    dim: number,
    simplices: SimplexList,
    start: number,
    end: number,
    pivots: PivotLookup,
    out: {
      columns: SimplexList;
      next: SimplexList | null;
      nextApparent: { set(key: number, value: number): void } | null;
    },
  ): void {
    const binom = this.binom, w = this.verts, found = this.nextCofacets, cofacet = this.verts5;
    const { columns, next, nextApparent } = out;
    const apparent = this.apparent;
    const row = (dim + 2) * this.stride;
    for (let s = start; s < end; s++) {
      const d = simplices.diameter[s], idx = simplices.index[s];
      this.decode(idx, dim, w);
      QUERY[0] = d;
      QUERY[1] = this.threshold;
      this.collect(w, dim + 1, w[0], found, false);
      for (let c = 0; c < found.size; c++) {
        const cd = found.diameter[c], j = found.vertex[c];
        const ci = binom[row + j] + idx;
        if (next) next.push(cd, ci);
        if (pivots.get(ci) >= 0) continue;
        cofacet[0] = j;
        for (let a = 0; a <= dim; a++) cofacet[a + 1] = w[a];
        QUERY[2] = cd;
        if (apparent ? apparent.get(ci) >= 0 : this.zeroApparentFacet(cofacet, dim + 1) >= 0) {
          continue;
        }
        const top = this.zeroApparentCofacetVertex(cofacet, dim + 1);
        if (top < 0) columns.push(cd, ci);
        else if (nextApparent) {
          nextApparent.set(this.cofacetIndex(ci, dim + 1, cofacet, top), top);
        }
      }
    }
  }
}

/** A copy of the array twice as long. */
function grown(array: Int32Array): Int32Array {
  const copy = new Int32Array(2 * array.length);
  copy.set(array);
  return copy;
}

/** A seeded xorshift32 stream of uniform numbers in [0, 1). */
function xorshift(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** C(m, k) as a double. */
function choose(m: number, k: number): number {
  if (k > m) return 0;
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (m - k + i)) / i;
  return c;
}

/** Typed arrays in SharedArrayBuffers when `shared`. */
function allocate<T>(
  kind: { new (length: number): T; new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  length: number,
  shared: boolean,
): T {
  return shared
    ? new kind(new SharedArrayBuffer(kind.BYTES_PER_ELEMENT * length))
    : new kind(length);
}

/** Full rows (dense) or neighbour lists within the threshold (sparse) of a packed lower matrix. */
function buildGeometry(
  lower: Float32Array,
  n: number,
  threshold: number,
  sparse: boolean,
  shared: boolean,
): RipsGeometry {
  if (!sparse) {
    const full = allocate(Float32Array, n * n, shared);
    let k = 0;
    for (let i = 1; i < n; i++) {
      const row = i * n;
      for (let j = 0; j < i; j++) {
        const x = lower[k++];
        full[row + j] = x;
        full[j * n + i] = x;
      }
    }
    const neighborDistance = new Float32Array(0);
    return {
      full,
      neighborStart: new Int32Array(0),
      neighbor: new Int32Array(0),
      neighborDistance,
    };
  }
  const start = allocate(Int32Array, n + 1, shared);
  let k = 0;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (lower[k++] <= threshold) {
        start[i + 1]++;
        start[j + 1]++;
      }
    }
  }
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const neighbor = allocate(Int32Array, start[n], shared);
  const distance = allocate(Float32Array, start[n], shared);
  k = 0;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const d = lower[k++];
      if (d <= threshold) {
        neighbor[fill[i]] = j;
        distance[fill[i]++] = d;
        neighbor[fill[j]] = i;
        distance[fill[j]++] = d;
      }
    }
  }
  return { full: new Float32Array(0), neighborStart: start, neighbor, neighborDistance: distance };
}

/**
 * Per vertex of the n×n matrix `full` (n ≤ 4096), all vertices by increasing
 * distance, ties by index: row v of `order`, sorted when first asked for.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NearestOrder } from "./rips_cohomology.ts";
 * const full = new Float32Array([0, 2, 1, 2, 0, 2, 1, 2, 0]);
 * const order = new NearestOrder(full, 3).rows(0, 1);
 * assert.deepEqual([...order.subarray(0, 6)], [0, 2, 1, 1, 0, 2]);
 * ```
 */
export class NearestOrder {
  readonly order: Uint16Array;
  readonly #sorted: Uint8Array;
  readonly #bits: Uint32Array;
  /** Radix sort buffers: keys and vertices, twice, and a byte histogram. */
  readonly #keys: [Uint32Array, Uint32Array];
  readonly #vertices: [Uint16Array, Uint16Array];
  readonly #count = new Int32Array(256);

  constructor(full: Float32Array, readonly n: number) {
    this.order = new Uint16Array(n * n);
    this.#sorted = new Uint8Array(n);
    this.#bits = new Uint32Array(full.buffer, full.byteOffset, full.length);
    this.#keys = [new Uint32Array(n), new Uint32Array(n)];
    this.#vertices = [new Uint16Array(n), new Uint16Array(n)];
  }

  /** The orders, with the rows of vertices a and b sorted. */
  rows(a: number, b: number): Uint16Array {
    if (!this.#sorted[a]) this.#sort(a);
    if (!this.#sorted[b]) this.#sort(b);
    return this.order;
  }

  /**
   * Row v by increasing distance, ties by vertex: a stable radix sort, a
   * byte at a time, of the float32 bits made monotone in the value.
   */
  #sort(v: number): void {
    const { n } = this, bits = this.#bits, row = v * n;
    let [keys, spareKeys] = this.#keys, [vertices, spareVertices] = this.#vertices;
    for (let j = 0; j < n; j++) {
      const b = bits[row + j];
      keys[j] = b & 0x80000000 ? ~b : b | 0x80000000;
      vertices[j] = j;
    }
    for (let shift = 0; shift < 32; shift += 8) {
      if (!this.#place(keys, vertices, spareKeys, spareVertices, shift)) continue;
      [keys, spareKeys] = [spareKeys, keys];
      [vertices, spareVertices] = [spareVertices, vertices];
    }
    this.order.set(vertices, row);
    this.#sorted[v] = 1;
  }

  /** One pass on the byte at `shift` into the spare buffers; false (and nothing moved) when every key has the same byte there. */
  #place(
    keys: Uint32Array,
    vertices: Uint16Array,
    toKeys: Uint32Array,
    toVertices: Uint16Array,
    shift: number,
  ): boolean {
    const n = this.n, count = this.#count;
    count.fill(0);
    for (let j = 0; j < n; j++) count[(keys[j] >>> shift) & 255]++;
    if (count[(keys[0] >>> shift) & 255] === n) return false;
    for (let digit = 0, start = 0; digit < 256; digit++) {
      const c = count[digit];
      count[digit] = start;
      start += c;
    }
    for (let j = 0; j < n; j++) {
      const at = count[(keys[j] >>> shift) & 255]++;
      toKeys[at] = keys[j];
      toVertices[at] = vertices[j];
    }
    return true;
  }
}

/** How many vertices of v's nearest order lie within `limit` of v. */
function within(
  full: Float32Array,
  order: Uint16Array,
  n: number,
  v: number,
  limit: number,
): number {
  const row = v * n;
  let lo = 0, hi = n; // the first position beyond the limit
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (full[row + order[row + mid]] <= limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The cofacets of the edge {a, b} of diameter QUERY[0] with diameter ≤
 * QUERY[1], from the `count` nearest vertices of a (those within the limit):
 * in order of distance to a, not by vertex.
 */
function collectNearest2(
  full: Float32Array,
  n: number,
  order: Uint16Array,
  a: number,
  b: number,
  count: number,
  out: Candidates,
): number {
  const d = QUERY[0], limit = QUERY[1];
  const outVertex = out.vertex, outDiameter = out.diameter;
  const ra = a * n, rb = b * n;
  let size = 0;
  for (let k = 0; k < count; k++) {
    const j = order[ra + k];
    const x = full[rb + j];
    if (x > limit || j === a || j === b) continue;
    let cd = full[ra + j];
    if (x > cd) cd = x;
    if (d > cd) cd = d;
    if (cd > limit) continue;
    outVertex[size] = j;
    outDiameter[size++] = cd;
  }
  return size;
}

/**
 * The largest vertex v ∉ {a, b} within d of both a and b (rows of the n×n
 * matrix `full`), or −1: the candidate apex of the edge {a, b}'s zero
 * apparent cofacet, its first cofacet of diameter d.
 */
function edgeApparentVertex(full: Float32Array, n: number, a: number, b: number, d: number) {
  const ra = a * n, rb = b * n;
  for (let v = n - 1; v >= 0; v--) {
    if (full[ra + v] <= d && full[rb + v] <= d && v !== a && v !== b) return v;
  }
  return -1;
}

function collectDense2(
  full: Float32Array,
  n: number,
  v0: number,
  v1: number,
  minVertex: number,
  out: Candidates,
  first: boolean,
): number {
  const d = QUERY[0], limit = QUERY[1];
  const outVertex = out.vertex, outDiameter = out.diameter;
  const r0 = v0 * n, r1 = v1 * n;
  let size = 0;
  if (first) {
    for (let j = n - 1; j > minVertex; j--) {
      const cd = Math.max(d, full[r0 + j], full[r1 + j]);
      if (cd <= limit && j !== v0 && j !== v1) {
        outVertex[0] = j;
        outDiameter[0] = cd;
        return 1;
      }
    }
    return 0;
  }
  // branch-free scans of the ranges between σ's vertices
  let hi = n - 1;
  for (let t = 0; t < 3; t++) {
    const v = t === 0 ? v0 : t === 1 ? v1 : -1;
    const lo = v > minVertex ? v + 1 : minVertex + 1;
    for (let j = hi; j >= lo; j--) {
      const cd = Math.max(d, full[r0 + j], full[r1 + j]);
      outVertex[size] = j;
      outDiameter[size] = cd;
      size += cd <= limit ? 1 : 0;
    }
    if (v <= minVertex) break;
    hi = v - 1;
  }
  return size;
}

function collectDense3(
  full: Float32Array,
  n: number,
  v0: number,
  v1: number,
  v2: number,
  minVertex: number,
  out: Candidates,
  first: boolean,
): number {
  const d = QUERY[0], limit = QUERY[1];
  const outVertex = out.vertex, outDiameter = out.diameter;
  const r0 = v0 * n, r1 = v1 * n, r2 = v2 * n;
  let size = 0;
  if (first) {
    for (let j = n - 1; j > minVertex; j--) {
      const cd = Math.max(d, full[r0 + j], full[r1 + j], full[r2 + j]);
      if (cd <= limit && j !== v0 && j !== v1 && j !== v2) {
        outVertex[0] = j;
        outDiameter[0] = cd;
        return 1;
      }
    }
    return 0;
  }
  let hi = n - 1;
  for (let t = 0; t < 4; t++) {
    const v = t === 0 ? v0 : t === 1 ? v1 : t === 2 ? v2 : -1;
    const lo = v > minVertex ? v + 1 : minVertex + 1;
    for (let j = hi; j >= lo; j--) {
      const cd = Math.max(d, full[r0 + j], full[r1 + j], full[r2 + j]);
      outVertex[size] = j;
      outDiameter[size] = cd;
      size += cd <= limit ? 1 : 0;
    }
    if (v <= minVertex) break;
    hi = v - 1;
  }
  return size;
}

function collectDenseAny(
  full: Float32Array,
  n: number,
  w: Int32Array,
  count: number,
  minVertex: number,
  out: Candidates,
  first: boolean,
): number {
  const d = QUERY[0], limit = QUERY[1];
  const outVertex = out.vertex, outDiameter = out.diameter;
  let size = 0;
  for (let j = n - 1; j > minVertex; j--) {
    let cd = d, member = false;
    for (let a = 0; a < count; a++) {
      const v = w[a];
      if (v === j) member = true;
      const x = full[v * n + j];
      if (x > cd) cd = x;
    }
    if (cd <= limit && !member) {
      outVertex[size] = j;
      outDiameter[size++] = cd;
      if (first) break;
    }
  }
  return size;
}

/** Common neighbours of x, y (and z unless −1), driven by the shortest list. */
function collectSparse23(
  start: Int32Array,
  neighbor: Int32Array,
  distance: Float32Array,
  x: number,
  y: number,
  z: number,
  minVertex: number,
  out: Candidates,
  first: boolean,
): number {
  const d = QUERY[0], limit = QUERY[1];
  const outVertex = out.vertex, outDiameter = out.diameter;
  let size = 0;
  if (start[y + 1] - start[y] < start[x + 1] - start[x]) {
    const t = x;
    x = y;
    y = t;
  }
  if (z >= 0 && start[z + 1] - start[z] < start[x + 1] - start[x]) {
    const t = x;
    x = z;
    z = t;
  }
  const yBegin = start[y], zBegin = z >= 0 ? start[z] : 0, xBegin = start[x];
  let qy = start[y + 1] - 1, qz = z >= 0 ? start[z + 1] - 1 : 0;
  for (let p = start[x + 1] - 1; p >= xBegin; p--) {
    const j = neighbor[p];
    if (j <= minVertex) break;
    let cd = distance[p];
    if (cd < d) cd = d;
    if (cd > limit) continue;
    while (qy >= yBegin && neighbor[qy] > j) qy--;
    if (qy < yBegin) break;
    if (neighbor[qy] !== j) continue;
    const dy = distance[qy];
    if (dy > cd) cd = dy;
    if (z >= 0) {
      while (qz >= zBegin && neighbor[qz] > j) qz--;
      if (qz < zBegin) break;
      if (neighbor[qz] !== j) continue;
      const dz = distance[qz];
      if (dz > cd) cd = dz;
    }
    if (cd > limit) continue;
    outVertex[size] = j;
    outDiameter[size++] = cd;
    if (first) break;
  }
  return size;
}

function collectSparseAny(
  start: Int32Array,
  neighbor: Int32Array,
  distance: Float32Array,
  pointer: Int32Array,
  w: Int32Array,
  count: number,
  minVertex: number,
  out: Candidates,
  first: boolean,
): number {
  const d = QUERY[0], limit = QUERY[1];
  const outVertex = out.vertex, outDiameter = out.diameter;
  let size = 0;
  let driver = 0;
  for (let a = 0; a < count; a++) {
    const v = w[a];
    pointer[a] = start[v + 1] - 1;
    if (start[v + 1] - start[v] < start[w[driver] + 1] - start[w[driver]]) driver = a;
  }
  const driverStart = start[w[driver]];
  outer: for (let p = pointer[driver]; p >= driverStart; p--) {
    const j = neighbor[p];
    if (j <= minVertex) break;
    let cd = distance[p];
    if (cd < d) cd = d;
    if (cd > limit) continue;
    for (let a = 0; a < count; a++) {
      if (a === driver) continue;
      const begin = start[w[a]];
      let q = pointer[a];
      while (q >= begin && neighbor[q] > j) q--;
      pointer[a] = q;
      if (q < begin) break outer;
      if (neighbor[q] !== j) continue outer;
      const x = distance[q];
      if (x > cd) cd = x;
    }
    if (cd > limit) continue;
    outVertex[size] = j;
    outDiameter[size++] = cd;
    if (first) break;
  }
  return size;
}
