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
  if (count === 0) return;
  const bits = new Uint32Array(diameter.buffer, diameter.byteOffset, count);
  const flip = descending ? 0xffffffff : 0;
  const histograms = new Uint32Array(3 * RADIX);
  let keys = new Uint32Array(count), keys2 = new Uint32Array(count);
  // the keys and all three digits' histograms in one pass
  for (let i = 0; i < count; i++) {
    const key = (bits[i] ^ flip) >>> 0;
    keys[i] = key;
    histograms[key & MASK]++;
    histograms[RADIX + ((key >>> 11) & MASK)]++;
    histograms[2 * RADIX + (key >>> 22)]++;
  }
  let order: Uint32Array<ArrayBuffer> | null = null, order2 = new Uint32Array(count);
  for (let pass = 0; pass < 3; pass++) {
    const shift = 11 * pass, histogram = histograms.subarray(pass * RADIX, (pass + 1) * RADIX);
    if (!bucketStarts(histogram, (keys[0] >>> shift) & MASK, count)) continue;
    for (let i = 0; i < count; i++) {
      const p = histogram[(keys[i] >>> shift) & MASK]++;
      keys2[p] = keys[i];
      order2[p] = order === null ? i : order[i];
    }
    [keys, keys2] = [keys2, keys];
    const previous = order;
    order = order2;
    order2 = previous ?? new Uint32Array(count);
  }
  // (no pass moved anything when all keys are equal: already in place, stable)
  if (order !== null) {
    const sorted = new Float64Array(count);
    for (let p = 0; p < count; p++) sorted[p] = index[order[p]];
    index.set(sorted);
    // the diameters are their keys' bits
    for (let p = 0; p < count; p++) bits[p] = (keys[p] ^ flip) >>> 0;
  }
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

const RADIX = 2048, MASK = RADIX - 1;

/**
 * Sort the first `count` keys ascending, stable, each carrying its payload
 * along (an LSD radix sort, 11 bits a pass, a pass skipped when every key has
 * the same digit there). Returns the sorted keys and payloads: the arrays
 * given or two new ones. Non-negative float32 values order like their bits.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sortKeyed } from "./simplex_sort.ts";
 * const [keys, payload] = sortKeyed(new Uint32Array([5, 1, 5, 0]), new Uint32Array([0, 1, 2, 3]), 4);
 * assert.deepEqual([...keys], [0, 1, 5, 5]);
 * assert.deepEqual([...payload], [3, 1, 0, 2]);
 * ```
 */
export function sortKeyed(
  keys: Uint32Array,
  payload: Uint32Array,
  count: number,
): [Uint32Array, Uint32Array] {
  const histograms = new Uint32Array(3 * RADIX);
  for (let i = 0; i < count; i++) {
    const key = keys[i];
    histograms[key & MASK]++;
    histograms[RADIX + ((key >>> 11) & MASK)]++;
    histograms[2 * RADIX + (key >>> 22)]++;
  }
  let keys2: Uint32Array | null = null, payload2: Uint32Array | null = null;
  for (let pass = 0; pass < 3 && count > 0; pass++) {
    const shift = 11 * pass, histogram = histograms.subarray(pass * RADIX, (pass + 1) * RADIX);
    if (!bucketStarts(histogram, (keys[0] >>> shift) & MASK, count)) continue;
    keys2 ??= new Uint32Array(count);
    payload2 ??= new Uint32Array(count);
    for (let i = 0; i < count; i++) {
      const key = keys[i], p = histogram[(key >>> shift) & MASK]++;
      keys2[p] = key;
      payload2[p] = payload[i];
    }
    [keys, keys2] = [keys2, keys];
    [payload, payload2] = [payload2, payload];
  }
  return [keys, payload];
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

/**
 * Turn one digit's histogram into each bucket's first position; false (and
 * the histogram left as it is) when every key falls in `bucket`, the first
 * key's: then the pass moves nothing.
 */
function bucketStarts(histogram: Uint32Array, bucket: number, count: number): boolean {
  if (histogram[bucket] === count) return false;
  let sum = 0;
  for (let b = 0; b < histogram.length; b++) {
    const c = histogram[b];
    histogram[b] = sum;
    sum += c;
  }
  return true;
}
