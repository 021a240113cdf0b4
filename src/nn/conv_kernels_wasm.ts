/**
 * The conv engine's WebAssembly SIMD kernels (compiled from
 * conv_kernels_wat.ts, bytes in conv_kernels_wasm_bytes.ts): an instance
 * per thread and scratch, over a memory of its own in which the engine lays
 * out images, activations, weights and gradients, so that no image is
 * copied between kernels. Where the runtime has no WebAssembly SIMD,
 * {@linkcode convKernels} returns null and the engine stays in JavaScript.
 *
 * @module
 */

import { CONV_KERNELS_WASM_BASE64 } from "./conv_kernels_wasm_bytes.ts";

/** A stride-1 convolution's shape, as the kernels take it. */
export interface KernelGeometry {
  /** Input rows, columns, channels. */
  H: number;
  /** Input columns. */
  W: number;
  /** Input channels. */
  C: number;
  /** Filters (output channels). */
  F: number;
  /** Kernel rows. */
  KH: number;
  /** Kernel columns. */
  KW: number;
  /** Zero rows before the image. */
  padTop: number;
  /** Zero columns before the image. */
  padLeft: number;
  /** Output rows. */
  OH: number;
  /** Output columns. */
  OW: number;
  /** ReLU (true) or linear (false) output. */
  relu: boolean;
}

/** Byte offsets, in the kernels' memory, of a conv layer's buffers for one image. */
export interface ConvPointers {
  /** Input image (NHWC). */
  x: number;
  /** Kernel `[KH, KW, C, F]` (forward and `conv_bwd_f`) or `[KH, KW, F, C]` (`conv_bwd_c`). */
  kernel: number;
  /** Bias (forward only). */
  bias?: number;
  /** Output (NHWC). */
  y: number;
  /**
   * Forward gather only: room for each pixel's list of non-zero channels,
   * 4·H·W·(2C + 1) bytes (see {@linkcode gatherListFloats}).
   */
  lists?: number;
}

/**
 * Floats of the room the forward gather needs for its lists of non-zero inputs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gatherListFloats } from "./conv_kernels_wasm.ts";
 * assert.equal(gatherListFloats({ H: 2, W: 2, C: 4 }), 36);
 * ```
 */
export function gatherListFloats(g: { H: number; W: number; C: number }): number {
  return g.H * g.W * (2 * g.C + 1);
}

/** Byte offsets of a conv layer's backward buffers (gradients are added to). */
export interface BackwardPointers extends ConvPointers {
  /** dL/d(output), overwritten with dL/d(pre-activation). */
  dy: number;
  /** Kernel gradient, in the kernel's layout. */
  kernelGrad: number;
  /** Bias gradient. */
  biasGrad: number;
  /** dL/d(input) (zeroed by the caller, then added to), or 0 for none. */
  dx: number;
}

/**
 * The module's functions as exported, every argument an i32 (byte offsets,
 * sizes, flags) in the order of conv_kernels_wat.ts: `conv_fwd`,
 * `conv_fwd_scatter`, `pool_fwd`, `pool2_fwd`, `conv_bwd_f`, `conv_bwd_c`,
 * `dense_fwd`, `pool_bwd`. For callers that bind their arguments once.
 */
export type KernelExports = Record<string, (...args: number[]) => void>;

/** An instance of the kernels over its own memory. */
export interface ConvKernels {
  /** The memory every pointer indexes (never grown: views on it stay valid). */
  memory: WebAssembly.Memory;
  /** The raw exported functions. */
  raw: KernelExports;
  /**
   * Convolve one image with ReLU or linear output; F must be a multiple of 4.
   * `sparse`: scatter the non-zero inputs rather than gather each output's
   * (the gather skips zero inputs too, through lists of each pixel's non-zero
   * channels, and needs `p.lists`).
   */
  convForward(g: KernelGeometry, p: ConvPointers, sparse: boolean): void;
  /** Max-pool one image and record each window's first maximum; C a multiple of 4. */
  poolForward(
    p: { x: number; y: number; argmax: number },
    g: { W: number; C: number; OH: number; OW: number; pool: number },
  ): void;
  /** A dense layer `[C] → [F]` with ReLU or linear output; kernel transposed `[F, C]`, C a multiple of 4. */
  denseForward(p: ConvPointers, g: { C: number; F: number; relu: boolean }): void;
  /**
   * A max-pool's backward pass: zero dL/d(input) (`inputs` values, a multiple
   * of 4) and add each of the `outputs` gradients at its window's maximum.
   */
  poolBackward(
    p: { dy: number; argmax: number; dx: number },
    g: { outputs: number; inputs: number },
  ): void;
  /**
   * Back-propagate one image: over the filters (`"filters"`, F a multiple of
   * 4, kernel `[KH, KW, C, F]`) or the input channels (`"channels"`, C a
   * multiple of 4, kernel and its gradient `[KH, KW, F, C]`).
   */
  convBackward(over: "filters" | "channels", g: KernelGeometry, p: BackwardPointers): void;
}

/** Bytes at the start of memory that no buffer uses (so 0 can mean "none"). */
export const KERNELS_RESERVED_BYTES = 64;

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is missing. */
function kernelsModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    const bytes = Uint8Array.from(atob(CONV_KERNELS_WASM_BASE64), (ch) => ch.charCodeAt(0));
    compiled = typeof WebAssembly === "object" && WebAssembly.validate(bytes)
      ? new WebAssembly.Module(bytes)
      : null;
  }
  return compiled;
}

/**
 * Whether this runtime runs the SIMD kernels.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { simdKernelsAvailable } from "./conv_kernels_wasm.ts";
 * assert.equal(typeof simdKernelsAvailable(), "boolean");
 * ```
 */
export function simdKernelsAvailable(): boolean {
  return kernelsModule() !== null;
}

function geometryArgs(g: KernelGeometry): number[] {
  return [g.H, g.W, g.C, g.F, g.KH, g.KW, g.padTop, g.padLeft, g.OH, g.OW, g.relu ? 1 : 0];
}

/**
 * A fresh instance of the kernels over a memory of at least `bytes` bytes
 * (null where WebAssembly SIMD is missing or the memory cannot be had).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { convKernels } from "./conv_kernels_wasm.ts";
 * const k = convKernels(1 << 16)!;
 * const f = new Float32Array(k.memory.buffer);
 * // a 2×2 image, one channel, four 1×1 filters of weight 1, 2, 3, 4, bias 0, ReLU
 * f.set([1, -1, 2, 0], 16); // x at byte 64
 * f.set([1, 2, 3, 4], 32); // kernel at byte 128
 * f.set([0, 0, 0, 0], 36); // bias at byte 144
 * const g = { H: 2, W: 2, C: 1, F: 4, KH: 1, KW: 1, padTop: 0, padLeft: 0, OH: 2, OW: 2, relu: true };
 * k.convForward(g, { x: 64, kernel: 128, bias: 144, y: 256 }, true);
 * assert.deepEqual([...f.subarray(64, 72)], [1, 2, 3, 4, 0, 0, 0, 0]);
 * k.convForward(g, { x: 64, kernel: 128, bias: 144, y: 512, lists: 1024 }, false);
 * assert.deepEqual([...f.subarray(128, 136)], [1, 2, 3, 4, 0, 0, 0, 0]);
 * ```
 */
export function convKernels(bytes: number): ConvKernels | null {
  const module = kernelsModule();
  if (module === null) return null;
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  } catch {
    return null;
  }
  const exports = new WebAssembly.Instance(module, { env: { mem: memory } })
    .exports as KernelExports;
  const { conv_fwd, conv_fwd_scatter, pool_fwd, pool2_fwd, conv_bwd_f, conv_bwd_c } = exports;
  const { dense_fwd, pool_bwd } = exports;
  return {
    memory,
    raw: exports,
    convForward: (g, p, sparse) =>
      sparse
        ? conv_fwd_scatter(p.x, p.kernel, p.bias ?? 0, p.y, ...geometryArgs(g))
        : conv_fwd(p.x, p.kernel, p.bias ?? 0, p.y, ...geometryArgs(g), p.lists ?? 0),
    poolForward: (p, g) =>
      g.pool === 2
        ? pool2_fwd(p.x, p.y, p.argmax, g.W, g.C, g.OH, g.OW)
        : pool_fwd(p.x, p.y, p.argmax, g.W, g.C, g.OH, g.OW, g.pool),
    denseForward: (p, g) => dense_fwd(p.x, p.kernel, p.bias ?? 0, p.y, g.C, g.F, g.relu ? 1 : 0),
    poolBackward: (p, g) => pool_bwd(p.dy, p.argmax, p.dx, g.outputs, g.inputs),
    convBackward: (over, g, p) =>
      (over === "filters" ? conv_bwd_f : conv_bwd_c)(
        p.x,
        p.y,
        p.dy,
        p.kernel,
        p.kernelGrad,
        p.biasGrad,
        p.dx,
        ...geometryArgs(g),
      ),
  };
}
