/**
 * A binary heap of simplices (diameter, index) in typed arrays: the working
 * column of the coboundary reduction. The top is the pivot: the smallest
 * diameter, ties broken by the largest index (Ripser's filtration order).
 * Coefficients are in Z/2, so two copies of a simplex cancel when popped.
 *
 * @module
 */

/**
 * Min-heap of (diameter, index) pairs with Z/2 cancellation on pop.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SimplexHeap } from "./simplex_heap.ts";
 * const heap = new SimplexHeap();
 * heap.push(1, 5);
 * heap.push(1, 7);
 * heap.push(1, 7);
 * assert.ok(heap.popPivot());
 * assert.equal(heap.pivotIndex, 5);
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
      const q = (p - 1) >> 1;
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
      let c = 2 * p + 1;
      if (c >= size) break;
      let dc = diameter[c], ic = index[c];
      const c2 = c + 1;
      if (c2 < size) {
        const d2 = diameter[c2], i2 = index[c2];
        if (d2 < dc || (d2 === dc && i2 > ic)) {
          c = c2;
          dc = d2;
          ic = i2;
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
    const index = this.index;
    while (this.size > 0) {
      const d = this.diameter[0], i = index[0];
      this.removeTop();
      if (this.size > 0 && index[0] === i) {
        this.removeTop();
        continue;
      }
      this.pivotDiameter = d;
      this.pivotIndex = i;
      return true;
    }
    this.pivotIndex = -1;
    return false;
  }

  /** Find the pivot without removing it (false when the column is zero). */
  peekPivot(): boolean {
    if (!this.popPivot()) return false;
    this.push(this.pivotDiameter, this.pivotIndex);
    return true;
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
