/**
 * A binary heap of simplices (diameter, index) in typed arrays: the working
 * column of the coboundary reduction. The top is the pivot: the smallest
 * diameter, ties broken by the largest index (Ripser's filtration order).
 * Coefficients are in Z/2, so two copies of a simplex cancel when popped.
 *
 * A heap given a {@linkcode BucketLayout} turns into a
 * {@linkcode BucketColumn} (8 bytes an entry, no sifting, no copy to grow)
 * when it outgrows `bucketAfter` entries, until it is cleared: the one or few
 * columns of a run that sweep to the threshold hold tens of millions.
 *
 * @module
 */

import { BucketColumn, type BucketLayout } from "./bucket_column.ts";

/** Entries past which a heap with a bucket layout turns into buckets. */
const BUCKET_AFTER = 2 ** 20;

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
  /** How many times the heap has turned into buckets. */
  conversions = 0;
  /** The column past `bucketAfter` entries (then `size` stays 0), or null. */
  private buckets: BucketColumn | null = null;
  private layout: BucketLayout | null = null;

  private bucketAfter = BUCKET_AFTER;

  /**
   * Let the heap turn into buckets of this layout when it outgrows
   * `bucketAfter` entries (default 2^20; null: never).
   */
  useBuckets(layout: BucketLayout | null, bucketAfter = BUCKET_AFTER): void {
    this.layout = layout;
    this.bucketAfter = bucketAfter;
  }

  /** Whether the entries are in buckets now. */
  get bucketed(): boolean {
    return this.buckets !== null;
  }

  /** Number of entries, cancelling ones included. */
  get entries(): number {
    return this.buckets !== null ? this.buckets.size : this.size;
  }

  /** Empty the heap. */
  clear(): void {
    this.size = 0;
    this.buckets = null;
  }

  /** Add one entry. */
  push(d: number, i: number): void {
    let buckets = this.buckets;
    if (buckets === null && this.size === this.index.length) {
      this.grow();
      buckets = this.buckets;
    }
    if (buckets !== null) {
      buckets.push(d, i);
      return;
    }
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
    const buckets = this.buckets;
    if (buckets !== null) {
      const found = buckets.popPivot();
      this.pivotDiameter = buckets.pivotDiameter;
      this.pivotIndex = buckets.pivotIndex;
      return found;
    }
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
    while (this.buckets === null && this.size + extra > this.index.length) this.grow();
  }

  private grow(): void {
    if (this.layout !== null && this.index.length >= this.bucketAfter) {
      this.toBuckets(this.layout);
      return;
    }
    const diameter = new Float32Array(this.index.length * 2);
    diameter.set(this.diameter.subarray(0, this.size));
    const index = new Float64Array(this.index.length * 2);
    index.set(this.index.subarray(0, this.size));
    this.diameter = diameter;
    this.index = index;
  }

  /** Move every entry into a bucket column and give the arrays back. */
  private toBuckets(layout: BucketLayout): void {
    const buckets = new BucketColumn(layout);
    const diameter = this.diameter, index = this.index;
    for (let p = 0; p < this.size; p++) buckets.push(diameter[p], index[p]);
    this.buckets = buckets;
    this.conversions++;
    this.size = 0;
    this.diameter = new Float32Array(256);
    this.index = new Float64Array(256);
  }
}
