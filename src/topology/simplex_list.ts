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
  /** Whether the arrays live in SharedArrayBuffers (readable by worker threads). */
  readonly shared: boolean;

  /**
   * An empty list with room for `capacity` simplices; in SharedArrayBuffers
   * when `shared`.
   */
  constructor(capacity = 1024, shared = false) {
    this.shared = shared;
    this.diameter = float32Array(Math.max(16, capacity), shared);
    this.index = float64Array(Math.max(16, capacity), shared);
  }

  /** A list over existing arrays (as a worker thread receives them). */
  static view(diameter: Float32Array, index: Float64Array, size: number): SimplexList {
    const list = new SimplexList(0);
    list.diameter = diameter;
    list.index = index;
    list.size = size;
    return list;
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
    const diameter = float32Array(this.index.length * 2, this.shared);
    diameter.set(this.diameter);
    const index = float64Array(this.index.length * 2, this.shared);
    index.set(this.index);
    this.diameter = diameter;
    this.index = index;
  }
}

function float32Array(length: number, shared: boolean): Float32Array {
  return shared ? new Float32Array(new SharedArrayBuffer(4 * length)) : new Float32Array(length);
}

function float64Array(length: number, shared: boolean): Float64Array {
  return shared ? new Float64Array(new SharedArrayBuffer(8 * length)) : new Float64Array(length);
}
