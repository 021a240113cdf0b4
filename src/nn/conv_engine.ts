/**
 * An engine for small convolutional networks: Conv2D (valid or same padding,
 * stride 1), MaxPool2D, Flatten and Dense layers on typed arrays, with the
 * forward pass, softmax cross-entropy and exact back-propagation. Images are
 * NHWC rows (height × width × channels, row-major, as tfjs and Keras store
 * them) and a conv kernel is `[kh, kw, cin, cout]` row-major, tfjs's layout,
 * so weights move between this engine and a tfjs model without reshaping.
 *
 * The layers run in WebAssembly SIMD kernels (conv_engine_wasm.ts,
 * conv_kernels_wasm.ts: f32x4 lanes, float32 sums in a fixed order) where
 * they can, and otherwise in the plain-JavaScript loops of this module, which
 * are also the kernels' reference in tests/nn/conv_kernels_wasm_test.ts. Both
 * exploit exact sparsity: MNIST digits are mostly blank pixels, ReLU outputs
 * are often 0, and after a max-pool only one position in each window
 * receives a gradient. The JavaScript forward pass skips zero inputs, and its
 * backward pass gathers, per output position, the channels whose gradient is
 * non-zero before touching the kernel; it sums in float64. Activations are
 * stored as float32. Checked against finite differences and tfjs's cpu
 * backend in tests/nn/conv_engine_test.ts.
 *
 * @module
 */

import {
  flushGradients,
  loadWeights,
  stageImages,
  wasmLayout,
  type WasmScratch,
} from "./conv_engine_wasm.ts";

/** Height, width and channels of an image-shaped activation (NHWC). */
export interface Shape3 {
  /** Rows. */
  h: number;
  /** Columns. */
  w: number;
  /** Channels. */
  c: number;
}

/** Activations the engine's layers support. */
export type EngineActivation = "relu" | "tanh" | "sigmoid" | "linear";

/** A layer with a kernel and a bias. */
interface Parametrised {
  /** Kernel: conv `[kh, kw, cin, cout]`, dense `[in, out]`, row-major. */
  kernel: Float32Array;
  /** Bias, one per output channel or neuron. */
  bias: Float32Array;
  /** Activation after the affine map. */
  activation: EngineActivation;
}

/** One layer of a {@linkcode ConvNet}: its kind, input and output shapes, and parameters. */
export type EngineLayer =
  | ({ kind: "conv2d"; input: Shape3; output: Shape3; kh: number; kw: number } & {
    /** Rows and columns of zero padding before the image (0 for valid padding). */
    padTop: number;
    /** Columns of zero padding left of the image. */
    padLeft: number;
  } & Parametrised)
  | { kind: "maxPool2d"; input: Shape3; output: Shape3; pool: number }
  | { kind: "flatten"; input: Shape3; output: Shape3 }
  | ({ kind: "dense"; input: Shape3; output: Shape3 } & Parametrised);

/** A network as a list of engine layers (the first layer's input is the image shape). */
export interface ConvNet {
  /** Layers in order. */
  layers: EngineLayer[];
}

/** Number of values of a shape. */
export function shapeSize(s: Shape3): number {
  return s.h * s.w * s.c;
}

/**
 * Output shape and padding of a stride-1 convolution (TensorFlow's "same":
 * the extra row or column of padding goes after the image).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { convGeometry } from "./conv_engine.ts";
 * assert.deepEqual(convGeometry({ h: 28, w: 28, c: 1 }, 3, 3, 64, "valid").output, { h: 26, w: 26, c: 64 });
 * assert.equal(convGeometry({ h: 13, w: 13, c: 64 }, 2, 2, 16, "same").padTop, 0);
 * ```
 */
export function convGeometry(
  input: Shape3,
  kh: number,
  kw: number,
  filters: number,
  padding: "valid" | "same",
): { output: Shape3; padTop: number; padLeft: number } {
  if (padding === "same") {
    return {
      output: { h: input.h, w: input.w, c: filters },
      padTop: Math.floor((kh - 1) / 2),
      padLeft: Math.floor((kw - 1) / 2),
    };
  }
  const output = { h: input.h - kh + 1, w: input.w - kw + 1, c: filters };
  if (output.h < 1 || output.w < 1) {
    throw new RangeError(
      `convGeometry: a ${kh}×${kw} valid convolution needs an input of at least ${kh}×${kw}, found ${input.h}×${input.w}`,
    );
  }
  return { output, padTop: 0, padLeft: 0 };
}

function activate(z: number, activation: EngineActivation): number {
  return activation === "relu"
    ? (z > 0 ? z : 0)
    : activation === "linear"
    ? z
    : activation === "tanh"
    ? Math.tanh(z)
    : 1 / (1 + Math.exp(-z));
}

/** dL/dz from dL/dy and y = activation(z). */
function activationGradient(g: number, y: number, activation: EngineActivation): number {
  return activation === "relu"
    ? (y > 0 ? g : 0)
    : activation === "linear"
    ? g
    : activation === "tanh"
    ? g * (1 - y * y)
    : g * y * (1 - y);
}

type ConvLayer = Extract<EngineLayer, { kind: "conv2d" }>;
type PoolLayer = Extract<EngineLayer, { kind: "maxPool2d" }>;
type DenseLayer = Extract<EngineLayer, { kind: "dense" }>;

/** Convolve one image `x` (NHWC) into `y`, with activation; `acc` has `c_out` entries. */
function convImage(layer: ConvLayer, x: Float32Array, y: Float32Array, acc: Float64Array): void {
  const { input, output, kh, kw, padTop, padLeft, kernel, bias, activation } = layer;
  const C = input.c, F = output.c;
  for (let oy = 0; oy < output.h; oy++) {
    for (let ox = 0; ox < output.w; ox++) {
      for (let f = 0; f < F; f++) acc[f] = bias[f];
      for (let dy = 0; dy < kh; dy++) {
        const iy = oy + dy - padTop;
        if (iy < 0 || iy >= input.h) continue;
        for (let dx = 0; dx < kw; dx++) {
          const ix = ox + dx - padLeft;
          if (ix < 0 || ix >= input.w) continue;
          const inBase = (iy * input.w + ix) * C, kBase = (dy * kw + dx) * C * F;
          for (let c = 0; c < C; c++) {
            const v = x[inBase + c];
            if (v === 0) continue;
            const kb = kBase + c * F;
            for (let f = 0; f < F; f++) acc[f] += v * kernel[kb + f];
          }
        }
      }
      const ob = (oy * output.w + ox) * F;
      for (let f = 0; f < F; f++) y[ob + f] = activate(acc[f], activation);
    }
  }
}

/** Max-pool one image; `arg[k]` gets the input index of output k's maximum (first in scan order). */
function poolImage(layer: PoolLayer, x: Float32Array, y: Float32Array, arg: Int32Array): void {
  const { input, output, pool } = layer;
  const C = input.c;
  for (let oy = 0; oy < output.h; oy++) {
    for (let ox = 0; ox < output.w; ox++) {
      const ob = (oy * output.w + ox) * C;
      for (let c = 0; c < C; c++) {
        let best = -Infinity, where = 0;
        for (let dy = 0; dy < pool; dy++) {
          const rowBase = ((oy * pool + dy) * input.w + ox * pool) * C + c;
          for (let dx = 0; dx < pool; dx++) {
            const v = x[rowBase + dx * C];
            if (v > best) {
              best = v;
              where = rowBase + dx * C;
            }
          }
        }
        y[ob + c] = best;
        arg[ob + c] = where;
      }
    }
  }
}

/** Dense layer on one row, skipping zero inputs. */
function denseRow(layer: DenseLayer, x: Float32Array, y: Float32Array, acc: Float64Array): void {
  const { kernel, bias, activation } = layer;
  const I = x.length, O = y.length;
  for (let o = 0; o < O; o++) acc[o] = bias[o];
  for (let i = 0; i < I; i++) {
    const v = x[i];
    if (v === 0) continue;
    const ko = i * O;
    for (let o = 0; o < O; o++) acc[o] += v * kernel[ko + o];
  }
  for (let o = 0; o < O; o++) y[o] = activate(acc[o], activation);
}

/**
 * Buffers of one forward/backward pass over up to `capacity` images: every
 * layer's output, the pools' argmax indices and the gradient buffers. Reuse
 * one per thread.
 */
export interface EngineScratch {
  /** Images it holds. */
  capacity: number;
  /** `outputs[j]`: layer j's output for every image, row-major (image, then NHWC). */
  outputs: Float32Array[];
  /** Max-pool argmax per layer (empty for other layers), per image. */
  argmax: Int32Array[];
  /** dL/d(output) of one image, per layer (index j: layer j's output; −1 unused). */
  delta: Float32Array[];
  /** Per-channel accumulators. */
  acc: Float64Array;
  /** Non-zero gradient channels at one position: indices and values. */
  nzIndex: Int32Array;
  /** Their values. */
  nzValue: Float64Array;
  /** The SIMD kernels and the layers they run, all buffers in their memory (null: JavaScript only). */
  wasm: WasmScratch | null;
}

/**
 * Allocate the buffers of {@linkcode convForward} and {@linkcode convGradients} for `capacity` images:
 * in the memory of the WebAssembly SIMD kernels, which then run the layers they can (see
 * conv_engine_wasm.ts: ReLU or linear conv layers with 4k filters or 4k input channels, dense
 * layers with 4k inputs, max-pools over 4k channels), or (`wasm: false`, or where WebAssembly SIMD
 * is missing) in JavaScript arrays for the JavaScript loops. The kernels sum in float32 where the
 * loops sum in float64; the gradients of one call reach `grads` (float64) at its end.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { engineScratch } from "./conv_engine.ts";
 * const s = engineScratch({ layers: [{ kind: "flatten", input: { h: 2, w: 2, c: 1 }, output: { h: 1, w: 1, c: 4 } }] }, 3);
 * assert.equal(s.outputs[0].length, 12);
 * ```
 */
export function engineScratch(
  net: ConvNet,
  capacity: number,
  options: { wasm?: boolean } = {},
): EngineScratch {
  const widest = Math.max(...net.layers.map((l) => l.output.c));
  const accumulators = {
    acc: new Float64Array(widest),
    nzIndex: new Int32Array(widest),
    nzValue: new Float64Array(widest),
  };
  const layout = options.wasm === false ? null : wasmLayout(net, capacity);
  if (layout !== null) return { capacity, ...layout, ...accumulators };
  return {
    capacity,
    outputs: net.layers.map((l) => new Float32Array(capacity * shapeSize(l.output))),
    argmax: net.layers.map((l) =>
      new Int32Array(l.kind === "maxPool2d" ? capacity * shapeSize(l.output) : 0)
    ),
    delta: net.layers.map((l) => new Float32Array(shapeSize(l.output))),
    ...accumulators,
    wasm: null,
  };
}

/**
 * Forward pass of `m` images `x` (m × input size, NHWC rows): fills
 * `scratch.outputs` (layer j's output at index j) and returns them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { convForward, engineScratch, type ConvNet } from "./conv_engine.ts";
 * const net: ConvNet = { layers: [{
 *   kind: "conv2d", input: { h: 2, w: 2, c: 1 }, output: { h: 1, w: 1, c: 1 }, kh: 2, kw: 2,
 *   padTop: 0, padLeft: 0, kernel: new Float32Array([1, 1, 1, 1]), bias: new Float32Array([0.5]),
 *   activation: "linear",
 * }] };
 * const [y] = convForward(net, new Float32Array([1, 2, 3, 4]), 1, engineScratch(net, 1));
 * assert.equal(y[0], 10.5);
 * ```
 */
export function convForward(
  net: ConvNet,
  x: Float32Array,
  m: number,
  scratch: EngineScratch,
): Float32Array[] {
  if (m > scratch.capacity) {
    throw new RangeError(`convForward: ${m} images, scratch holds ${scratch.capacity}`);
  }
  const inSize = shapeSize(net.layers[0].input);
  if (x.length < m * inSize) {
    throw new RangeError(
      `convForward: argument "x": expected ${m} × ${inSize} values, found ${x.length}`,
    );
  }
  const w = scratch.wasm;
  if (w) {
    x = stageImages(w, x, m * inSize);
    loadWeights(net, w);
  }
  for (let r = 0; r < m; r++) forwardImage(net, x, r, scratch);
  return scratch.outputs.map((o, j) => o.subarray(0, m * shapeSize(net.layers[j].output)));
}

/** Forward pass of image `r` of `x` (every layer, in the kernels where they run it). */
function forwardImage(net: ConvNet, x: Float32Array, r: number, s: EngineScratch): void {
  const steps = s.wasm?.forward, L = net.layers.length;
  for (let j = 0; j < L; j++) {
    const step = steps?.[j];
    if (step) {
      step(r);
      continue;
    }
    const layer = net.layers[j], inSize = shapeSize(layer.input), size = shapeSize(layer.output);
    const input = j === 0 ? x : s.outputs[j - 1];
    const xr = input.subarray(r * inSize, (r + 1) * inSize);
    const out = s.outputs[j].subarray(r * size, (r + 1) * size);
    if (layer.kind === "conv2d") convImage(layer, xr, out, s.acc);
    else if (layer.kind === "maxPool2d") {
      poolImage(layer, xr, out, s.argmax[j].subarray(r * size, (r + 1) * size));
    } else if (layer.kind === "dense") denseRow(layer, xr, out, s.acc);
    else out.set(xr);
  }
}

/** Gradient accumulators of a network's parametrised layers (null for the others). */
export type EngineGradients = ({ kernel: Float64Array; bias: Float64Array } | null)[];

/**
 * Zeroed gradient buffers for `net`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { engineGradients } from "./conv_engine.ts";
 * const g = engineGradients({ layers: [{ kind: "flatten", input: { h: 1, w: 1, c: 2 }, output: { h: 1, w: 1, c: 2 } }] });
 * assert.equal(g[0], null);
 * ```
 */
export function engineGradients(net: ConvNet): EngineGradients {
  return net.layers.map((l) =>
    l.kind === "conv2d" || l.kind === "dense"
      ? { kernel: new Float64Array(l.kernel.length), bias: new Float64Array(l.bias.length) }
      : null
  );
}

/** Softmax cross-entropy of one row of logits `z` against `label`; writes scale·(p − onehot) to `dz`. */
function softmaxRow(z: Float32Array, label: number, scale: number, dz: Float32Array): number {
  let max = -Infinity;
  for (let o = 0; o < z.length; o++) if (z[o] > max) max = z[o];
  let sum = 0;
  for (let o = 0; o < z.length; o++) sum += Math.exp(z[o] - max);
  const logSum = Math.log(sum) + max;
  for (let o = 0; o < z.length; o++) {
    dz[o] = (Math.exp(z[o] - logSum) - (o === label ? 1 : 0)) * scale;
  }
  return logSum - z[label];
}

/**
 * Back-propagate one conv layer for one image: accumulate dL/dkernel and
 * dL/dbias; when `dx` is given, write dL/d(input) into it. `dy` holds dL/d(output)
 * and is overwritten with dL/d(pre-activation).
 */
function convBackward(
  layer: ConvLayer,
  args: { x: Float32Array; y: Float32Array; dy: Float32Array; dx: Float32Array | null },
  g: { kernel: Float64Array; bias: Float64Array },
  s: EngineScratch,
): void {
  const { input, output, kh, kw, padTop, padLeft, kernel, activation } = layer;
  const { x, y, dy, dx } = args;
  const C = input.c, F = output.c, idx = s.nzIndex, val = s.nzValue;
  if (dx) dx.fill(0);
  for (let oy = 0; oy < output.h; oy++) {
    for (let ox = 0; ox < output.w; ox++) {
      const ob = (oy * output.w + ox) * F;
      let count = 0;
      for (let f = 0; f < F; f++) {
        const gz = activationGradient(dy[ob + f], y[ob + f], activation);
        dy[ob + f] = gz;
        if (gz === 0) continue;
        idx[count] = f;
        val[count++] = gz;
        g.bias[f] += gz;
      }
      if (count === 0) continue;
      for (let dyy = 0; dyy < kh; dyy++) {
        const iy = oy + dyy - padTop;
        if (iy < 0 || iy >= input.h) continue;
        for (let dxx = 0; dxx < kw; dxx++) {
          const ix = ox + dxx - padLeft;
          if (ix < 0 || ix >= input.w) continue;
          const inBase = (iy * input.w + ix) * C, kBase = (dyy * kw + dxx) * C * F;
          for (let c = 0; c < C; c++) {
            const v = x[inBase + c], kb = kBase + c * F;
            if (v !== 0) { for (let t = 0; t < count; t++) g.kernel[kb + idx[t]] += v * val[t]; }
            if (dx) {
              let sum = 0;
              for (let t = 0; t < count; t++) sum += kernel[kb + idx[t]] * val[t];
              dx[inBase + c] += sum;
            }
          }
        }
      }
    }
  }
}

/** Back-propagate a dense layer for one row (see {@linkcode convBackward}). */
function denseBackward(
  layer: DenseLayer,
  args: { x: Float32Array; y: Float32Array; dy: Float32Array; dx: Float32Array | null },
  g: { kernel: Float64Array; bias: Float64Array },
): void {
  const { kernel, activation } = layer;
  const { x, y, dy, dx } = args;
  const I = x.length, O = y.length;
  for (let o = 0; o < O; o++) {
    dy[o] = activationGradient(dy[o], y[o], activation);
    g.bias[o] += dy[o];
  }
  for (let i = 0; i < I; i++) {
    const v = x[i], ko = i * O;
    if (v !== 0) { for (let o = 0; o < O; o++) g.kernel[ko + o] += v * dy[o]; }
    if (dx) {
      let sum = 0;
      for (let o = 0; o < O; o++) sum += kernel[ko + o] * dy[o];
      dx[i] = sum;
    }
  }
}

/** Route a max-pool's output gradient to each window's maximum. */
function poolBackward(dy: Float32Array, arg: Int32Array, offset: number, dx: Float32Array): void {
  dx.fill(0);
  for (let k = 0; k < dy.length; k++) dx[arg[k] - offset] += dy[k];
}

/** Back-propagate one image `r` whose output-layer gradient is in the last delta buffer. */
function backwardImage(
  net: ConvNet,
  x: Float32Array,
  r: number,
  grads: EngineGradients,
  s: EngineScratch,
): void {
  const w = s.wasm;
  for (let j = net.layers.length - 1; j >= 0; j--) {
    const step = w?.backward[j];
    if (step) {
      step(r);
      continue;
    }
    const layer = net.layers[j];
    const inSize = shapeSize(layer.input), size = shapeSize(layer.output);
    const input = j === 0
      ? x.subarray(r * inSize, (r + 1) * inSize)
      : s.outputs[j - 1].subarray(r * inSize, (r + 1) * inSize);
    const dx = j === 0 ? null : s.delta[j - 1];
    const y = s.outputs[j].subarray(r * size, (r + 1) * size);
    const arg = s.argmax[j].subarray(r * size, (r + 1) * size);
    const args = { x: input, y, dy: s.delta[j], dx };
    if (layer.kind === "conv2d") convBackward(layer, args, grads[j]!, s);
    else if (layer.kind === "dense") denseBackward(layer, args, grads[j]!);
    else if (!dx) return;
    else if (layer.kind === "maxPool2d") poolBackward(s.delta[j], arg, 0, dx);
    else dx.set(s.delta[j]);
  }
}

/**
 * Forward pass, softmax cross-entropy and back-propagation of `m` images:
 * adds `scale · Σ dLoss_i/dθ` into `grads` (pass `scale = 1 / batch size` for
 * the mean loss, also when a batch is split into chunks) and returns the
 * summed (unscaled) loss of these images. The last layer's outputs are the
 * logits.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { convGradients, engineGradients, engineScratch, type ConvNet } from "./conv_engine.ts";
 * const net: ConvNet = { layers: [{
 *   kind: "dense", input: { h: 1, w: 1, c: 1 }, output: { h: 1, w: 1, c: 2 },
 *   kernel: new Float32Array([0, 0]), bias: new Float32Array([0, 0]), activation: "linear",
 * }] };
 * const g = engineGradients(net);
 * const loss = convGradients(net, { x: new Float32Array([2]), labels: new Int32Array([1]), m: 1, scale: 1 }, g, engineScratch(net, 1));
 * assert.ok(Math.abs(loss - Math.log(2)) < 1e-12);
 * assert.deepEqual([...g[0]!.kernel], [1, -1]); // (p − onehot)·x
 * ```
 */
export function convGradients(
  net: ConvNet,
  batch: { x: Float32Array; labels: Int32Array; m: number; scale: number },
  grads: EngineGradients,
  scratch: EngineScratch,
): number {
  const { labels, m, scale } = batch;
  const w = scratch.wasm;
  const x = w ? stageImages(w, batch.x, m * shapeSize(net.layers[0].input)) : batch.x;
  const outputs = convForward(net, x, m, scratch);
  const L = net.layers.length, classes = shapeSize(net.layers[L - 1].output);
  const logits = outputs[L - 1];
  let loss = 0;
  for (let r = 0; r < m; r++) {
    const z = logits.subarray(r * classes, (r + 1) * classes);
    loss += softmaxRow(z, labels[r], scale, scratch.delta[L - 1]);
    backwardImage(net, x, r, grads, scratch);
  }
  if (w) flushGradients(w, grads);
  return loss;
}
