/**
 * Which engine computes distance matrices: a real GPU through WebGPU, gpu.js's
 * WebAssembly backend (f32x4 SIMD, worker threads), gpu.js's plain JavaScript
 * backend, or a hand-written typed-array loop.
 *
 * Deno exposes `navigator.gpu` even on machines without a GPU, where the only
 * adapter is a software (llvmpipe) *fallback* adapter that is slower than
 * WebAssembly; such an adapter is never chosen automatically.
 *
 * @module
 */

/** A distance backend that can be asked for by name. */
export type DistanceBackend = "webgpu" | "webasm" | "cpu" | "plain";

/** The backend chosen for a computation, and why. */
export interface BackendChoice {
  /** The backend that runs. */
  backend: DistanceBackend;
  /** A sentence explaining the choice (adapter found, size cut-off, request). */
  reason: string;
}

/** What {@linkcode selectBackend} needs to decide. */
export interface BackendRequest {
  /** Number of points; below {@linkcode PLAIN_CUTOFF} the typed-array loop wins. Default: large. */
  n?: number;
  /** An explicit backend, or `"auto"` (default). */
  backend?: "auto" | DistanceBackend;
  /** Cores available (default `navigator.hardwareConcurrency`). */
  cores?: number;
}

/**
 * Below this many points the typed-array loop is used whatever the machine:
 * the start-up of a gpu.js kernel (compilation, worker pool: 150–450 ms on
 * first use) costs more than the whole computation.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PLAIN_CUTOFF, selectBackend } from "./backend.ts";
 * const choice = await selectBackend({ n: PLAIN_CUTOFF - 1, cores: 64 });
 * assert.equal(choice.backend, "plain");
 * ```
 */
export const PLAIN_CUTOFF = 4096;

/**
 * gpu.js WebAssembly is chosen automatically only with at least this many
 * cores. Measured with `deno run -A bench/distances.ts` on 2 shared cores
 * (medians, warm kernels): in R^10 the loop took 7–27 / 38–80 / 93–248 /
 * 1409 ms for n = 1000 / 2000 / 4000 / 8000 against webasm's 13–51 / 50–149 /
 * 95–467 / 1638 ms, and in R^64 (n = 2000) 299 against 394 ms — WebAssembly
 * never won on two cores, so there the loop is used at every size.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { WEBASM_MIN_CORES } from "./backend.ts";
 * assert.ok(WEBASM_MIN_CORES >= 1);
 * ```
 */
export const WEBASM_MIN_CORES = 4;

/** Facts about the platform's WebGPU adapter, probed once. */
export interface WebGpuProbe {
  /** `navigator.gpu` exists. */
  present: boolean;
  /** An adapter answered `requestAdapter()`. */
  adapter: boolean;
  /** The adapter is a software fallback (e.g. llvmpipe). */
  fallback: boolean;
  /** The adapter's description (vendor/device) when one answered. */
  description: string;
}

let probePromise: Promise<WebGpuProbe> | null = null;

interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean; description?: string; vendor?: string; device?: string };
}

/**
 * Probe `navigator.gpu` once (cached): is there an adapter, and is it a
 * software fallback?
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { probeWebGpu } from "./backend.ts";
 * const probe = await probeWebGpu();
 * assert.equal(typeof probe.fallback, "boolean");
 * ```
 */
export function probeWebGpu(): Promise<WebGpuProbe> {
  if (probePromise) return probePromise;
  probePromise = (async (): Promise<WebGpuProbe> => {
    const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<unknown> } })?.gpu;
    if (!gpu) return { present: false, adapter: false, fallback: false, description: "" };
    let adapter: AdapterLike | null = null;
    try {
      adapter = (await gpu.requestAdapter()) as AdapterLike | null;
    } catch {
      adapter = null;
    }
    if (!adapter) return { present: true, adapter: false, fallback: false, description: "" };
    const fallback = adapter.info?.isFallbackAdapter === true || adapter.isFallbackAdapter === true;
    const info = adapter.info ?? {};
    const description = [info.vendor, info.device, info.description].filter(Boolean).join(" ");
    return { present: true, adapter: true, fallback, description };
  })();
  return probePromise;
}

/**
 * Choose the backend for a distance computation of `n` points: an explicit
 * request wins; otherwise the typed-array loop for small n, WebGPU where a
 * non-fallback adapter answers, gpu.js's WebAssembly backend (threads) with
 * {@linkcode WEBASM_MIN_CORES} cores or more, and the loop elsewhere.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { selectBackend } from "./backend.ts";
 * const choice = await selectBackend({ n: 10 });
 * assert.equal(choice.backend, "plain");
 * ```
 */
export async function selectBackend(request: BackendRequest = {}): Promise<BackendChoice> {
  const n = request.n ?? Infinity;
  const cores = request.cores ?? globalThis.navigator?.hardwareConcurrency ?? 1;
  const wanted = request.backend ?? "auto";
  if (wanted !== "auto") {
    if (!["webgpu", "webasm", "cpu", "plain"].includes(wanted)) {
      throw new RangeError(
        `selectBackend: option "backend": expected "auto", "webgpu", "webasm", "cpu" or "plain", found ${
          JSON.stringify(wanted)
        }`,
      );
    }
    return { backend: wanted, reason: `requested explicitly` };
  }
  if (n < PLAIN_CUTOFF) {
    return {
      backend: "plain",
      reason: `n = ${n} is below the cut-off ${PLAIN_CUTOFF}: the typed-array loop is fastest`,
    };
  }
  const probe = await probeWebGpu();
  if (probe.adapter && !probe.fallback) {
    return { backend: "webgpu", reason: `WebGPU adapter found: ${probe.description}` };
  }
  const why = !probe.present
    ? "navigator.gpu is absent"
    : !probe.adapter
    ? "no WebGPU adapter answered"
    : `the only WebGPU adapter is a software fallback (${probe.description})`;
  if (cores < WEBASM_MIN_CORES) {
    return {
      backend: "plain",
      reason: `${why}, and with ${cores} cores (< ${WEBASM_MIN_CORES}) the typed-array loop ` +
        `measured faster than gpu.js WebAssembly`,
    };
  }
  return {
    backend: "webasm",
    reason: `${why}: gpu.js WebAssembly (SIMD, worker threads on ${cores} cores)`,
  };
}
