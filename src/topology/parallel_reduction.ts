/**
 * Lock-free parallel reduction of the coboundary columns of one dimension,
 * after Morozov & Nigmetov ("Towards lockfree persistent homology", 2020)
 * and giotto-ph (Pérez, Hess, Tauzin et al. 2021). Worker threads take blocks
 * of columns in filtration order from a shared counter and reduce them over
 * one pivot table in a SharedArrayBuffer:
 *
 * - a column whose pivot belongs to an earlier column adds that column (its
 *   coboundary and the published reduction entries) and goes on;
 * - a pivot that belongs to a later column is taken over by compare-and-swap,
 *   and the thread then reduces the column it displaced, from where that one
 *   had got to;
 * - a pivot nobody holds is claimed by compare-and-swap on a free slot.
 *
 * Only earlier columns are ever added, so every column stays a valid
 * combination, and at the end the pivots are distinct: the reduced matrix
 * whose pairing is unique. So the intervals are those of the reduction on one
 * thread, and they are written in column order, as one thread writes them.
 *
 * A column's reduction entries (the simplices whose coboundaries were added)
 * are published as an immutable version in an append-only arena, a growable
 * SharedArrayBuffer, before its pivot is claimed: a thread that reads the
 * pivot's owner also reads a complete version of its entries.
 *
 * @module
 */

import type { Chunk, MapSlots } from "./rips_parallel.ts";
import { pivotHash, PivotMap } from "./pivot_map.ts";
import type { RipsCohomology } from "./rips_cohomology.ts";
import { SimplexList } from "./simplex_list.ts";

/** The key of an empty slot (as in PivotMap). */
const EMPTY = -Infinity;
/** Slot values: free, and claimed while its key is being written. */
const FREE = -1, WRITING = -2;
/** Columns a thread takes from the shared counter at a time. */
const BLOCK = 32;

/** The shared state of one dimension's reduction, as every worker receives it. */
export interface SharedReduction {
  /** The dimension of the columns. */
  dim: number;
  /** The columns, in reduction order. */
  columns: Chunk;
  /** The pivot table's slots (keys −Infinity and values −1 when free). */
  table: MapSlots;
  /** The zero apparent pairs of dimension dim + 1 (see RipsCohomology.apparent). */
  apparent: MapSlots | null;
  /** Per column: the arena offset of its published reduction entries, −1 for none. */
  head: Int32Array;
  /** The arena's diameters and indices (growable); entry `offset` of a version holds its length. */
  arenaDiameter: SharedArrayBuffer;
  arenaIndex: SharedArrayBuffer;
  /** Arena entries handed out so far (one Int32, updated atomically). */
  arenaTop: Int32Array;
  /** The next column to take (one Int32, updated atomically). */
  next: Int32Array;
  /** Per column: its pivot's index (NaN when the column reduces to zero) and diameter. */
  pivotIndex: Float64Array;
  pivotDiameter: Float32Array;
}

/**
 * The shared state for reducing `columns` (shared arrays) of dimension dim.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sharedReduction } from "./parallel_reduction.ts";
 * import { SimplexList } from "./simplex_list.ts";
 * const columns = new SimplexList(16, true);
 * columns.push(1, 0);
 * const job = sharedReduction(1, columns, null);
 * assert.equal(job.head[0], -1);
 * assert.ok(job.table.keys.length >= 2);
 * ```
 */
export function sharedReduction(
  dim: number,
  columns: SimplexList,
  apparent: MapSlots | null,
): SharedReduction {
  const count = columns.size;
  let capacity = 16;
  while (capacity < 2 * count) capacity *= 2;
  const table = {
    keys: new Float64Array(new SharedArrayBuffer(8 * capacity)).fill(EMPTY),
    values: new Int32Array(new SharedArrayBuffer(4 * capacity)).fill(FREE),
    size: 0,
  };
  // the arena reserves address space only; pages are committed as it grows
  const maxEntries = Math.min(2 ** 31 - 1, Math.floor(Deno.systemMemoryInfo().total / 12));
  const initial = Math.min(maxEntries, Math.max(1024, count));
  return {
    dim,
    columns: { diameter: columns.diameter, index: columns.index, size: count },
    table,
    apparent,
    head: new Int32Array(new SharedArrayBuffer(4 * Math.max(1, count))).fill(-1),
    ...arena(initial, maxEntries),
    arenaTop: new Int32Array(new SharedArrayBuffer(4)),
    next: new Int32Array(new SharedArrayBuffer(4)),
    pivotIndex: new Float64Array(new SharedArrayBuffer(8 * Math.max(1, count))).fill(NaN),
    pivotDiameter: new Float32Array(new SharedArrayBuffer(4 * Math.max(1, count))),
  };
}

/** The arena's buffers, reserving room for `maxEntries` (less where the system reserves less). */
function arena(
  initial: number,
  maxEntries: number,
): { arenaDiameter: SharedArrayBuffer; arenaIndex: SharedArrayBuffer } {
  for (let max = maxEntries;; max = Math.floor(max / 2)) {
    try {
      return {
        arenaDiameter: new SharedArrayBuffer(4 * initial, { maxByteLength: 4 * max }),
        arenaIndex: new SharedArrayBuffer(8 * initial, { maxByteLength: 8 * max }),
      };
    } catch (error) {
      if (!(error instanceof RangeError) || max <= initial) throw error;
    }
  }
}

/**
 * A pivot table several threads read and claim at once: open addressing with
 * linear probing over PivotMap's slot layout, so that it reads as a PivotMap
 * once every thread is done. A writer claims a free slot by compare-and-swap
 * of its value from −1 to −2, writes the key, then stores the column; a
 * reader that meets a slot being written waits for it. Keys are never removed;
 * a pivot changes hands by compare-and-swap of the value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ConcurrentPivotTable } from "./parallel_reduction.ts";
 * const slots = { keys: new Float64Array(16).fill(-Infinity), values: new Int32Array(16).fill(-1) };
 * const table = new ConcurrentPivotTable(slots);
 * assert.equal(table.claim(2 ** 40, 5), -1);
 * assert.equal(table.claim(2 ** 40, 3), 5);
 * assert.ok(table.replace(2 ** 40, 5, 3));
 * assert.equal(table.get(2 ** 40), 3);
 * assert.equal(table.get(7), -1);
 * ```
 */
export class ConcurrentPivotTable {
  private readonly keys: Float64Array;
  private readonly values: Int32Array;
  private readonly mask: number;

  constructor(slots: { keys: Float64Array; values: Int32Array }) {
    this.keys = slots.keys;
    this.values = slots.values;
    this.mask = slots.keys.length - 1;
  }

  /** The column holding `key`, or −1. */
  get(key: number): number {
    const keys = this.keys, values = this.values, mask = this.mask;
    let slot = pivotHash(key) & mask;
    for (;;) {
      const k = keys[slot];
      if (k === key) return this.settled(slot);
      if (k === EMPTY) {
        const v = Atomics.load(values, slot);
        if (v === FREE) return -1;
        continue; // a key is being written here: read the slot again
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Give `key` to `column` if no column holds it (returns −1), else the column that does. */
  claim(key: number, column: number): number {
    const keys = this.keys, values = this.values, mask = this.mask;
    let slot = pivotHash(key) & mask;
    for (;;) {
      const v = Atomics.load(values, slot);
      if (v === FREE) {
        if (Atomics.compareExchange(values, slot, FREE, WRITING) !== FREE) continue;
        keys[slot] = key;
        Atomics.store(values, slot, column);
        return -1;
      }
      if (v === WRITING) continue;
      if (keys[slot] === key) return v;
      slot = (slot + 1) & mask;
    }
  }

  /** Move `key` from column `owner` to `column`; false when it is no longer `owner`'s. */
  replace(key: number, owner: number, column: number): boolean {
    const keys = this.keys, mask = this.mask;
    let slot = pivotHash(key) & mask;
    while (keys[slot] !== key) slot = (slot + 1) & mask;
    return Atomics.compareExchange(this.values, slot, owner, column) === owner;
  }

  /** The value of a slot whose key is written (waiting out the writer's last store). */
  private settled(slot: number): number {
    for (;;) {
      const v = Atomics.load(this.values, slot);
      if (v !== WRITING) return v;
    }
  }
}

/** Reduce columns until the shared counter runs out (a worker thread's part); returns the displacements. */
export function reduceShared(engine: RipsCohomology, job: SharedReduction): number {
  const reducer = new ColumnReducer(engine, job);
  const count = job.columns.size;
  let displaced = 0;
  for (;;) {
    const start = Atomics.add(job.next, 0, BLOCK);
    if (start >= count) break;
    const end = Math.min(count, start + BLOCK);
    for (let c = start; c < end; c++) {
      let j = reducer.reduce(c, true);
      while (j >= 0) {
        displaced++;
        j = reducer.reduce(j, false);
      }
    }
  }
  return displaced;
}

/** One thread's reduction of single columns over the shared state. */
class ColumnReducer {
  private readonly table: ConcurrentPivotTable;
  private readonly arenaDiameter: Float32Array;
  private readonly arenaIndex: Float64Array;
  private readonly scratch = new SimplexList(1024);

  constructor(readonly engine: RipsCohomology, readonly job: SharedReduction) {
    this.table = new ConcurrentPivotTable(job.table);
    // length-tracking views: they follow the arena as any thread grows it
    this.arenaDiameter = new Float32Array(job.arenaDiameter);
    this.arenaIndex = new Float64Array(job.arenaIndex);
  }

  /**
   * Reduce column j — fresh, or displaced from its pivot and resumed from its
   * published entries — until it is zero or holds a pivot. Returns the column
   * it displaced, or −1.
   */
  reduce(j: number, fresh: boolean): number {
    const { engine, job, table } = this;
    const { dim, columns } = job;
    const d = columns.diameter[j], idx = columns.index[j];
    engine.reduction.clear();
    if (!fresh) this.resume(j);
    else if (engine.initCoboundary(d, idx, dim, table)) {
      // an emergent pair: its entries are none (head −1), its pivot has diameter d
      const pi = engine.emergentIndex;
      job.pivotIndex[j] = pi;
      job.pivotDiameter[j] = d;
      const owner = table.claim(pi, j);
      if (owner < 0) return -1;
      if (owner > j && table.replace(pi, owner, j)) return owner;
      engine.startCoboundary(d, idx, dim);
    }
    return this.reduceWorking(j);
  }

  /** The reduction loop of column j over its working coboundary. */
  private reduceWorking(j: number): number {
    const { engine, job, table } = this;
    const work = engine.work, dim = job.dim;
    for (;;) {
      if (!engine.nextPivot(dim)) {
        job.pivotIndex[j] = NaN;
        return -1;
      }
      const pd = work.pivotDiameter, pi = work.pivotIndex;
      const owner = table.get(pi);
      if (owner === j) throw new Error(`parallel reduction: column ${j} met its own pivot ${pi}`);
      if (owner >= 0 && owner < j) {
        this.addColumn(owner);
        continue;
      }
      if (owner < 0) {
        const facet = engine.apparentFacet(pd, pi, dim);
        if (facet >= 0) {
          engine.addCoboundary(pd, facet, dim);
          continue;
        }
      }
      // publish the entries and the pivot first: whoever reads the claim reads them
      this.publish(j);
      job.pivotIndex[j] = pi;
      job.pivotDiameter[j] = pd;
      engine.learnGap(job.columns.diameter[j], pd);
      if (owner < 0 ? table.claim(pi, j) < 0 : table.replace(pi, owner, j)) return owner;
      this.restore(); // another thread came first: go on from the same column
    }
  }

  /** Column i's coboundary and those of its published entries, added to the working column. */
  private addColumn(i: number): void {
    const { engine, job } = this;
    engine.addCoboundary(job.columns.diameter[i], job.columns.index[i], job.dim);
    this.addEntries(i);
  }

  /** Rebuild displaced column j's working coboundary and reduction entries from its version. */
  private resume(j: number): void {
    const { engine, job } = this;
    engine.startCoboundary(job.columns.diameter[j], job.columns.index[j], job.dim);
    this.addEntries(j);
  }

  /** The coboundaries of column c's published reduction entries, added (and the entries recorded). */
  private addEntries(c: number): void {
    const { engine, job } = this;
    const version = Atomics.load(job.head, c);
    if (version < 0) return;
    const diameter = this.arenaDiameter, index = this.arenaIndex;
    const end = version + index[version];
    for (let e = version + 1; e <= end; e++) engine.addCoboundary(diameter[e], index[e], job.dim);
  }

  /** Write column j's reduction entries (Z/2: pairs cancel) as a new version; keep them in `scratch`. */
  private publish(j: number): void {
    const reduction = this.engine.reduction, scratch = this.scratch;
    scratch.size = 0;
    while (reduction.popPivot()) scratch.push(reduction.pivotDiameter, reduction.pivotIndex);
    const length = scratch.size;
    if (length === 0) {
      Atomics.store(this.job.head, j, -1);
      return;
    }
    const offset = this.allocate(length + 1);
    const diameter = this.arenaDiameter, index = this.arenaIndex;
    index[offset] = length;
    diameter.set(scratch.diameter.subarray(0, length), offset + 1);
    index.set(scratch.index.subarray(0, length), offset + 1);
    Atomics.store(this.job.head, j, offset);
  }

  /** Put the published entries back into the reduction column (after a lost claim). */
  private restore(): void {
    const reduction = this.engine.reduction, scratch = this.scratch;
    for (let e = 0; e < scratch.size; e++) reduction.push(scratch.diameter[e], scratch.index[e]);
  }

  /** The offset of `size` fresh arena entries, growing the arena as needed. */
  private allocate(size: number): number {
    const { arenaDiameter, arenaIndex, arenaTop } = this.job;
    const offset = Atomics.add(arenaTop, 0, size);
    const need = offset + size;
    const max = arenaIndex.maxByteLength / 8;
    if (need > max || offset < 0) {
      throw new RangeError(
        `parallel reduction: the reduction entries need more than ${max} arena entries`,
      );
    }
    while (arenaIndex.byteLength < 8 * need || arenaDiameter.byteLength < 4 * need) {
      const target = Math.min(max, Math.max(need, 2 * (arenaIndex.byteLength / 8)));
      // a grow to less than another thread already grew it throws: then read the length again
      try {
        if (arenaIndex.byteLength < 8 * target) arenaIndex.grow(8 * target);
      } catch { /* grown meanwhile */ }
      try {
        if (arenaDiameter.byteLength < 4 * target) arenaDiameter.grow(4 * target);
      } catch { /* grown meanwhile */ }
    }
    return offset;
  }
}

/**
 * After every thread is done: the intervals of dimension dim into the
 * engine's diagram in column order (as the reduction on one thread writes
 * them), and the pivot table as a PivotMap for the clearing of the next
 * dimension. Checks that the table and the columns' pivots agree.
 */
export function recordReduction(engine: RipsCohomology, job: SharedReduction): PivotMap {
  const { columns, pivotIndex, pivotDiameter, table } = job;
  const diagram = engine.diagrams[job.dim];
  let pivots = 0;
  for (let c = 0; c < columns.size; c++) {
    const d = columns.diameter[c], pi = pivotIndex[c];
    if (Number.isNaN(pi)) diagram.push([d, Infinity]);
    else {
      pivots++;
      const pd = pivotDiameter[c];
      if (pd > d) diagram.push([d, pd]);
    }
  }
  let size = 0;
  for (let s = 0; s < table.keys.length; s++) {
    if (table.keys[s] === EMPTY) continue;
    size++;
    const column = table.values[s];
    if (pivotIndex[column] !== table.keys[s]) {
      throw new Error(
        `parallel reduction: pivot ${table.keys[s]} is held by column ${column}, ` +
          `whose pivot is ${pivotIndex[column]}`,
      );
    }
  }
  if (size !== pivots) {
    throw new Error(`parallel reduction: ${size} pivots in the table, ${pivots} columns with one`);
  }
  return PivotMap.view(table.keys, table.values, size, true);
}
