/**
 * The conv engine's layers in the WebAssembly SIMD kernels
 * (conv_kernels_wasm.ts): which layers they can run, where each layer's
 * buffers lie in the kernels' memory, and the per-image calls. A conv layer
 * runs there with ReLU or linear output and F or C a multiple of 4 (the
 * first-layer case, few channels, by scattering its non-zero pixels; the
 * others by gathering each pixel's non-zero channels), a dense layer with
 * ReLU or linear output and a multiple of 4 inputs, a max-pool over a
 * multiple of 4 channels. The kernels sum in float32 in a fixed order;
 * gradients of one call are flushed into the float64 accumulators at its end.
 *
 * @module
 */

import {
  type ConvKernels,
  convKernels,
  gatherListFloats,
  type KernelGeometry,
  KERNELS_RESERVED_BYTES,
} from "./conv_kernels_wasm.ts";
import type { ConvNet, EngineGradients, EngineLayer } from "./conv_engine.ts";

/** A conv or dense layer's part in the kernels' memory (views on it). */
export interface WasmAffine {
  kind: "affine";
  /** The layer as a convolution (a dense layer: a 1×1 image of C inputs, a 1×1 kernel). */
  geometry: KernelGeometry;
  /** Which forward kernel runs (null: JavaScript). */
  forward: "scatter" | "gather" | "dense" | null;
  /** Which backward kernel runs (null: JavaScript). */
  backward: "filters" | "channels" | null;
  /** Kernel `[kh, kw, cin, cout]`. */
  kernel: Float32Array;
  /** Kernel `[kh, kw, cout, cin]`: for "channels" and "dense". */
  kernelT: Float32Array;
  bias: Float32Array;
  /** Room for the forward gather's lists of non-zero inputs. */
  lists: Float32Array;
  /** Kernel gradient of the current call (in kernelT's layout for "channels"). */
  kernelGrad: Float32Array;
  biasGrad: Float32Array;
}

/** A max-pool the kernels run. */
export interface WasmPool {
  kind: "pool";
  pool: number;
  H: number;
  W: number;
  C: number;
  OH: number;
  OW: number;
}

/** The SIMD kernels of one scratch and where each layer's buffers lie in their memory. */
export interface WasmScratch {
  /** The kernels' instance. */
  kernels: ConvKernels;
  /** Their memory as floats. */
  memory: Float32Array;
  /** The images of the current call, copied into the kernels' memory. */
  input: Float32Array;
  /** Per layer: what the kernels run of it (null: JavaScript). */
  layers: (WasmAffine | WasmPool | null)[];
  /** Per layer: its forward pass on image r in the kernels (null: JavaScript). */
  forward: (((r: number) => void) | null)[];
  /** Per layer: its backward pass on image r in the kernels (null: JavaScript). */
  backward: (((r: number) => void) | null)[];
}

/** Byte offsets of one layer's buffers: image r's input at `x + r·xs`, output at `y + r·ys`. */
interface Places {
  x: number;
  xs: number;
  y: number;
  ys: number;
  argmax: number;
  dy: number;
  /** 0: none (the first layer). */
  dx: number;
}

/** Layer `plan`'s forward and backward passes on image r, their arguments bound. */
function bindSteps(
  kernels: ConvKernels,
  plan: WasmAffine | WasmPool | "flatten",
  at: Places,
): { forward: ((r: number) => void) | null; backward: ((r: number) => void) | null } {
  const k = kernels.raw, f32 = new Float32Array(kernels.memory.buffer);
  const { x, xs, y, ys, argmax, dy, dx } = at;
  if (plan === "flatten") {
    return {
      forward: (r) => f32.copyWithin((y + r * ys) / 4, (x + r * xs) / 4, (x + r * xs + ys) / 4),
      backward: dx === 0 ? () => {} : () => f32.copyWithin(dx / 4, dy / 4, (dy + ys) / 4),
    };
  }
  if (plan.kind === "pool") {
    const { W, C, OH, OW, pool, H } = plan;
    const forward = pool === 2
      ? (r: number) => k.pool2_fwd(x + r * xs, y + r * ys, argmax + r * ys, W, C, OH, OW)
      : (r: number) => k.pool_fwd(x + r * xs, y + r * ys, argmax + r * ys, W, C, OH, OW, pool);
    const outputs = OH * OW * C, inputs = H * W * C;
    const backward = (r: number) => {
      if (dx !== 0) k.pool_bwd(dy, argmax + r * ys, dx, outputs, inputs);
    };
    return { forward, backward };
  }
  const g = plan.geometry, relu = g.relu ? 1 : 0;
  const shape = [g.H, g.W, g.C, g.F, g.KH, g.KW, g.padTop, g.padLeft, g.OH, g.OW, relu] as const;
  const [kernel, kernelT, bias, lists] = [plan.kernel, plan.kernelT, plan.bias, plan.lists]
    .map((a) => a.byteOffset);
  const forward = plan.forward === "dense"
    ? (r: number) => k.dense_fwd(x + r * xs, kernelT, bias, y + r * ys, g.C, g.F, relu)
    : plan.forward === "scatter"
    ? (r: number) => k.conv_fwd_scatter(x + r * xs, kernel, bias, y + r * ys, ...shape)
    : plan.forward === "gather"
    ? (r: number) => k.conv_fwd(x + r * xs, kernel, bias, y + r * ys, ...shape, lists)
    : null;
  if (plan.backward === null) return { forward, backward: null };
  const run = plan.backward === "channels" ? k.conv_bwd_c : k.conv_bwd_f;
  const weights = plan.backward === "channels" ? kernelT : kernel;
  const [gk, gb] = [plan.kernelGrad.byteOffset, plan.biasGrad.byteOffset];
  const inputs = g.H * g.W * g.C;
  const backward = (r: number) => {
    if (dx !== 0) f32.fill(0, dx / 4, dx / 4 + inputs);
    run(x + r * xs, y + r * ys, dy, weights, gk, gb, dx, ...shape);
  };
  return { forward, backward };
}

/** Largest memory the engine asks of WebAssembly (beyond it, JavaScript only). */
const WASM_MEMORY_LIMIT = 2 ** 31;

type Plan = Pick<WasmAffine, "forward" | "backward" | "geometry">;

/** Which kernels can run a conv or dense layer (null: none). */
function affinePlan(layer: EngineLayer): Plan | null {
  if (layer.kind !== "conv2d" && layer.kind !== "dense") return null;
  if (layer.activation !== "relu" && layer.activation !== "linear") return null;
  const C = layer.input.c, F = layer.output.c, relu = layer.activation === "relu";
  if (layer.kind === "dense") {
    const C = layer.input.h * layer.input.w * layer.input.c;
    if (C % 4 !== 0) return null;
    const geometry = { H: 1, W: 1, C, F, KH: 1, KW: 1, padTop: 0, padLeft: 0, OH: 1, OW: 1, relu };
    return { forward: "dense", backward: "channels", geometry };
  }
  const byChannels = C % 4 === 0 && (F % 4 !== 0 || C >= F);
  const backward = byChannels ? "channels" : F % 4 === 0 ? "filters" : null;
  if (backward === null) return null;
  const forward = F % 4 !== 0 ? null : C < 4 ? "scatter" : "gather";
  const { input: i, output: o } = layer;
  return {
    forward,
    backward,
    geometry: {
      ...{ H: i.h, W: i.w, C, F, KH: layer.kh, KW: layer.kw, OH: o.h, OW: o.w, relu },
      ...{ padTop: layer.padTop, padLeft: layer.padLeft },
    },
  };
}

/** Room in floats for each buffer of an affine layer: kernel, kernelT, bias, kernelGrad, biasGrad, lists. */
function affineFloats(plan: Plan): number[] {
  const { C, F, KH, KW, H, W } = plan.geometry, n = KH * KW * C * F;
  return [n, n, F, n, F, plan.forward === "gather" ? gatherListFloats({ H, W, C }) : 0];
}

/**
 * Lay out the buffers of `capacity` images in a fresh kernels' memory: the
 * staged input, every layer's outputs, max-pool argmax and gradient, and the
 * layers' weights (null where the kernels are missing or the memory too large).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { wasmLayout } from "./conv_engine_wasm.ts";
 * const pool = { kind: "maxPool2d" as const, input: { h: 2, w: 2, c: 4 }, output: { h: 1, w: 1, c: 4 }, pool: 2 };
 * const layout = wasmLayout({ layers: [pool] }, 3)!;
 * assert.equal(layout.wasm.layers[0]?.kind, "pool");
 * assert.equal(layout.outputs[0].length, 12);
 * assert.equal(layout.outputs[0].buffer, layout.wasm.kernels.memory.buffer);
 * ```
 */
export function wasmLayout(net: ConvNet, capacity: number): {
  wasm: WasmScratch;
  outputs: Float32Array[];
  argmax: Int32Array[];
  delta: Float32Array[];
} | null {
  let top = KERNELS_RESERVED_BYTES;
  const places: [number, number][] = [];
  const reserve = (floats: number) => {
    places.push([top, floats]);
    top += Math.ceil((floats * 4) / 16) * 16;
    return places.length - 1;
  };
  const size = (s: { h: number; w: number; c: number }) => s.h * s.w * s.c;
  const input = reserve(capacity * size(net.layers[0].input));
  const outputs = net.layers.map((l) => reserve(capacity * size(l.output)));
  const argmax = net.layers.map((l) =>
    reserve(l.kind === "maxPool2d" ? capacity * size(l.output) : 0)
  );
  const delta = net.layers.map((l) => reserve(size(l.output)));
  const plans = net.layers.map(affinePlan);
  const at = plans.map((plan) => plan ? affineFloats(plan).map(reserve) : []);
  if (top > WASM_MEMORY_LIMIT) return null;
  const kernels = convKernels(top);
  if (kernels === null) return null;
  const f32 = (k: number) => new Float32Array(kernels.memory.buffer, ...places[k]);
  const layers = net.layers.map((l, j): WasmAffine | WasmPool | null => {
    const plan = plans[j];
    if (l.kind === "maxPool2d") {
      const { input: i, output: o, pool } = l;
      const shape = { H: i.h, W: i.w, C: i.c, OH: o.h, OW: o.w };
      return i.c % 4 === 0 ? { kind: "pool", pool, ...shape } : null;
    }
    if (plan === null) return null;
    const [kernel, kernelT, bias, kernelGrad, biasGrad, lists] = at[j].map(f32);
    return { kind: "affine", ...plan, kernel, kernelT, bias, kernelGrad, biasGrad, lists };
  });
  const bytes = (k: number) => places[k][0];
  const steps = net.layers.map((l, j) => {
    const plan = l.kind === "flatten" ? "flatten" : layers[j];
    if (plan === null) return { forward: null, backward: null };
    return bindSteps(kernels, plan, {
      x: bytes(j === 0 ? input : outputs[j - 1]),
      xs: 4 * size(l.input),
      y: bytes(outputs[j]),
      ys: 4 * size(l.output),
      argmax: bytes(argmax[j]),
      dy: bytes(delta[j]),
      dx: j === 0 ? 0 : bytes(delta[j - 1]),
    });
  });
  const memory = new Float32Array(kernels.memory.buffer);
  return {
    wasm: {
      ...{ kernels, memory, input: f32(input), layers },
      forward: steps.map((step) => step.forward),
      backward: steps.map((step) => step.backward),
    },
    outputs: outputs.map(f32),
    argmax: argmax.map((k) => new Int32Array(kernels.memory.buffer, ...places[k])),
    delta: delta.map(f32),
  };
}

/**
 * `count` values of `x` in the kernels' memory (copied there unless they are already).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stageImages, wasmLayout } from "./conv_engine_wasm.ts";
 * const flat = { kind: "flatten" as const, input: { h: 2, w: 2, c: 1 }, output: { h: 1, w: 1, c: 4 } };
 * const { wasm } = wasmLayout({ layers: [flat] }, 2)!;
 * const staged = stageImages(wasm, new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]), 8);
 * assert.equal(staged.buffer, wasm.kernels.memory.buffer);
 * assert.equal(stageImages(wasm, staged, 8).byteOffset, staged.byteOffset); // already there
 * assert.deepEqual([...staged], [1, 2, 3, 4, 5, 6, 7, 8]);
 * ```
 */
export function stageImages(w: WasmScratch, x: Float32Array, count: number): Float32Array {
  const staged = w.input.subarray(0, count);
  if (x.buffer !== staged.buffer || x.byteOffset !== staged.byteOffset) {
    staged.set(x.subarray(0, count));
  }
  return staged;
}

/**
 * Copy the layers' weights into the kernels' memory (and the transposed kernels they need).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadWeights, wasmLayout } from "./conv_engine_wasm.ts";
 * import type { ConvNet } from "./conv_engine.ts";
 * const net: ConvNet = { layers: [{ kind: "dense", input: { h: 1, w: 1, c: 4 }, output: { h: 1, w: 1, c: 2 },
 *   kernel: new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]), bias: new Float32Array(2), activation: "linear" }] };
 * const { wasm } = wasmLayout(net, 1)!;
 * loadWeights(net, wasm);
 * const plan = wasm.layers[0]!;
 * assert.ok(plan.kind === "affine");
 * assert.deepEqual([...plan.kernelT], [1, 3, 5, 7, 2, 4, 6, 8]); // [out, in]
 * ```
 */
export function loadWeights(net: ConvNet, w: WasmScratch): void {
  net.layers.forEach((layer, j) => {
    const plan = w.layers[j];
    if (plan?.kind !== "affine" || (layer.kind !== "conv2d" && layer.kind !== "dense")) return;
    plan.kernel.set(layer.kernel);
    plan.bias.set(layer.bias);
    if (plan.backward !== "channels") return;
    const k = layer.kernel, kT = plan.kernelT;
    transposedTaps(plan.geometry, (at, atT) => kT[atT] = k[at]);
  });
}

/**
 * Add the kernels' float32 gradients of this call into `grads` (untransposed) and zero them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { flushGradients, wasmLayout } from "./conv_engine_wasm.ts";
 * import { type ConvNet, engineGradients } from "./conv_engine.ts";
 * const net: ConvNet = { layers: [{ kind: "dense", input: { h: 1, w: 1, c: 4 }, output: { h: 1, w: 1, c: 2 },
 *   kernel: new Float32Array(8), bias: new Float32Array(2), activation: "linear" }] };
 * const { wasm } = wasmLayout(net, 1)!;
 * const plan = wasm.layers[0]!;
 * assert.ok(plan.kind === "affine");
 * plan.kernelGrad.set([1, 2, 3, 4, 5, 6, 7, 8]); // [out, in]
 * const grads = engineGradients(net);
 * flushGradients(wasm, grads);
 * assert.deepEqual([...grads[0]!.kernel], [1, 5, 2, 6, 3, 7, 4, 8]); // [in, out]
 * assert.deepEqual([...plan.kernelGrad], [0, 0, 0, 0, 0, 0, 0, 0]);
 * ```
 */
export function flushGradients(w: WasmScratch, grads: EngineGradients): void {
  w.layers.forEach((plan, j) => {
    const g = grads[j];
    if (plan?.kind !== "affine" || !plan.backward || !g) return;
    const { kernelGrad: gk, biasGrad: gb } = plan;
    for (let f = 0; f < gb.length; f++) g.bias[f] += gb[f];
    if (plan.backward === "filters") {
      for (let k = 0; k < gk.length; k++) g.kernel[k] += gk[k];
    } else {
      transposedTaps(plan.geometry, (at, atT) => g.kernel[at] += gk[atT]);
    }
    gk.fill(0);
    gb.fill(0);
  });
}

/**
 * Every kernel entry's place in the `[KH, KW, C, F]` layout (`at`) and in the
 * `[KH, KW, F, C]` layout the "channels" kernels read (`atT`).
 */
function transposedTaps(
  g: Pick<KernelGeometry, "C" | "F" | "KH" | "KW">,
  visit: (at: number, atT: number) => void,
): void {
  const { C, F, KH, KW } = g;
  for (let tap = 0; tap < KH * KW; tap++) {
    for (let c = 0; c < C; c++) {
      for (let f = 0; f < F; f++) visit((tap * C + c) * F + f, (tap * F + f) * C + c);
    }
  }
}
