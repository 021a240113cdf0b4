/**
 * Vietoris–Rips persistence on a full distance matrix: persistent cohomology
 * with clearing, an implicit coboundary matrix indexed by the combinatorial
 * number system, apparent and emergent pairs, Z/2 coefficients (the design
 * of Ripser, Bauer 2021). Each simplex is a (float32 diameter, integer
 * index) pair in typed arrays; nothing is allocated per simplex.
 *
 * Filtration order: by diameter, ties by decreasing index. Columns are
 * reduced in the reverse order; the pivot of a coboundary is its earliest
 * cofacet (smallest diameter, then largest index).
 *
 * @module
 */

import type { Diagram } from "./diagram.ts";
import { binomialTable } from "./binomial.ts";
import { PivotMap } from "./pivot_map.ts";
import { SimplexHeap } from "./simplex_heap.ts";
import { SimplexList } from "./simplex_list.ts";
import { sortSimplices } from "./simplex_sort.ts";
import { UnionFind } from "./union_find.ts";

/**
 * Persistence diagrams H0..H<maxDim> of the Rips filtration of a full
 * (n×n, row-major, symmetric, zero diagonal) float32 distance matrix, up to
 * `threshold`. Intervals of zero length are dropped, as Ripser does; essential
 * classes have death Infinity. The caller checks that C(n, maxDim + 2) is at
 * most 2^53 so every index is exact.
 *
 * @example
 * ```ts
 * import { denseRipsDiagrams } from "./dense_rips.ts";
 * // four corners of the unit square: one H1 class from 1 to √2
 * const s = Math.fround(Math.SQRT2);
 * const full = new Float32Array([0, 1, s, 1, 1, 0, 1, s, s, 1, 0, 1, 1, s, 1, 0]);
 * const [h0, h1] = denseRipsDiagrams(full, 4, 1, 2);
 * console.assert(h0.length === 4 && h1.length === 1);
 * ```
 */
export function denseRipsDiagrams(
  full: Float32Array,
  n: number,
  maxDim: number,
  threshold: number,
): Diagram[] {
  return new DenseRips(full, n, maxDim, threshold).compute();
}

class DenseRips {
  readonly n: number;
  readonly dist: Float32Array;
  readonly binom: Float64Array;
  readonly stride: number;
  readonly threshold: number;
  readonly maxDim: number;
  readonly verts: Int32Array;
  readonly rows: Int32Array;
  readonly verts2: Int32Array;
  readonly verts3: Int32Array;
  readonly cofacetDiameter: Float32Array;
  readonly work = new SimplexHeap();
  readonly reduction = new SimplexHeap();
  emergentIndex = -1;
  readonly diagrams: Diagram[] = [];

  constructor(full: Float32Array, n: number, maxDim: number, threshold: number) {
    this.n = n;
    this.dist = full;
    this.maxDim = maxDim;
    this.threshold = threshold;
    this.stride = n + 1;
    this.binom = binomialTable(n, maxDim + 2);
    this.verts = new Int32Array(maxDim + 3);
    this.rows = new Int32Array(maxDim + 3);
    this.verts2 = new Int32Array(maxDim + 3);
    this.verts3 = new Int32Array(maxDim + 3);
    this.cofacetDiameter = new Float32Array(n);
    for (let k = 0; k <= maxDim; k++) this.diagrams.push([]);
  }

  compute(): Diagram[] {
    const edges = this.edges();
    let columns = this.dim0Pairs(edges);
    let simplices = edges;
    for (let dim = 1; dim <= this.maxDim; dim++) {
      const pivots = this.computePairs(dim, columns);
      if (dim < this.maxDim) {
        const next = new SimplexList(dim + 1 < this.maxDim ? 1024 : 16);
        columns = this.assembleColumns(dim, simplices, pivots, next);
        simplices = next;
      }
    }
    for (const diagram of this.diagrams) {
      diagram.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    }
    return this.diagrams;
  }

  /** Largest v ≤ top with C(v, k) ≤ idx. */
  maxVertex(idx: number, k: number, top: number): number {
    const binom = this.binom, row = k * this.stride;
    if (binom[row + top] <= idx) return top;
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

  /** Largest distance among out[0..count) except position skip. */
  diameterWithout(w: Int32Array, count: number, skip: number): number {
    const dist = this.dist, n = this.n;
    let d = 0;
    for (let a = 0; a < count; a++) {
      if (a === skip) continue;
      const row = w[a] * n;
      for (let b = a + 1; b < count; b++) {
        if (b === skip) continue;
        const x = dist[row + w[b]];
        if (x > d) d = x;
      }
    }
    return d;
  }

  /** Edges within the threshold, sorted by diameter, ties by decreasing index. */
  edges(): SimplexList {
    const n = this.n, dist = this.dist, threshold = this.threshold;
    const list = new SimplexList(1024);
    for (let i = n - 1; i >= 1; i--) {
      const base = (i * (i - 1)) / 2, row = i * n;
      for (let j = i - 1; j >= 0; j--) {
        const d = dist[row + j];
        if (d <= threshold) list.push(d, base + j);
      }
    }
    sortSimplices(list.diameter, list.index, list.size, false, false);
    return list;
  }

  /** H0 by union–find; returns the columns of dimension 1 to reduce. */
  dim0Pairs(edges: SimplexList): SimplexList {
    const n = this.n, sets = new UnionFind(n), h0 = this.diagrams[0];
    const columns = new SimplexList(this.maxDim > 0 ? 1024 : 16);
    const diameter = edges.diameter, index = edges.index, count = edges.size;
    for (let e = 0; e < count; e++) {
      const idx = index[e], d = diameter[e];
      const i = this.maxVertex(idx, 2, n - 1);
      const j = idx - (i * (i - 1)) / 2;
      const u = sets.find(i), v = sets.find(j);
      if (u !== v) {
        if (d !== 0) h0.push([0, d]);
        sets.link(u, v);
      } else if (this.maxDim > 0 && !this.hasZeroApparentCofacet(d, idx, 1)) {
        columns.push(d, idx);
      }
    }
    for (let i = 0; i < n; i++) if (sets.find(i) === i) h0.push([0, Infinity]);
    columns.reverse();
    return columns;
  }

  /**
   * Whether the dim-simplex (d, idx) has a zero apparent cofacet: its pivot
   * cofacet τ has the same diameter, and the simplex is τ's pivot facet.
   */
  hasZeroApparentCofacet(d: number, idx: number, dim: number): boolean {
    const n = this.n, dist = this.dist, w = this.verts3;
    this.decode(idx, dim, w);
    let t = 0, j = n - 1;
    for (; j >= 0; j--) {
      if (t <= dim && w[t] === j) {
        t++;
        continue;
      }
      let ok = true;
      for (let a = 0; a <= dim; a++) {
        if (dist[w[a] * n + j] > d) {
          ok = false;
          break;
        }
      }
      if (ok) break;
    }
    if (j < 0) return false;
    // τ = σ ∪ {j}; a facet τ \ {w} with w > j comes earlier in the boundary order
    for (let p = 0; p <= dim && w[p] > j; p++) {
      let fd = this.diameterWithout(w, dim + 1, p);
      if (fd < d) {
        for (let a = 0; a <= dim; a++) {
          if (a === p) continue;
          const x = dist[w[a] * n + j];
          if (x > fd) fd = x;
        }
      }
      if (fd === d) return false;
    }
    return true;
  }

  /**
   * The zero apparent facet of the dim-simplex (d, idx): its pivot facet σ
   * (the first facet of equal diameter, by increasing index) when the
   * simplex is σ's pivot cofacet. Returns σ's index, or −1.
   */
  zeroApparentFacet(d: number, idx: number, dim: number): number {
    const n = this.n, dist = this.dist, w = this.verts2;
    this.decode(idx, dim, w);
    for (let p = 0; p <= dim; p++) {
      if (this.diameterWithout(w, dim + 1, p) !== d) continue;
      // σ = τ \ {w[p]}: no cofacet of σ with a larger index may have diameter d
      const removed = w[p];
      let t = 0;
      for (let j = n - 1; j > removed; j--) {
        if (t < p && w[t] === j) {
          t++;
          continue;
        }
        let ok = true;
        for (let a = 0; a <= dim; a++) {
          if (a !== p && dist[w[a] * n + j] > d) {
            ok = false;
            break;
          }
        }
        if (ok) return -1;
      }
      let facet = 0;
      for (let a = 0, r = dim; a <= dim; a++) {
        if (a === p) continue;
        facet += this.binom[r * this.stride + w[a]];
        r--;
      }
      return facet;
    }
    return -1;
  }

  /**
   * The diameter of σ ∪ {j} for every vertex j, into `cofacetDiameter`, for
   * the dim-simplex σ of diameter d whose vertices are in `verts` (entries at
   * σ's own vertices are meaningless).
   */
  fillCofacetDiameters(d: number, dim: number): void {
    const n = this.n, dist = this.dist, w = this.verts, out = this.cofacetDiameter;
    const r0 = w[0] * n, r1 = w[1] * n;
    if (dim === 1) {
      for (let j = 0; j < n; j++) {
        let cd = d;
        const x0 = dist[r0 + j], x1 = dist[r1 + j];
        if (x0 > cd) cd = x0;
        if (x1 > cd) cd = x1;
        out[j] = cd;
      }
      return;
    }
    const r2 = w[2] * n;
    if (dim === 2) {
      for (let j = 0; j < n; j++) {
        let cd = d;
        const x0 = dist[r0 + j], x1 = dist[r1 + j], x2 = dist[r2 + j];
        if (x0 > cd) cd = x0;
        if (x1 > cd) cd = x1;
        if (x2 > cd) cd = x2;
        out[j] = cd;
      }
      return;
    }
    out.fill(d);
    for (let a = 0; a <= dim; a++) {
      const row = w[a] * n;
      for (let j = 0; j < n; j++) {
        const x = dist[row + j];
        if (x > out[j]) out[j] = x;
      }
    }
  }

  /**
   * Push the cofacets within the threshold of the dim-simplex idx (vertices
   * in `verts`, diameters in `cofacetDiameter`) onto the working column.
   */
  pushCofacets(idx: number, dim: number): void {
    const n = this.n, binom = this.binom, stride = this.stride, w = this.verts;
    const cofacetDiameter = this.cofacetDiameter, threshold = this.threshold;
    const work = this.work;
    work.reserve(n);
    const hd = work.diameter, hx = work.index;
    let size = work.size;
    let below = idx, above = 0, pos = dim + 1, hi = n - 1;
    for (let t = 0; t <= dim + 1; t++) {
      const lo = t <= dim ? w[t] + 1 : 0;
      const row = (pos + 1) * stride, offset = above + below;
      for (let j = hi; j >= lo; j--) {
        const cd = cofacetDiameter[j];
        if (cd > threshold) continue;
        const ci = offset + binom[row + j];
        let p = size++;
        while (p > 0) {
          const q = (p - 1) >> 1;
          const dq = hd[q];
          if (dq < cd || (dq === cd && hx[q] >= ci)) break;
          hd[p] = dq;
          hx[p] = hx[q];
          p = q;
        }
        hd[p] = cd;
        hx[p] = ci;
      }
      if (t <= dim) {
        const v = w[t];
        below -= binom[pos * stride + v];
        above += binom[(pos + 1) * stride + v];
        pos--;
        hi = v - 1;
      }
    }
    work.size = size;
  }

  /**
   * Fill the working coboundary with the cofacets of column (d, idx) — or
   * return true at once for an emergent pair (its pivot, in emergentIndex).
   */
  initCoboundary(d: number, idx: number, dim: number, pivots: PivotMap): boolean {
    const n = this.n, binom = this.binom, stride = this.stride, w = this.verts;
    this.decode(idx, dim, w);
    this.fillCofacetDiameters(d, dim);
    this.work.clear();
    // the first cofacet of equal diameter, by decreasing index, is the pivot
    const cofacetDiameter = this.cofacetDiameter;
    let below = idx, above = 0, pos = dim + 1, t = 0;
    for (let j = n - 1; j >= 0; j--) {
      if (t <= dim && w[t] === j) {
        below -= binom[pos * stride + j];
        above += binom[(pos + 1) * stride + j];
        pos--;
        t++;
        continue;
      }
      if (cofacetDiameter[j] !== d) continue;
      const ci = above + binom[(pos + 1) * stride + j] + below;
      if (pivots.get(ci) < 0 && this.zeroApparentFacet(d, ci, dim + 1) < 0) {
        this.emergentIndex = ci;
        return true;
      }
      break;
    }
    this.pushCofacets(idx, dim);
    return false;
  }

  /** Add the simplex (d, idx) to the reduction column and its coboundary to the working column. */
  addCoboundary(d: number, idx: number, dim: number): void {
    this.reduction.push(d, idx);
    this.decode(idx, dim, this.verts);
    this.fillCofacetDiameters(d, dim);
    this.pushCofacets(idx, dim);
  }

  /** Reduce the coboundary columns of dimension dim; returns the pivot map. */
  computePairs(dim: number, columns: SimplexList): PivotMap {
    const count = columns.size, colDiameter = columns.diameter, colIndex = columns.index;
    const pivots = new PivotMap(count);
    const diagram = this.diagrams[dim], work = this.work, reduction = this.reduction;
    const offsets = new Int32Array(count + 1);
    const stored = new SimplexList(1024);
    for (let c = 0; c < count; c++) {
      const d = colDiameter[c], idx = colIndex[c];
      reduction.clear();
      if (this.initCoboundary(d, idx, dim, pivots)) {
        pivots.set(this.emergentIndex, c);
        offsets[c + 1] = stored.size;
        continue;
      }
      for (;;) {
        if (!work.peekPivot()) {
          diagram.push([d, Infinity]);
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
        const facet = this.zeroApparentFacet(pd, pi, dim + 1);
        if (facet >= 0) {
          this.addCoboundary(pd, facet, dim);
          continue;
        }
        if (pd > d) diagram.push([d, pd]);
        pivots.set(pi, c);
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
    const n = this.n, dist = this.dist, binom = this.binom, stride = this.stride;
    const w = this.verts, threshold = this.threshold;
    const keep = dim + 1 < this.maxDim;
    const columns = new SimplexList(1024);
    const row = (dim + 2) * stride;
    for (let s = 0; s < simplices.size; s++) {
      const d = simplices.diameter[s], idx = simplices.index[s];
      this.decode(idx, dim, w);
      for (let j = n - 1; j > w[0]; j--) {
        let cd = d;
        for (let a = 0; a <= dim; a++) {
          const x = dist[w[a] * n + j];
          if (x > cd) cd = x;
        }
        if (cd > threshold) continue;
        const ci = binom[row + j] + idx;
        if (keep) next.push(cd, ci);
        if (
          pivots.get(ci) < 0 && !this.hasZeroApparentCofacet(cd, ci, dim + 1) &&
          this.zeroApparentFacet(cd, ci, dim + 1) < 0
        ) columns.push(cd, ci);
      }
    }
    sortSimplices(columns.diameter, columns.index, columns.size, true, true);
    return columns;
  }
}
