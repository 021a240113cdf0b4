/**
 * The topology of a run on worker threads: barcodes of point clouds, each
 * distinct cloud computed only once, the distances between diagrams, and the
 * pictures of each barcode.
 *
 * A snapshot asks for a barcode of every layer × split; the input layer is
 * the same data at every epoch and for every network, so the pool keys each
 * barcode request by the SHA-256 of the cloud's bytes and its options and
 * answers a repeated request from the first one's result; a repeated pair of
 * diagrams likewise gets its distances once, and a cell's pictures that are
 * the same as another's (the input layer's) are drawn once and copied. The
 * rest is spread over module
 * workers ({@linkcode ./topology_worker.ts}); every result is the same bytes
 * as computing it on the main thread.
 *
 * A free worker takes the largest barcode waiting first (by points sampled,
 * then dimension, then cloud size), then tracking distances (short, and what
 * the network's records wait for), then cell pictures, then the rest, each
 * rank in the order asked: the long jobs start early and the short ones fill
 * the end, so the workers finish together.
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import type { CloudBarcode, CloudBarcodeFunction, CloudBarcodeOptions } from "./snapshot.ts";
import type { TrackedDistances, TrackedDistancesFunction } from "./tracking.ts";
import { type CellPicturesJob, runTopologyTask, type TopologyTask } from "./topology_task.ts";
import type { Diagram } from "../topology/diagram.ts";
import { cellPictures, cellTitle, type NetworkPicture } from "./pictures.ts";
import { networkPaths } from "../artifacts/layout.ts";
import { writeFileAtomic } from "../artifacts/atomic.ts";
import { sha256Hex } from "../artifacts/hash.ts";

/**
 * The most workers started by default: a snapshot has a few dozen barcodes,
 * and each worker holds its own copy of the engine, the fonts and a Rips
 * complex (hundreds of MB for 1000 points).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_MAX_WORKERS } from "./topology_pool.ts";
 * assert.ok(DEFAULT_MAX_WORKERS >= 1);
 * ```
 */
export const DEFAULT_MAX_WORKERS = 8;

/** Options of {@linkcode topologyPool}. */
export interface TopologyPoolOptions {
  /**
   * Worker threads; 0 computes on the calling thread. Default: the number of
   * cores (`navigator.hardwareConcurrency`), at most
   * {@linkcode DEFAULT_MAX_WORKERS}.
   */
  workers?: number;
  /**
   * Start the workers now rather than at the first task (default false), so
   * that loading their modules overlaps the caller's own start.
   */
  eager?: boolean;
}

/** A running pool: compute with `barcode`, `distances` and `pictures`, then `close` it. */
export interface TopologyPool {
  /** The barcode of a cloud, from a worker or from an identical earlier request (one frozen result, shared). */
  barcode: CloudBarcodeFunction;
  /**
   * The tracked distances of two diagrams, from a worker or from an earlier
   * pair with the same bars. Diagrams are read once: change none after asking.
   */
  distances: TrackedDistancesFunction;
  /** Write a cell's pictures (`writeCellPictures` of pictures.ts) from a worker. */
  pictures: (job: CellPicturesJob) => Promise<void>;
  /** Draw a network's picture (`drawNetworkPicture` of pictures.ts) from a worker. */
  picture: (job: NetworkPicture) => Promise<void>;
  /** Barcode requests answered from an earlier identical one so far. */
  readonly reused: number;
  /** Stop the workers; requests still waiting are rejected. */
  close(): void;
}

interface Job {
  id: number;
  task: TopologyTask;
  /** Compared entry by entry, larger first; ties in order of `id`. */
  rank: number[];
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

/** A cell's pictures asked for, and the digest of what they are drawn from once it is needed. */
interface DrawnPictures {
  job: CellPicturesJob;
  done: Promise<null>;
  key?: Promise<string>;
}

interface Slot {
  worker: Worker;
  /** The jobs posted to the worker, in the order it runs them (the first is running). */
  jobs: Job[];
}

/**
 * Whether a job may wait in a busy worker's inbox. A worker then starts it
 * the moment the one before ends, without a round trip through the calling
 * thread (which may itself be busy). Only short tasks: a long one waiting
 * behind another could leave a free worker idle at the end.
 */
function queuesBehind(job: Job): boolean {
  return job.task.kind === "distances" || job.task.kind === "picture";
}

/**
 * Start a pool of topology workers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { topologyPool } from "./topology_pool.ts";
 * const pool = topologyPool({ workers: 1 });
 * try {
 *   const cloud = { data: new Float32Array([0, 0, 1, 0, 0, 1]), n: 3, d: 2 };
 *   const options = { maxDim: 1, points: 10, metric: "euclidean" as const, seed: 0 };
 *   const [a, b] = await Promise.all([pool.barcode(cloud, options), pool.barcode(cloud, options)]);
 *   assert.equal(a.barcode.threshold, b.barcode.threshold);
 *   assert.equal(pool.reused, 1);
 *   const d = await pool.distances(a.diagrams[0], b.diagrams[0]);
 *   assert.equal(d.bottleneck, 0);
 * } finally {
 *   pool.close();
 * }
 * ```
 */
export function topologyPool(options: TopologyPoolOptions = {}): TopologyPool {
  const size = options.workers ??
    Math.min(globalThis.navigator?.hardwareConcurrency ?? 1, DEFAULT_MAX_WORKERS);
  if (!Number.isInteger(size) || size < 0) {
    throw new RangeError(
      `topologyPool: option "workers": expected a non-negative integer, found ${size}`,
    );
  }
  const workers = workerQueue(size);
  if (options.eager) workers.start();
  const memo = new Map<string, Promise<CloudBarcode>>();
  const measured = new Map<string, Promise<TrackedDistances>>();
  let reused = 0;

  const barcode: CloudBarcodeFunction = async (cloud, opts) => {
    const key = await cloudKey(cloud, opts);
    let result = memo.get(key);
    if (result) reused++;
    else {
      result = workers.run<CloudBarcode>({ kind: "barcode", cloud, options: opts });
      memo.set(key, result);
    }
    return frozen(await result);
  };

  const distances: TrackedDistancesFunction = async (a, b) => {
    const key = `${diagramKey(a)} | ${diagramKey(b)}`;
    let result = measured.get(key);
    if (!result) {
      result = workers.run<TrackedDistances>({ kind: "distances", a, b });
      measured.set(key, result);
    }
    return { ...(await result) };
  };

  // A cell's pictures the same as another's (the input layer's, at every
  // network and epoch) are drawn once and copied. Only cells with the same
  // title can be the same: only those are compared.
  const drawn = new Map<string, DrawnPictures[]>();
  const pictures = async (job: CellPicturesJob): Promise<void> => {
    const title = cellTitle(job.network, job.epoch, job.cell);
    const earlier = drawn.get(title) ?? [];
    drawn.set(title, earlier);
    const key = earlier.length > 0 ? picturesKey(job) : undefined;
    for (const other of earlier) {
      if (await key === await (other.key ??= picturesKey(other.job))) {
        await other.done;
        return await copyPictures(other.job, job);
      }
    }
    const done = workers.run<null>({ kind: "pictures", job });
    earlier.push({ job, done, key });
    await done;
  };

  const picture = async (job: NetworkPicture): Promise<void> => {
    await workers.run<null>({ kind: "picture", job });
  };

  return {
    barcode,
    distances,
    pictures,
    picture,
    get reused() {
      return reused;
    },
    close: workers.close,
  };
}

/**
 * `value` and everything it holds, frozen (typed arrays aside, which cannot
 * be): the callers of an identical cloud share one result, so none may change
 * it; a change throws instead of reaching the others. Cheaper than a copy per
 * caller, which cost about a second of the calling thread over the default
 * study.
 */
function frozen<T>(value: T): T {
  if (value === null || typeof value !== "object" || ArrayBuffer.isView(value)) return value;
  if (Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) frozen(inner);
  return Object.freeze(value);
}

/**
 * Up to `size` module workers taking tasks in order (started on the first
 * task); 0 runs each task on the calling thread.
 */
function workerQueue(size: number) {
  const queue: Job[] = [];
  const slots: Slot[] = [];
  let nextId = 0;
  let closed = false;

  const dispatch = () => dispatchJobs(queue, slots);

  // A worker that fails outside a job (say, its module does not load)
  // rejects the job it held and is replaced, so that no later job waits on a
  // dead thread.
  const startWorker = (): Slot => {
    const slot: Slot = { worker: newWorker(), jobs: [] };
    const listen = () => {
      slot.worker.onmessage = (
        { data }: MessageEvent<{ id: number; result?: unknown; error?: string }>,
      ) => {
        const job = slot.jobs[0]?.id === data.id ? slot.jobs.shift() : undefined;
        if (job) {
          if (data.error !== undefined) job.reject(new Error(`topology worker: ${data.error}`));
          else job.resolve(data.result);
        }
        dispatch();
      };
      slot.worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        slot.worker.terminate();
        for (const job of slot.jobs.splice(0)) {
          job.reject(new Error(`topology worker: ${event.message}`));
        }
        if (closed) return;
        slot.worker = newWorker();
        listen();
        dispatch();
      };
    };
    listen();
    return slot;
  };

  const start = () => {
    if (!closed) { while (slots.length < size) slots.push(startWorker()); }
  };

  const run = <T>(task: TopologyTask): Promise<T> => {
    if (closed) return Promise.reject(new Error("topologyPool: the pool is closed"));
    if (size === 0) return runTopologyTask(task) as Promise<T>;
    start();
    return new Promise((resolve, reject) => {
      const job = { id: nextId++, task, rank: rank(task) };
      queue.push({ ...job, resolve: resolve as (r: unknown) => void, reject });
      dispatch();
    });
  };

  const close = () => {
    closed = true;
    const gone = () => new Error("topologyPool: closed before the result was computed");
    for (const slot of slots) {
      slot.worker.terminate();
      for (const job of slot.jobs.splice(0)) job.reject(gone());
    }
    for (const job of queue.splice(0)) job.reject(gone());
    slots.length = 0;
  };
  return { run, start, close };
}

/**
 * Post queued jobs to workers: idle workers take the first job by rank; then
 * a busy worker may take a short one to start next.
 */
function dispatchJobs(queue: Job[], slots: Slot[]): void {
  const post = (slot: Slot, index: number) => {
    const job = queue.splice(index, 1)[0];
    slot.jobs.push(job);
    slot.worker.postMessage({ id: job.id, ...job.task });
  };
  for (const slot of slots) {
    if (slot.jobs.length === 0 && queue.length > 0) post(slot, firstJob(queue));
  }
  for (const slot of slots) {
    if (slot.jobs.length !== 1 || queue.length === 0) continue;
    const k = firstJob(queue);
    if (queuesBehind(queue[k]) && queuesBehind(slot.jobs[0])) post(slot, k);
  }
}

/**
 * How soon a task should run: barcodes first, largest (points sampled, then
 * dimension, then cloud size) first; then tracking distances; then cell
 * pictures; then the rest.
 */
function rank(task: TopologyTask): number[] {
  if (task.kind === "barcode") {
    const { n, d } = task.cloud;
    return [3, Math.min(n, task.options.points), d, n];
  }
  return [task.kind === "distances" ? 2 : task.kind === "pictures" ? 1 : 0];
}

/** The index of the job that runs first. */
function firstJob(queue: Job[]): number {
  let best = 0;
  for (let k = 1; k < queue.length; k++) if (before(queue[k], queue[best])) best = k;
  return best;
}

/** Whether job a runs before job b. */
function before(a: Job, b: Job): boolean {
  for (let k = 0; k < Math.max(a.rank.length, b.rank.length); k++) {
    const x = a.rank[k] ?? 0, y = b.rank[k] ?? 0;
    if (x !== y) return x > y;
  }
  return a.id < b.id;
}

/**
 * A diagram as text, exactly (shortest round-trip numbers, `Infinity` spelled
 * out); once per diagram object, which the runner asks about at every commit.
 */
function diagramKey(diagram: Diagram): string {
  let key = diagramKeys.get(diagram);
  if (key === undefined) {
    key = diagram.map(([birth, death]) => `${birth},${death}`).join(";");
    diagramKeys.set(diagram, key);
  }
  return key;
}

const diagramKeys = new WeakMap<Diagram, string>();

/**
 * What a cell's pictures are drawn from, as a digest: the title
 * ({@linkcode cellTitle}) and the cell. Two jobs with one key give the same
 * bytes.
 */
async function picturesKey(job: CellPicturesJob): Promise<string> {
  const title = cellTitle(job.network, job.epoch, job.cell);
  const text = JSON.stringify({ title, cell: job.cell }, (_, v) => v === Infinity ? "∞" : v);
  return await sha256Hex(new TextEncoder().encode(text));
}

/** Write `to`'s pictures as copies of `from`'s, file by file, atomically. */
async function copyPictures(from: CellPicturesJob, to: CellPicturesJob): Promise<void> {
  const files = (job: CellPicturesJob) =>
    cellPictures(
      networkPaths(job.experimentDir, job.network, job.amount),
      job.network,
      job.epoch,
      job.cell,
    )
      .map((p) => p.path);
  const sources = files(from), targets = files(to);
  for (let k = 0; k < targets.length; k++) {
    await writeFileAtomic(targets[k], await Deno.readFile(sources[k]));
  }
}

function newWorker(): Worker {
  return new Worker(new URL("./topology_worker.ts", import.meta.url).href, { type: "module" });
}

async function cloudKey(cloud: PointCloud, options: CloudBarcodeOptions): Promise<string> {
  const bytes = new Uint8Array(
    cloud.data.buffer as ArrayBuffer,
    cloud.data.byteOffset,
    cloud.data.byteLength,
  );
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex} ${cloud.n}×${cloud.d} ${JSON.stringify(options)}`;
}
