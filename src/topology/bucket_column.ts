/**
 * A bucketed priority queue of simplices (diameter, index) for long working
 * columns: what {@linkcode SimplexHeap} turns into past a million entries.
 *
 * A simplex becomes one float64 key. The float32 diameter's bits split into
 * high bits (the bucket) and low bits, and the key is (low bits) · 2^B +
 * (2^B − 1 − index), where 2^B bounds the indices: within a bucket the keys
 * sort as the filtration does (diameter, then decreasing index), and between
 * buckets the bucket number decides. So an entry costs 8 bytes, not 12, and
 * a push appends to its bucket's chunk (no sifting). The lowest bucket is
 * opened when it is needed: its keys are sorted once and read off in order;
 * keys pushed into it meanwhile go to a small side heap (or back in front of
 * the sorted keys when they come first). Chunks are fixed-size arrays, so the
 * column grows without ever copying itself.
 *
 * @module
 */

/** Entries per chunk. */
const CHUNK = 2048;
/** At most this many buckets (from diameter 0 up to the largest). */
const MAX_BUCKETS = 2 ** 16;

const FLOAT = new Float32Array(1);
const BITS = new Uint32Array(FLOAT.buffer);

/**
 * The bucket layout for simplex indices in [0, maxIndex] and diameters in
 * [0, maxDiameter], or null where keys would not be exact (indices beyond
 * 2^42, or a diameter that is not finite).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bucketLayout } from "./bucket_column.ts";
 * assert.ok(bucketLayout(1e11, 1.4) !== null);
 * assert.equal(bucketLayout(2 ** 50, 1.4), null);
 * ```
 */
export function bucketLayout(maxIndex: number, maxDiameter: number): BucketLayout | null {
  if (!(maxIndex >= 0) || !Number.isFinite(maxDiameter) || maxDiameter < 0) return null;
  let indexBits = 1;
  while (2 ** indexBits <= maxIndex) indexBits++;
  FLOAT[0] = maxDiameter;
  const top = BITS[0];
  let fineBits = 0;
  while ((top >>> fineBits) >= MAX_BUCKETS) fineBits++;
  if (fineBits + indexBits > 53) return null;
  return { indexBits, fineBits, buckets: (top >>> fineBits) + 1 };
}

/** How keys are made: bits of the index, low bits of the diameter, number of buckets. */
export interface BucketLayout {
  /** B: indices are below 2^B. */
  indexBits: number;
  /** The diameter's low bits kept in the key; the rest name the bucket. */
  fineBits: number;
  /** Number of buckets. */
  buckets: number;
}

/**
 * Bucketed min-queue of (diameter, index) keys with Z/2 cancellation on pop,
 * in the filtration order of {@linkcode SimplexHeap}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BucketColumn, bucketLayout } from "./bucket_column.ts";
 * const column = new BucketColumn(bucketLayout(100, 2)!);
 * column.push(Math.fround(0.5), 3);
 * column.push(Math.fround(0.5), 9);
 * column.push(Math.fround(0.5), 9);
 * column.push(Math.fround(1.5), 4);
 * assert.ok(column.popPivot());
 * assert.equal(column.pivotIndex, 3);
 * assert.ok(column.popPivot());
 * assert.equal(column.pivotIndex, 4);
 * assert.ok(!column.popPivot());
 * ```
 */
export class BucketColumn {
  /** Number of entries. */
  size = 0;
  /** Diameter of the pivot found by the last {@linkcode BucketColumn.popPivot}. */
  pivotDiameter = 0;
  /** Index of that pivot, −1 when the column is zero. */
  pivotIndex = -1;

  private readonly indexScale: number;
  private readonly maxIndex: number;
  private readonly fineBits: number;
  private readonly fineMask: number;
  /** Per bucket: its last chunk (−1: empty) and the entries in that chunk. */
  private readonly tail: Int32Array;
  private readonly fill: Int32Array;
  /** Per chunk: the chunk before it in its bucket (−1: none). */
  private previous: number[] = [];
  private chunks: Float64Array[] = [];
  private free: number[] = [];
  /** No bucket below this one holds entries (while none is open). */
  private low: number;
  /** The open bucket, −1 when none: its keys are front[pos..length) and the side heap. */
  private open = -1;
  private front = new Float64Array(CHUNK);
  private pos = 0;
  private length = 0;
  private side = new Float64Array(256);
  private sideSize = 0;

  constructor(layout: BucketLayout) {
    this.indexScale = 2 ** layout.indexBits;
    this.maxIndex = this.indexScale - 1;
    this.fineBits = layout.fineBits;
    this.fineMask = layout.fineBits === 0 ? 0 : (2 ** layout.fineBits - 1) | 0;
    this.tail = new Int32Array(layout.buckets).fill(-1);
    this.fill = new Int32Array(layout.buckets);
    this.low = layout.buckets;
  }

  /** Add one entry. */
  push(d: number, i: number): void {
    FLOAT[0] = d;
    const bits = d > 0 ? BITS[0] : 0;
    const bucket = bits >>> this.fineBits;
    const key = (bits & this.fineMask) * this.indexScale + (this.maxIndex - i);
    this.size++;
    if (bucket === this.open) {
      this.pushFront(key);
      return;
    }
    if (bucket < this.open) this.close();
    this.append(bucket, key);
  }

  /**
   * Pop the pivot, cancelling pairs of equal entries (Z/2). Returns false when
   * the column is zero; otherwise the pivot is in `pivotDiameter`/`pivotIndex`.
   */
  popPivot(): boolean {
    for (;;) {
      const key = this.popKey();
      if (key < 0) {
        this.pivotIndex = -1;
        return false;
      }
      const bucket = this.open;
      if (this.openMin() === key) {
        this.popKey();
        continue;
      }
      const fine = Math.floor(key / this.indexScale);
      this.pivotIndex = this.maxIndex - (key - fine * this.indexScale);
      BITS[0] = ((bucket << this.fineBits) | fine) >>> 0;
      this.pivotDiameter = FLOAT[0];
      return true;
    }
  }

  /** Every entry, in no particular order, as (diameter, index) pairs to `sink`; the column is left empty. */
  drain(sink: (d: number, i: number) => void): void {
    while (this.popRaw(sink));
  }

  /** Pop one entry without cancelling, to `sink`; false when empty. */
  private popRaw(sink: (d: number, i: number) => void): boolean {
    const key = this.popKey();
    if (key < 0) return false;
    const fine = Math.floor(key / this.indexScale);
    BITS[0] = ((this.open << this.fineBits) | fine) >>> 0;
    sink(FLOAT[0], this.maxIndex - (key - fine * this.indexScale));
    return true;
  }

  /** Append a key to its bucket's last chunk. */
  private append(bucket: number, key: number): void {
    let chunk = this.tail[bucket], at = this.fill[bucket];
    if (chunk < 0 || at === CHUNK) {
      const fresh = this.free.length > 0 ? this.free.pop()! : this.newChunk();
      this.previous[fresh] = chunk;
      this.tail[bucket] = chunk = fresh;
      at = 0;
      if (bucket < this.low) this.low = bucket;
    }
    this.chunks[chunk][at] = key;
    this.fill[bucket] = at + 1;
  }

  private newChunk(): number {
    this.chunks.push(new Float64Array(CHUNK));
    this.previous.push(-1);
    return this.chunks.length - 1;
  }

  /** A key into the open bucket: in front of the sorted keys when it comes first, else the side heap. */
  private pushFront(key: number): void {
    const pos = this.pos;
    if (pos > 0 && (pos === this.length || key <= this.front[pos])) {
      this.front[--this.pos] = key;
      return;
    }
    if (this.sideSize === this.side.length) {
      const side = new Float64Array(2 * this.side.length);
      side.set(this.side);
      this.side = side;
    }
    const side = this.side;
    let p = this.sideSize++;
    while (p > 0) {
      const q = (p - 1) >> 1;
      if (side[q] <= key) break;
      side[p] = side[q];
      p = q;
    }
    side[p] = key;
  }

  /**
   * The smallest key of the open bucket, −1 when it has none (a key of a
   * later bucket never equals one of this bucket's: no need to open it).
   */
  private openMin(): number {
    const f = this.pos < this.length ? this.front[this.pos] : Infinity;
    const min = this.sideSize > 0 && this.side[0] < f ? this.side[0] : f;
    return min === Infinity ? -1 : min;
  }

  /** Remove and return the smallest key, −1 when the column is empty. */
  private popKey(): number {
    if (!this.ready()) return -1;
    this.size--;
    const f = this.pos < this.length ? this.front[this.pos] : Infinity;
    if (this.sideSize > 0 && this.side[0] < f) return this.popSide();
    this.pos++;
    return f;
  }

  private popSide(): number {
    const side = this.side, top = side[0];
    const size = --this.sideSize;
    const key = side[size];
    let p = 0;
    for (;;) {
      let c = 2 * p + 1;
      if (c >= size) break;
      if (c + 1 < size && side[c + 1] < side[c]) c++;
      if (key <= side[c]) break;
      side[p] = side[c];
      p = c;
    }
    side[p] = key;
    return top;
  }

  /** Whether the open bucket has a key, opening the next bucket with keys when it has none. */
  private ready(): boolean {
    if (this.open >= 0) {
      if (this.pos < this.length || this.sideSize > 0) return true;
      this.low = this.open + 1;
      this.open = -1;
    }
    const tail = this.tail, buckets = tail.length;
    let b = this.low;
    while (b < buckets && tail[b] < 0) b++;
    this.low = b;
    if (b === buckets) return false;
    this.openBucket(b);
    return true;
  }

  /** Move bucket b's keys into `front`, sorted, and free its chunks. */
  private openBucket(b: number): void {
    let count = this.fill[b];
    for (let c = this.previous[this.tail[b]]; c >= 0; c = this.previous[c]) count += CHUNK;
    if (count > this.front.length) {
      let capacity = this.front.length;
      while (capacity < count) capacity *= 2;
      this.front = new Float64Array(capacity);
    }
    const front = this.front;
    let at = 0, chunk = this.tail[b], used = this.fill[b];
    while (chunk >= 0) {
      front.set(used === CHUNK ? this.chunks[chunk] : this.chunks[chunk].subarray(0, used), at);
      at += used;
      this.free.push(chunk);
      chunk = this.previous[chunk];
      used = CHUNK;
    }
    this.tail[b] = -1;
    this.fill[b] = 0;
    front.subarray(0, count).sort();
    this.open = b;
    this.pos = 0;
    this.length = count;
    this.sideSize = 0;
  }

  /** Put the open bucket's keys back into its chunks (a key went below it). */
  private close(): void {
    const b = this.open;
    this.open = -1;
    for (let p = this.pos; p < this.length; p++) this.append(b, this.front[p]);
    for (let s = 0; s < this.sideSize; s++) this.append(b, this.side[s]);
    this.pos = this.length = this.sideSize = 0;
  }
}
