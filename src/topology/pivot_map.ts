/**
 * An open-addressing hash map from simplex index (an integer in
 * [−2^53, 2^53]: top-dimensional indices may be shifted, see binomial.ts) to
 * column number, in typed arrays: the pivot lookup of the reduction.
 *
 * @module
 */

/** What the reduction asks of a pivot table: the column of a pivot, or −1. */
export interface PivotLookup {
  /** The value stored for `key`, or −1. */
  get(key: number): number;
}

/** The key of an empty slot: no simplex index. */
const EMPTY = -Infinity;

/**
 * Map from integer keys in [−2^53, 2^53] to non-negative int32 values.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PivotMap } from "./pivot_map.ts";
 * const map = new PivotMap(4);
 * map.set(2 ** 40 + 3, 7);
 * assert.equal(map.get(2 ** 40 + 3), 7);
 * assert.equal(map.get(3), -1);
 * ```
 */
export class PivotMap {
  /** The slots' keys (−Infinity: empty); shared memory when the map is `shared`. */
  keys: Float64Array;
  /** The slots' values. */
  values: Int32Array;
  private mask: number;
  /** Whether the slots live in SharedArrayBuffers (readable by worker threads). */
  readonly shared: boolean;
  /** Number of keys stored. */
  size = 0;
  /**
   * A membership bitset over the keys' hashes, or null: a key whose bit is
   * clear is not in the map, found without touching the slots (see
   * {@linkcode PivotMap.addFilter}).
   */
  filter: Int32Array | null = null;
  private filterMask = 0;

  /**
   * A map with room for about `expected` keys before it grows; in
   * SharedArrayBuffers when `shared`, so worker threads can read it.
   */
  constructor(expected: number, shared = false) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.shared = shared;
    this.keys = float64Array(capacity, shared).fill(EMPTY);
    this.values = int32Array(capacity, shared);
    this.mask = capacity - 1;
  }

  /**
   * A view of a map's slots (as a worker thread receives them), with the
   * map's filter if it has one; it grows into shared memory when `shared`.
   */
  static view(
    keys: Float64Array,
    values: Int32Array,
    size: number,
    shared = false,
    filter: Int32Array | null = null,
  ): PivotMap {
    const map = new PivotMap(0, shared);
    map.keys = keys;
    map.values = values;
    map.mask = keys.length - 1;
    map.size = size;
    map.useFilter(filter);
    return map;
  }

  /**
   * Build the membership filter of a map that will only be read from now on:
   * 16 bits per key, so that about one absent key in 16 still reaches the
   * slots. It pays on large maps that mostly answer −1: the bitset stays in
   * cache where the slots do not. Maps of fewer than `least` keys get none.
   */
  addFilter(least = 1024): this {
    if (this.size < least) return this;
    let bits = 1024;
    while (bits < 16 * this.size) bits *= 2;
    const filter = this.shared
      ? new Int32Array(new SharedArrayBuffer(bits / 8))
      : new Int32Array(bits / 32);
    const keys = this.keys;
    for (let s = 0; s < keys.length; s++) {
      if (keys[s] === EMPTY) continue;
      const bit = hash(keys[s]) & (bits - 1);
      filter[bit >>> 5] |= 1 << (bit & 31);
    }
    this.useFilter(filter);
    return this;
  }

  private useFilter(filter: Int32Array | null): void {
    this.filter = filter;
    this.filterMask = filter ? filter.length * 32 - 1 : 0;
  }

  /** Add every key of `other` (values from `other`). */
  addAll(other: { keys: Float64Array; values: Int32Array }): void {
    const keys = other.keys, values = other.values;
    for (let s = 0; s < keys.length; s++) if (keys[s] !== EMPTY) this.set(keys[s], values[s]);
  }

  /** The value stored for `key`, or −1. */
  get(key: number): number {
    const keys = this.keys, mask = this.mask, h = hash(key), filter = this.filter;
    if (filter !== null) {
      const bit = h & this.filterMask;
      if ((filter[bit >>> 5] & (1 << (bit & 31))) === 0) return -1;
    }
    let slot = h & mask;
    for (;;) {
      const k = keys[slot];
      if (k === key) return this.values[slot];
      if (k === EMPTY) return -1;
      slot = (slot + 1) & mask;
    }
  }

  /** Store `value` for `key` (replacing any previous value). */
  set(key: number, value: number): void {
    if (this.filter !== null) this.useFilter(null); // it describes the keys it was built from
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys, mask = this.mask;
    let slot = hash(key) & mask;
    for (;;) {
      const k = keys[slot];
      if (k === key) break;
      if (k === EMPTY) {
        keys[slot] = key;
        this.size++;
        break;
      }
      slot = (slot + 1) & mask;
    }
    this.values[slot] = value;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.keys.length * 12;
  }

  private grow(): void {
    const oldKeys = this.keys, oldValues = this.values;
    this.keys = float64Array(oldKeys.length * 2, this.shared).fill(EMPTY);
    this.values = int32Array(oldKeys.length * 2, this.shared);
    this.mask = this.keys.length - 1;
    this.size = 0;
    for (let s = 0; s < oldKeys.length; s++) {
      if (oldKeys[s] !== EMPTY) this.set(oldKeys[s], oldValues[s]);
    }
  }
}

function float64Array(length: number, shared: boolean): Float64Array {
  return shared ? new Float64Array(new SharedArrayBuffer(8 * length)) : new Float64Array(length);
}

function int32Array(length: number, shared: boolean): Int32Array {
  return shared ? new Int32Array(new SharedArrayBuffer(4 * length)) : new Int32Array(length);
}

/** The slot hash of a key (for writers that fill a map's slots themselves). */
export function pivotHash(key: number): number {
  return hash(key);
}

function hash(key: number): number {
  let h = (key >>> 0) ^ Math.imul((key / 4294967296) | 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
