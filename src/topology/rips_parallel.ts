/**
 * The Vietoris–Rips engine of rips_cohomology.ts on several threads. The
 * apparent-pair searches — which edges have a zero apparent cofacet, and for
 * each dimension which cofacets are cleared, in a zero apparent pair or a
 * column to reduce — are independent per simplex and take most of the time
 * on large inputs (on o3_1024 at dim 3, four fifths). Worker threads run them
 * on ranges of the simplices over the same distance rows, pivot maps and
 * apparent-pair maps in SharedArrayBuffers; the main thread reduces the
 * columns. The columns are sorted by a total order and the maps are looked
 * up by key, so the result is the same intervals in the same order as on one
 * thread, whatever the scheduling.
 *
 * @module
 */

import type { Diagram } from "./diagram.ts";
import { recordReduction, type SharedReduction, sharedReduction } from "./parallel_reduction.ts";
import { pivotHash, PivotMap } from "./pivot_map.ts";
import {
  type CofacetMode,
  type EngineOptions,
  RipsCohomology,
  type RipsGeometry,
} from "./rips_cohomology.ts";
import { SimplexList } from "./simplex_list.ts";
import { sortSimplices } from "./simplex_sort.ts";

/** A list of simplices as a worker receives it. */
export interface Chunk {
  /** Diameters. */
  diameter: Float32Array;
  /** Indices. */
  index: Float64Array;
  /** Number of simplices. */
  size: number;
}

/** A pivot or apparent-pair map's slots, as a worker receives them. */
export interface MapSlots {
  /** Slot keys (−Infinity: empty). */
  keys: Float64Array;
  /** Slot values. */
  values: Int32Array;
  /** Number of keys. */
  size: number;
  /** The map's membership filter, if it has one (see PivotMap.addFilter). */
  filter?: Int32Array | null;
}

/** A message to a worker thread. */
export type WorkerRequest =
  | {
    kind: "init";
    id: number;
    lower: Float32Array;
    n: number;
    maxDim: number;
    threshold: number;
    sparse: boolean;
    shiftTop?: boolean;
    bucketAfter?: number;
    geometry: RipsGeometry;
  }
  | { kind: "edges"; id: number; chunk: Chunk; start: number; end: number }
  | { kind: "reduce"; id: number; job: SharedReduction }
  | {
    kind: "assemble";
    id: number;
    dim: number;
    chunk: Chunk;
    start: number;
    end: number;
    pivots: MapSlots;
    apparent: MapSlots | null;
    keep: boolean;
    /** The shared table the workers fill with the next dimension's zero apparent pairs. */
    sink: SharedSlots | null;
  };

/** A shared hash table that several threads fill at once (see {@linkcode ConcurrentMapWriter}). */
export interface SharedSlots {
  /** Slot keys, −Infinity when empty. */
  keys: Float64Array;
  /** Slot values, −1 when the slot is free (claimed by compare-and-swap). */
  values: Int32Array;
  /** Entries claimed so far, one Int32 updated atomically. */
  count: Int32Array;
  /** Entries the table takes before writers keep the rest to themselves. */
  limit: number;
}

/** A worker thread's answer. */
export type WorkerResult =
  | { kind: "ready"; id: number }
  | { kind: "edges"; id: number; vertices: Int32Array }
  | { kind: "reduce"; id: number; displaced: number }
  | {
    kind: "assemble";
    id: number;
    columns: Chunk;
    next: Chunk | null;
    apparent: MapSlots | null;
  };

const EMPTY_CHUNK: Chunk = { diameter: new Float32Array(0), index: new Float64Array(0), size: 0 };

/** Tasks per thread and step: enough for balance, few enough to keep messages cheap. */
const TASKS_PER_THREAD = 8;

/** Fewest columns of a dimension worth reducing on the worker threads. */
const MIN_PARALLEL_COLUMNS = 64;

/**
 * The diagrams of `ripsCohomology` (rips_cohomology.ts), with the apparent-pair
 * searches on `threads` worker threads (the main thread waits meanwhile, and
 * reduces the columns): the same intervals in the same order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ripsCohomologyParallel } from "./rips_parallel.ts";
 * import { ripsCohomology } from "./rips_cohomology.ts";
 * const s = Math.fround(Math.SQRT2);
 * const lower = new Float32Array([1, s, 1, 1, s, 1]);
 * const diagrams = await ripsCohomologyParallel(lower, 4, { maxDim: 2, threshold: 2, threads: 2 });
 * assert.deepEqual(diagrams, ripsCohomology(lower, 4, 2, 2, "dense"));
 * ```
 */
export async function ripsCohomologyParallel(
  lower: Float32Array,
  n: number,
  options: {
    maxDim: number;
    threshold: number;
    threads: number;
    mode?: CofacetMode;
    engine?: EngineOptions;
    /** Sampled number of k-simplices, entry k (sizes the shared apparent-pair tables). */
    simplices?: number[];
    /**
     * Dimensions with fewer columns than this are reduced on the calling
     * thread (default 64: below, a round of messages costs more than it saves).
     */
    minParallelColumns?: number;
    /** Counts added to: columns reduced on the workers, and columns whose pivot another took over. */
    stats?: { columns: number; displaced: number };
  },
): Promise<Diagram[]> {
  const { maxDim, threshold, threads } = options;
  const sparse = options.mode === "sparse";
  const engine = new RipsCohomology(lower, n, maxDim, threshold, sparse, {
    ...options.engine,
    shared: true,
  });
  const pool = new WorkerPool(threads);
  try {
    await pool.run([{
      kind: "init",
      id: 0,
      lower: sparse ? sharedCopy(lower) : new Float32Array(0),
      n,
      maxDim,
      threshold,
      sparse,
      shiftTop: options.engine?.shiftTop,
      bucketAfter: options.engine?.bucketAfter,
      geometry: engine.geometry,
    }], true);
    const edges = engine.edges();
    const vertices = maxDim > 0 ? await edgeApparentVertices(pool, edges) : null;
    let columns = engine.dim0Pairs(edges, vertices);
    let chunks: Chunk[] = [edges];
    const minColumns = options.minParallelColumns ?? MIN_PARALLEL_COLUMNS;
    for (let dim = 1; dim <= maxDim; dim++) {
      const pivots = columns.size >= minColumns
        ? await reduceParallel(pool, engine, { dim, columns, stats: options.stats })
        : engine.computePairs(dim, columns);
      if (dim === maxDim) break;
      pivots.addFilter(); // the assembly asks it of every (dim + 1)-simplex
      const expected = options.simplices?.[dim + 1];
      ({ columns, chunks } = await assembleParallel(pool, engine, {
        dim,
        chunks,
        pivots,
        expected,
      }));
    }
    return engine.diagrams;
  } finally {
    pool.close();
  }
}

/**
 * One dimension's columns reduced on every worker of the pool (see
 * parallel_reduction.ts): the intervals go into the engine's diagram; returns the pivots.
 */
async function reduceParallel(
  pool: WorkerPool,
  engine: RipsCohomology,
  step: { dim: number; columns: SimplexList; stats?: { columns: number; displaced: number } },
): Promise<PivotMap> {
  const { dim, columns, stats } = step;
  let list = columns;
  if (!columns.shared) {
    list = new SimplexList(columns.size, true);
    list.diameter.set(columns.diameter.subarray(0, columns.size));
    list.index.set(columns.index.subarray(0, columns.size));
    list.size = columns.size;
  }
  const apparent = engine.apparent;
  const job = sharedReduction(dim, list, apparent ? slotsOf(apparent) : null);
  const results = await pool.run([{ kind: "reduce", id: 0, job }], true);
  if (stats) {
    stats.columns += list.size;
    for (const r of results) if (r.kind === "reduce") stats.displaced += r.displaced;
  }
  return recordReduction(engine, job);
}

function slotsOf(map: PivotMap): MapSlots {
  return { keys: map.keys, values: map.values, size: map.size, filter: map.filter };
}

/** The array itself when it lives in shared memory already (the parallel distances), else a shared copy. */
function sharedCopy(array: Float32Array): Float32Array {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const copy = new Float32Array(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}

/** Ranges [start, end) of each chunk, about `count` in all. */
function ranges(chunks: Chunk[], count: number): { chunk: Chunk; start: number; end: number }[] {
  const total = chunks.reduce((sum, c) => sum + c.size, 0);
  const step = Math.max(1, Math.ceil(total / count));
  const out: { chunk: Chunk; start: number; end: number }[] = [];
  for (const chunk of chunks) {
    for (let start = 0; start < chunk.size; start += step) {
      out.push({ chunk, start, end: Math.min(chunk.size, start + step) });
    }
  }
  return out;
}

function chunkOf(list: SimplexList): Chunk {
  return { diameter: list.diameter, index: list.index, size: list.size };
}

async function edgeApparentVertices(pool: WorkerPool, edges: SimplexList): Promise<Int32Array> {
  const parts = ranges([chunkOf(edges)], pool.size * TASKS_PER_THREAD);
  const results = await pool.run(
    parts.map(({ chunk, start, end }, id) => ({ kind: "edges", id, chunk, start, end })),
  );
  const vertices = new Int32Array(edges.size);
  results.forEach((r, k) => {
    if (r.kind === "edges") vertices.set(r.vertices, parts[k].start);
  });
  return vertices;
}

/** One dimension's column assembly on the pool; sets the engine's apparent-pair map. */
async function assembleParallel(
  pool: WorkerPool,
  engine: RipsCohomology,
  step: { dim: number; chunks: Chunk[]; pivots: PivotMap; expected?: number },
): Promise<{ columns: SimplexList; chunks: Chunk[] }> {
  const { dim, chunks, pivots } = step;
  const keep = dim + 1 < engine.maxDim;
  const total = chunks.reduce((sum, c) => sum + c.size, 0);
  // the (dim + 1)-simplices in zero apparent pairs: about the sampled count of them all
  const sink = keep ? sharedSlots(step.expected ?? 8 * total) : null;
  const apparent = engine.apparent;
  const results = await pool.run(
    ranges(chunks, pool.size * TASKS_PER_THREAD).map(({ chunk, start, end }, id) => ({
      kind: "assemble",
      id,
      dim,
      chunk,
      start,
      end,
      pivots: slotsOf(pivots),
      apparent: apparent ? slotsOf(apparent) : null,
      keep,
      sink,
    })),
  );
  engine.apparent = null; // the old map may go before the new one is built
  const parts = results.flatMap((r) => r.kind === "assemble" ? [r] : []);
  const columns = new SimplexList(parts.reduce((sum, r) => sum + r.columns.size, 0), true);
  const next = sink
    ? PivotMap.view(sink.keys, sink.values, Atomics.load(sink.count, 0), true)
    : null;
  for (const r of parts) {
    columns.diameter.set(r.columns.diameter.subarray(0, r.columns.size), columns.size);
    columns.index.set(r.columns.index.subarray(0, r.columns.size), columns.size);
    columns.size += r.columns.size;
    if (next && r.apparent) next.addAll(r.apparent); // what overflowed the shared table
    // each worker's part may go as soon as it is merged
    r.columns = EMPTY_CHUNK;
    r.apparent = null;
  }
  sortSimplices(columns.diameter, columns.index, columns.size, true, true);
  engine.apparent = next?.addFilter() ?? null;
  return { columns, chunks: keep ? parts.map((r) => r.next!) : [] };
}

/**
 * Lock-free inserts of distinct keys into {@linkcode SharedSlots}: a writer
 * claims a free slot by compare-and-swap on its value, then writes the key;
 * probing is linear, as in PivotMap, so the table reads as a PivotMap once
 * every writer is done. Past `limit` entries a writer keeps the rest in its
 * own `overflow` map for the main thread to add.
 */
export class ConcurrentMapWriter {
  /** Entries that did not fit. */
  readonly overflow: PivotMap = new PivotMap(16);
  private readonly mask: number;

  constructor(readonly slots: SharedSlots) {
    this.mask = slots.keys.length - 1;
  }

  /** Insert a key no other writer inserts. */
  set(key: number, value: number): void {
    const { keys, values, count, limit } = this.slots;
    if (Atomics.add(count, 0, 1) >= limit) {
      Atomics.sub(count, 0, 1);
      this.overflow.set(key, value);
      return;
    }
    let slot = pivotHash(key) & this.mask;
    while (Atomics.compareExchange(values, slot, -1, value) !== -1) slot = (slot + 1) & this.mask;
    keys[slot] = key;
  }

  /** Publish the keys written (a release before the main thread reads them). */
  finish(): void {
    Atomics.add(this.slots.count, 0, 0);
  }
}

/** A shared table for about `expected` entries, at most 0.6 full at that count. */
function sharedSlots(expected: number): SharedSlots {
  let capacity = 16;
  while (capacity * 0.6 < expected) capacity *= 2;
  const keys = new Float64Array(new SharedArrayBuffer(8 * capacity)).fill(-Infinity);
  const values = new Int32Array(new SharedArrayBuffer(4 * capacity)).fill(-1);
  const count = new Int32Array(new SharedArrayBuffer(4));
  return { keys, values, count, limit: Math.floor(capacity * 0.75) };
}

/** Worker threads running tasks as they free up, answers in task order. */
class WorkerPool {
  readonly workers: Worker[] = [];

  constructor(readonly size: number) {
    for (let k = 0; k < size; k++) {
      this.workers.push(
        new Worker(new URL("./rips_worker.ts", import.meta.url).href, { type: "module" }),
      );
    }
  }

  /** Run the tasks (or, with `everyWorker`, the one task on every worker). */
  run(tasks: WorkerRequest[], everyWorker = false): Promise<WorkerResult[]> {
    return new Promise((resolve, reject) => {
      const results: WorkerResult[] = new Array(everyWorker ? this.size : tasks.length);
      let next = 0, done = 0;
      const total = results.length;
      if (total === 0) return resolve(results);
      this.workers.forEach((worker, k) => {
        const send = () => {
          if (next < tasks.length) worker.postMessage(tasks[next++]);
        };
        worker.onmessage = (event: MessageEvent<WorkerResult>) => {
          results[everyWorker ? k : event.data.id] = event.data;
          if (++done === total) resolve(results);
          else if (!everyWorker) send();
        };
        worker.onerror = (event) => {
          event.preventDefault();
          reject(new Error(`rips worker: ${event.message}`));
        };
        if (everyWorker) worker.postMessage(tasks[0]);
        else send();
      });
    });
  }

  close(): void {
    for (const worker of this.workers) worker.terminate();
  }
}
