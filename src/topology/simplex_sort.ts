/**
 * Sorting simplices (float32 diameter, integer index) held in parallel typed
 * arrays, by an LSD radix sort on the diameter's bits (non-negative float32
 * values order like their bit patterns).
 *
 * @module
 */

/**
 * Sort `count` simplices in place by diameter — ascending, or descending when
 * `descending` — keeping the input order among equal diameters (stable), or,
 * when `tieByIndex` is set, putting equal diameters in ascending index order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sortSimplices } from "./simplex_sort.ts";
 * const diameter = new Float32Array([2, 1, 2]), index = new Float64Array([9, 4, 3]);
 * sortSimplices(diameter, index, 3, true, true);
 * assert.equal(index.join(), "3,9,4");
 * ```
 */
export function sortSimplices(
  diameter: Float32Array,
  index: Float64Array,
  count: number,
  descending: boolean,
  tieByIndex: boolean,
): void {
  const bits = new Uint32Array(diameter.buffer, diameter.byteOffset, count);
  let keys = new Uint32Array(count), order = new Uint32Array(count);
  let keys2 = new Uint32Array(count), order2 = new Uint32Array(count);
  const flip = descending ? 0xffffffff : 0;
  for (let i = 0; i < count; i++) {
    keys[i] = (bits[i] ^ flip) >>> 0;
    order[i] = i;
  }
  if (count === 0) return;
  const histogram = new Uint32Array(2048);
  for (let shift = 0; shift < 32; shift += 11) {
    histogram.fill(0);
    for (let i = 0; i < count; i++) histogram[(keys[i] >>> shift) & 2047]++;
    if (histogram[(keys[0] >>> shift) & 2047] === count) continue; // nothing moves
    let sum = 0;
    for (let b = 0; b < 2048; b++) {
      const c = histogram[b];
      histogram[b] = sum;
      sum += c;
    }
    for (let i = 0; i < count; i++) {
      const b = (keys[i] >>> shift) & 2047;
      const p = histogram[b]++;
      keys2[p] = keys[i];
      order2[p] = order[i];
    }
    [keys, keys2] = [keys2, keys];
    [order, order2] = [order2, order];
  }
  const d2 = new Float32Array(count), i2 = new Float64Array(count);
  for (let p = 0; p < count; p++) {
    const q = order[p];
    d2[p] = diameter[q];
    i2[p] = index[q];
  }
  diameter.set(d2);
  index.set(i2);
  if (!tieByIndex) return;
  let start = 0;
  while (start < count) {
    let end = start + 1;
    const d = diameter[start];
    while (end < count && diameter[end] === d) end++;
    if (end - start > 1) sortRun(index, start, end);
    start = end;
  }
}

function sortRun(index: Float64Array, start: number, end: number): void {
  if (end - start > 24) {
    index.subarray(start, end).sort();
    return;
  }
  for (let i = start + 1; i < end; i++) {
    const x = index[i];
    let j = i - 1;
    while (j >= start && index[j] > x) {
      index[j + 1] = index[j];
      j--;
    }
    index[j + 1] = x;
  }
}
