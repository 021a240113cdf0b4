/**
 * The gpu.js kernel behind {@linkcode pairwiseDistances}: one thread per entry
 * of the packed lower triangle.
 *
 * The triangle is folded into a rectangle so that no thread is wasted: row
 * `p` of the kernel's output holds row `p` of the triangle (p entries)
 * followed by row `n − 1 − p` (n − 1 − p entries), n − 1 cells in all; rows
 * p = 0 … ⌈n/2⌉ − 1 cover the whole triangle. The width is padded to a
 * multiple of 4 so that gpu.js's SIMD path (four cells per step) applies.
 *
 * Cosine and correlation distances reduce to `1 − ⟨u, v⟩` on rows normalised
 * (and, for correlation, centred) beforehand in float64, so the kernel knows
 * only two bodies: Euclidean and one-minus-dot.
 *
 * @module
 */

import type { DistanceMatrix } from "./distance_matrix.ts";

/** The gpu.js modes the kernel runs on. */
export type GpuJsMode = "webgpu" | "webasm" | "cpu";

// deno-lint-ignore no-explicit-any
type GpuJsModule = any;

let gpuJsPromise: Promise<GpuJsModule> | null = null;

/**
 * Load gpu.js once. Its WebAssembly worker pool decides at load time between
 * browser workers (`typeof Worker === "function"`) and Node's
 * `worker_threads`; Deno has a global `Worker` but refuses the classic
 * (non-module) workers gpu.js creates, so the global is hidden while the
 * module evaluates and the pool takes the `worker_threads` path, which Deno
 * supports. The optional native `gl` dependency is not built: gpu.js catches
 * its absence and skips the headless-gl backend.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadGpuJs } from "./kernels.ts";
 * const { GPU } = await loadGpuJs();
 * assert.equal(typeof GPU, "function");
 * ```
 */
export function loadGpuJs(): Promise<GpuJsModule> {
  if (gpuJsPromise) return gpuJsPromise;
  gpuJsPromise = (async () => {
    const g = globalThis as { Worker?: unknown };
    const saved = g.Worker;
    delete g.Worker;
    try {
      return await import("gpu.js");
    } finally {
      g.Worker = saved;
    }
  })();
  return gpuJsPromise;
}

let threadsWork = true;
let threadsError = "";

/**
 * Whether gpu.js's WebAssembly worker threads ran here (false after a
 * threaded run failed and the kernels fell back to one thread), and why not.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { webasmThreads } from "./kernels.ts";
 * assert.equal(typeof webasmThreads().enabled, "boolean");
 * ```
 */
export function webasmThreads(): { enabled: boolean; error: string } {
  return { enabled: threadsWork, error: threadsError };
}

/** Largest number of output cells per kernel call (bounds memory per call). */
const MAX_CELLS_PER_CALL = 1 << 24;

/**
 * Compute the packed lower triangle of distances between the rows of `rows`
 * (n × d, row-major, float32) with a gpu.js kernel.
 *
 * `body` selects the formula: `"euclidean"` is √Σ(uₖ − vₖ)², `"one-minus-dot"`
 * is max(0, 1 − Σ uₖvₖ) (rows must already be normalised).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gpuJsDistances } from "./kernels.ts";
 * const rows = new Float32Array([0, 0, 3, 4]);
 * const m = await gpuJsDistances(rows, 2, 2, "euclidean", "cpu");
 * assert.equal(m.data[0], 5);
 * ```
 */
export async function gpuJsDistances(
  rows: Float32Array,
  n: number,
  d: number,
  body: "euclidean" | "one-minus-dot",
  mode: GpuJsMode,
): Promise<DistanceMatrix> {
  const out = new Float32Array((n * (n - 1)) / 2);
  if (n < 2) return { kind: "lower", data: out, n };
  const width = Math.ceil((n - 1) / 4) * 4;
  const pairs = Math.ceil(n / 2);
  const chunk = Math.max(1, Math.min(pairs, Math.floor(MAX_CELLS_PER_CALL / width)));
  const build = (threads: boolean) => async (): Promise<CachedKernel> => {
    const { GPU } = await loadGpuJs();
    const gpu = new GPU({ mode });
    const run = gpu.createKernel(body === "euclidean" ? euclideanKernel : oneMinusDotKernel, {
      output: [width, chunk],
      constants: { n, d, pairs },
      // The async contract is what engages webasm's worker threads.
      asyncMode: mode === "webgpu" || threads,
    });
    return { run, destroy: () => gpu.destroy() };
  };
  const key = `${mode} ${body} ${n} ${d} ${chunk}`;
  const threads = mode === "webasm" && threadsWork;
  const kernel = await cachedKernel(`${key} ${threads}`, build(threads));
  for (let start = 0; start < pairs; start += chunk) {
    let block: Float32Array[];
    try {
      block = (await kernel.run(rows, start)) as Float32Array[];
    } catch (error) {
      if (!threads) throw error;
      // gpu.js was loaded elsewhere before loadGpuJs hid the global Worker,
      // so its pool makes classic workers, which Deno refuses: go single-threaded.
      threadsWork = false;
      threadsError = (error as Error).message;
      return gpuJsDistances(rows, n, d, body, mode);
    }
    for (let r = 0; r < chunk && start + r < pairs; r++) {
      unfoldRow(block[r], start + r, n, out);
    }
  }
  return { kind: "lower", data: out, n };
}

interface CachedKernel {
  run: (rows: Float32Array, start: number) => unknown;
  destroy: () => Promise<void>;
}

/**
 * Compiled kernels (and their worker pools) by shape, most recent last: the
 * same shape is usually computed again (one layer, many epochs), and
 * compiling plus starting workers costs more than a small computation.
 */
const kernelCache = new Map<string, Promise<CachedKernel>>();
const KERNEL_CACHE_SIZE = 2;

async function cachedKernel(
  key: string,
  create: () => Promise<CachedKernel>,
): Promise<CachedKernel> {
  let entry = kernelCache.get(key);
  if (entry) {
    kernelCache.delete(key);
  } else {
    entry = create();
    while (kernelCache.size >= KERNEL_CACHE_SIZE) {
      const [oldest, evicted] = kernelCache.entries().next().value!;
      kernelCache.delete(oldest);
      evicted.then((k) => k.destroy(), () => {});
    }
  }
  kernelCache.set(key, entry);
  try {
    return await entry;
  } catch (error) {
    kernelCache.delete(key);
    throw error;
  }
}

/** Copy folded row p (triangle rows p and n−1−p) into the packed triangle. */
function unfoldRow(row: Float32Array, p: number, n: number, out: Float32Array): void {
  const a = p, b = n - 1 - p;
  out.set(row.subarray(0, a), (a * (a - 1)) / 2);
  if (b !== a) out.set(row.subarray(a, a + b), (b * (b - 1)) / 2);
}

interface KernelThis {
  thread: { x: number; y: number };
  constants: { n: number; d: number; pairs: number };
}

// The kernel bodies are compiled by gpu.js from their source text: plain
// arithmetic, loops bounded by constants, no closures.
function euclideanKernel(this: KernelThis, p: number[], start: number): number {
  const a = this.thread.y + start;
  const x = this.thread.x;
  let i = a;
  let j = x;
  if (x >= a) {
    i = this.constants.n - 1 - a;
    j = x - a;
  }
  if (a >= this.constants.pairs || j >= i) return 0;
  let s = 0;
  for (let k = 0; k < this.constants.d; k++) {
    const t = p[i * this.constants.d + k] - p[j * this.constants.d + k];
    s += t * t;
  }
  return Math.sqrt(s);
}

function oneMinusDotKernel(this: KernelThis, p: number[], start: number): number {
  const a = this.thread.y + start;
  const x = this.thread.x;
  let i = a;
  let j = x;
  if (x >= a) {
    i = this.constants.n - 1 - a;
    j = x - a;
  }
  if (a >= this.constants.pairs || j >= i) return 0;
  let s = 0;
  for (let k = 0; k < this.constants.d; k++) {
    s += p[i * this.constants.d + k] * p[j * this.constants.d + k];
  }
  return Math.max(0, 1 - s);
}
