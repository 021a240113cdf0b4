/**
 * A growable list of simplices as parallel typed arrays: float32 diameters
 * and integer indices (stored as float64, exact below 2^53).
 *
 * @module
 */

/**
 * Growable (diameter, index) list.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SimplexList } from "./simplex_list.ts";
 * const list = new SimplexList();
 * list.push(0.5, 12);
 * assert.equal(list.size, 1);
 * assert.equal(list.index[0], 12);
 * ```
 */
export class SimplexList {
  /** Diameters (only the first `size` entries are meaningful). */
  diameter: Float32Array;
  /** Indices (only the first `size` entries are meaningful). */
  index: Float64Array;
  /** Number of simplices. */
  size = 0;

  /** An empty list with room for `capacity` simplices. */
  constructor(capacity = 1024) {
    this.diameter = new Float32Array(Math.max(16, capacity));
    this.index = new Float64Array(Math.max(16, capacity));
  }

  /** Append one simplex. */
  push(d: number, i: number): void {
    if (this.size === this.index.length) this.grow();
    this.diameter[this.size] = d;
    this.index[this.size++] = i;
  }

  /** Shrink the arrays to `size` (views, no copy). */
  trimmed(): { diameter: Float32Array; index: Float64Array; size: number } {
    return {
      diameter: this.diameter.subarray(0, this.size),
      index: this.index.subarray(0, this.size),
      size: this.size,
    };
  }

  /** Reverse the order of the entries in place. */
  reverse(): void {
    this.diameter.subarray(0, this.size).reverse();
    this.index.subarray(0, this.size).reverse();
  }

  private grow(): void {
    const diameter = new Float32Array(this.index.length * 2);
    diameter.set(this.diameter);
    const index = new Float64Array(this.index.length * 2);
    index.set(this.index);
    this.diameter = diameter;
    this.index = index;
  }
}
