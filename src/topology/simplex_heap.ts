/**
 * A heap of simplices (diameter, index) in typed arrays: the working column
 * of the coboundary reduction. The top is the pivot: the smallest diameter,
 * ties broken by the largest index (Ripser's filtration order). Coefficients
 * are in Z/2, so two copies of a simplex cancel when popped.
 *
 * The heap is 4-ary: the working column of a long reduction holds tens of
 * millions of entries, and popping walks from the root to a leaf; four
 * children a level halve the levels of a binary heap, and their diameters
 * share a cache line.
 *
 * @module
 */

/**
 * Min-heap of (diameter, index) pairs with Z/2 cancellation on pop. The
 * children of entry p are 4p + 1 … 4p + 4 (see {@linkcode heapParent}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SimplexHeap } from "./simplex_heap.ts";
 * const heap = new SimplexHeap();
 * heap.push(1, 5);
 * heap.push(1, 7);
 * heap.push(1, 7);
 * assert.ok(heap.peekPivot());
 * assert.equal(heap.pivotIndex, 5);
 * assert.ok(heap.popPivot());
 * assert.equal(heap.pivotIndex, 5);
 * assert.equal(heap.popPivot(), false);
 * ```
 */
export class SimplexHeap {
  /** Diameters of the entries (float32 values, as all diameters are), in heap order. */
  diameter: Float32Array = new Float32Array(256);
  /** Simplex indices of the entries, in heap order. */
  index: Float64Array = new Float64Array(256);
  /** Number of entries. */
  size = 0;
  /** Diameter of the pivot found by the last {@linkcode SimplexHeap.popPivot}. */
  pivotDiameter = 0;
  /** Index of that pivot, −1 when the column is zero. */
  pivotIndex = -1;

  /** Empty the heap. */
  clear(): void {
    this.size = 0;
  }

  /** Add one entry. */
  push(d: number, i: number): void {
    if (this.size === this.index.length) this.grow();
    const diameter = this.diameter, index = this.index;
    let p = this.size++;
    while (p > 0) {
      const q = (p - 1) >> 2;
      const dq = diameter[q];
      if (dq < d || (dq === d && index[q] >= i)) break;
      diameter[p] = dq;
      index[p] = index[q];
      p = q;
    }
    diameter[p] = d;
    index[p] = i;
  }

  /** Remove the top entry (the heap must not be empty). */
  removeTop(): void {
    const size = --this.size;
    if (size === 0) return;
    const diameter = this.diameter, index = this.index;
    const d = diameter[size], i = index[size];
    let p = 0;
    for (;;) {
      const first = 4 * p + 1;
      if (first >= size) break;
      // the smallest child: smallest diameter, ties by the largest index
      let c = first, dc = diameter[first], ic = index[first];
      const last = first + 3 < size ? first + 3 : size - 1;
      for (let k = first + 1; k <= last; k++) {
        const dk = diameter[k];
        if (dk < dc || (dk === dc && index[k] > ic)) {
          c = k;
          dc = dk;
          ic = index[k];
        }
      }
      if (d < dc || (d === dc && i >= ic)) break;
      diameter[p] = dc;
      index[p] = ic;
      p = c;
    }
    diameter[p] = d;
    index[p] = i;
  }

  /**
   * Pop the pivot, cancelling pairs of equal entries (Z/2). Returns false when
   * the column is zero; otherwise the pivot is in `pivotDiameter`/`pivotIndex`.
   */
  popPivot(): boolean {
    if (!this.peekPivot()) return false;
    this.removeTop();
    return true;
  }

  /**
   * Find the pivot without removing it (false when the column is zero),
   * cancelling the pairs above it: an entry equal to the top is among the
   * top's children.
   */
  peekPivot(): boolean {
    const index = this.index;
    while (this.size > 0) {
      const i = index[0];
      const last = this.size - 1 < 4 ? this.size - 1 : 4;
      let twin = false;
      for (let k = 1; k <= last; k++) if (index[k] === i) twin = true;
      if (twin) {
        this.removeTop();
        this.removeTop();
        continue;
      }
      this.pivotDiameter = this.diameter[0];
      this.pivotIndex = i;
      return true;
    }
    this.pivotIndex = -1;
    return false;
  }

  /** Make room for `extra` more entries (the arrays may be replaced). */
  reserve(extra: number): void {
    while (this.size + extra > this.index.length) this.grow();
  }

  private grow(): void {
    const diameter = new Float32Array(this.index.length * 2);
    diameter.set(this.diameter.subarray(0, this.size));
    const index = new Float64Array(this.index.length * 2);
    index.set(this.index.subarray(0, this.size));
    this.diameter = diameter;
    this.index = index;
  }
}

/**
 * The parent of heap entry p > 0 in a {@linkcode SimplexHeap} (for code that
 * pushes into its arrays directly).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { heapParent } from "./simplex_heap.ts";
 * assert.equal(heapParent(4), 0);
 * assert.equal(heapParent(5), 1);
 * ```
 */
export function heapParent(p: number): number {
  return (p - 1) >> 2;
}
