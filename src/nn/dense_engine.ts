/**
 * The training step of nntopo's dense networks: forward pass
 * ({@linkcode forwardPass}, the same as evaluation and snapshots),
 * back-propagation and Adam on typed arrays, with Keras's mathematics
 * (float32 parameters and moments, Keras's Adam; activations and gradients
 * accumulated in float64). For networks of a few dozen neurons tfjs spends its
 * time dispatching ~150 tiny tensor operations per batch; this engine does the
 * same arithmetic directly: measured once, 2 epochs of the concentric-spheres
 * course report's 10-8-5-1 network on 6,700 points took ~60 ms against
 * ~500–800 ms for a tfjs loop. tests/nn/dense_engine_test.ts checks the
 * gradients against tfjs's automatic differentiation and whole training runs
 * against a tfjs training loop (tests/nn/tfjs_reference.ts), to float32
 * rounding.
 *
 * @module
 */

import type { Random } from "../data/random.ts";
import { forwardPass } from "./forward.ts";
import type { DenseWeights } from "./weights.ts";

/** One dense layer's weights, its regularisation and its Adam moments (all float32). */
export interface DenseLayerState extends DenseWeights {
  /** L1 penalty on the kernel. */
  l1: number;
  /** L2 penalty on the kernel. */
  l2: number;
  /** Dropout rate on the layer's output (training only). */
  dropout: number;
  /** Adam first moments of the kernel. */
  mKernel: Float32Array;
  /** Adam first moments of the bias. */
  mBias: Float32Array;
  /** Adam second moments of the kernel. */
  vKernel: Float32Array;
  /** Adam second moments of the bias. */
  vBias: Float32Array;
}

/** Adam's hyper-parameters and step count. */
export interface AdamState {
  /** Learning rate. */
  learningRate: number;
  /** First-moment decay. */
  beta1: number;
  /** Second-moment decay. */
  beta2: number;
  /** Denominator guard. */
  epsilon: number;
  /** Steps taken so far. */
  iterations: number;
}

/** Scratch buffers reused across batches. */
interface Scratch {
  a: Float64Array[]; // a[0] = input batch, a[j+1] = output of layer j (after dropout)
  outputs: Float64Array[]; // a[1…L], the forward pass's output buffers
  delta: Float64Array[]; // gradient w.r.t. layer j's output
  masks: (Float32Array | null)[];
  gKernel: Float64Array[];
  gBias: Float64Array[];
}

const scratchCache = new WeakMap<DenseLayerState[], Scratch>();

function scratchFor(layers: DenseLayerState[], batch: number): Scratch {
  const cached = scratchCache.get(layers);
  if (cached && cached.a[0].length >= batch * layers[0].shape[0]) return cached;
  const a = [
    new Float64Array(batch * layers[0].shape[0]),
    ...layers.map((l) => new Float64Array(batch * l.shape[1])),
  ];
  const s: Scratch = {
    a,
    outputs: a.slice(1),
    delta: layers.map((l) => new Float64Array(batch * l.shape[1])),
    masks: layers.map((l) => (l.dropout > 0 ? new Float32Array(batch * l.shape[1]) : null)),
    gKernel: layers.map((l) => new Float64Array(l.shape[0] * l.shape[1])),
    gBias: layers.map((l) => new Float64Array(l.shape[1])),
  };
  scratchCache.set(layers, s);
  return s;
}

/** One mini-batch. */
export interface TrainingBatch {
  /** Inputs, row-major rows × in. */
  x: Float32Array;
  /** Binary: `rows` labels 0/1 for one output logit; otherwise rows × outputs one-hot rows. */
  targets: Float32Array;
  /** Rows in the batch. */
  rows: number;
  /** Binary cross-entropy from one logit (true) or softmax cross-entropy (false). */
  binary: boolean;
}

/** What {@linkcode denseGradients} returns (views of reused buffers: copy to keep). */
export interface DenseGradients {
  /** Batch loss: mean cross-entropy plus the L1/L2 penalties. */
  loss: number;
  /** dLoss/dKernel per layer, row-major [in, out]. */
  kernels: Float64Array[];
  /** dLoss/dBias per layer. */
  biases: Float64Array[];
}

/**
 * Forward pass on the batch's rows, cross-entropy against its targets
 * (sigmoid for one binary logit, softmax otherwise), L1/L2 penalties, dropout masks drawn from `random`
 * (inverted dropout; none when `random` is null), and back-propagation.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { denseGradients, type DenseLayerState } from "./dense_engine.ts";
 * const layer: DenseLayerState = {
 *   name: "dense1", shape: [1, 1], activation: "linear", l1: 0, l2: 0, dropout: 0,
 *   kernel: new Float32Array([0]), bias: new Float32Array([0]),
 *   mKernel: new Float32Array(1), mBias: new Float32Array(1),
 *   vKernel: new Float32Array(1), vBias: new Float32Array(1),
 * };
 * const batch = { x: new Float32Array([2]), targets: new Float32Array([1]), rows: 1, binary: true };
 * const g = denseGradients([layer], batch, null);
 * assert.equal(g.kernels[0][0], -1); // (σ(0) − 1)·2
 * ```
 */
export function denseGradients(
  layers: DenseLayerState[],
  batch: TrainingBatch,
  random: Random | null,
): DenseGradients {
  const { x, targets, rows: m, binary } = batch;
  const s = scratchFor(layers, m);
  const L = layers.length;
  const a0 = s.a[0];
  for (let k = 0; k < m * layers[0].shape[0]; k++) a0[k] = x[k];

  // Forward, with inverted dropout after each layer when a stream is given.
  forwardPass(layers, a0, m, {
    outputs: s.outputs,
    afterLayer: random ? (j, out) => dropOut(layers[j], s.masks[j], out, m, random) : undefined,
  });
  let loss = binary
    ? binaryLoss(s.a[L], targets, s.delta[L - 1], m)
    : softmaxLoss(s.a[L], targets, s.delta[L - 1], m, layers[L - 1].shape[1]);

  // Backward. s.delta[j] holds dL/d(layer j's output after dropout) until it
  // is turned into dL/d(pre-activation); a ReLU layer without a mask gets its
  // derivative as the next layer's back-propagation writes it.
  let preActivation = false;
  for (let j = L - 1; j >= 0; j--) {
    const { shape: [, outputs], kernel, l1, l2 } = layers[j];
    const delta = s.delta[j];
    // Masks were drawn in the forward pass only when a stream was given.
    const mask = random ? s.masks[j] : null;
    if (!preActivation) derivative(layers[j].activation, delta, s.a[j + 1], mask, m * outputs);
    const gK = s.gKernel[j];
    const fuseRelu = j > 0 && layers[j - 1].activation === "relu" && !(random && s.masks[j - 1]);
    backLayer(layers[j], s.a[j], delta, {
      rows: m,
      gKernel: gK,
      gBias: s.gBias[j],
      prev: j > 0 ? s.delta[j - 1] : null,
      relu: fuseRelu,
    });
    preActivation = fuseRelu;
    if (l1 > 0 || l2 > 0) {
      for (let k = 0; k < gK.length; k++) {
        const w = kernel[k];
        gK[k] += l1 * Math.sign(w) + 2 * l2 * w;
        loss += l1 * Math.abs(w) + l2 * w * w;
      }
    }
  }

  return { loss, kernels: s.gKernel, biases: s.gBias };
}

/** Inverted dropout on a layer's `rows` outputs: draw the mask, scale the kept ones. */
function dropOut(
  layer: DenseLayerState,
  mask: Float32Array | null,
  out: Float64Array,
  rows: number,
  random: Random,
): void {
  if (!mask) return;
  const keep = 1 / (1 - layer.dropout);
  for (let k = 0; k < rows * layer.shape[1]; k++) {
    mask[k] = random.next() < layer.dropout ? 0 : keep;
    out[k] *= mask[k];
  }
}

/** Summed binary cross-entropy of the logits `z`, and its gradient (mean over the batch) in `dz`. */
function binaryLoss(z: Float64Array, targets: Float32Array, dz: Float64Array, m: number): number {
  let loss = 0;
  for (let r = 0; r < m; r++) {
    const zi = z[r], yi = targets[r];
    // e^−|z| is e^−z when z ≥ 0 (±0 included): one exponential serves both.
    const e = Math.exp(-Math.abs(zi));
    loss += Math.max(zi, 0) - zi * yi + Math.log1p(e);
    dz[r] = (1 / (1 + (zi >= 0 ? e : Math.exp(-zi))) - yi) / m;
  }
  return loss / m;
}

/** Summed softmax cross-entropy of the logits `z`, and its gradient (mean over the batch) in `dz`. */
function softmaxLoss(
  z: Float64Array,
  targets: Float32Array,
  dz: Float64Array,
  m: number,
  outputs: number,
): number {
  let loss = 0;
  for (let r = 0; r < m; r++) {
    const ro = r * outputs;
    let max = -Infinity;
    for (let o = 0; o < outputs; o++) max = Math.max(max, z[ro + o]);
    let sum = 0;
    for (let o = 0; o < outputs; o++) sum += Math.exp(z[ro + o] - max);
    const logSum = Math.log(sum) + max;
    for (let o = 0; o < outputs; o++) {
      const p = Math.exp(z[ro + o] - logSum);
      loss -= targets[ro + o] * (z[ro + o] - logSum);
      dz[ro + o] = (p - targets[ro + o]) / m;
    }
  }
  return loss / m;
}

/**
 * Turn `delta`, dL/d(output after dropout), into dL/d(pre-activation) in
 * place, from the layer's outputs `out` (after dropout) and its mask.
 */
function derivative(
  activation: DenseLayerState["activation"],
  delta: Float64Array,
  out: Float64Array,
  mask: Float32Array | null,
  count: number,
): void {
  if (!mask && activation === "relu") {
    for (let k = 0; k < count; k++) delta[k] = out[k] > 0 ? delta[k] : 0;
    return;
  }
  if (!mask && activation === "linear") return;
  for (let k = 0; k < count; k++) {
    let g = delta[k];
    let y = out[k];
    if (mask) {
      g *= mask[k];
      y = mask[k] === 0 ? 0 : y / mask[k];
    }
    delta[k] = activation === "relu"
      ? (y > 0 ? g : 0)
      : activation === "tanh"
      ? g * (1 - y * y)
      : activation === "sigmoid"
      ? g * y * (1 - y)
      : g;
  }
}

/** Where {@linkcode backLayer} writes. */
interface BackTargets {
  /** Rows in the batch. */
  rows: number;
  /** dL/dKernel (overwritten). */
  gKernel: Float64Array;
  /** dL/dBias (overwritten). */
  gBias: Float64Array;
  /** dL/d(input), the previous layer's output; null for the first layer. */
  prev: Float64Array | null;
  /** The previous layer is an unmasked ReLU: write its dL/d(pre-activation) instead (0 where off). */
  relu: boolean;
}

/**
 * A layer's kernel and bias gradients from `delta` (dL/d(pre-activation)) and
 * its `input`, and the gradient passed back to the previous layer, in one
 * sweep over the rows. Every kernel gradient adds its rows' products in row
 * order, skipping inputs that are exactly 0; every back-propagated value sums
 * over the layer's units in order.
 */
function backLayer(
  layer: DenseLayerState,
  input: Float64Array,
  delta: Float64Array,
  { rows, gKernel: gK, gBias: gB, prev, relu }: BackTargets,
): void {
  const { kernel, shape: [inputs, outputs] } = layer;
  gK.fill(0);
  gB.fill(0);
  for (let r = 0; r < rows; r++) {
    const ro = r * outputs, ri = r * inputs;
    for (let o = 0; o < outputs; o++) gB[o] += delta[ro + o];
    for (let i = 0; i < inputs; i++) {
      const v = input[ri + i];
      const ko = i * outputs;
      if (v !== 0) {
        for (let o = 0; o < outputs; o++) gK[ko + o] += v * delta[ro + o];
      }
      if (!prev) continue;
      if (relu && !(v > 0)) {
        prev[ri + i] = 0;
        continue;
      }
      let sum = 0;
      for (let o = 0; o < outputs; o++) sum += delta[ro + o] * kernel[ko + o];
      prev[ri + i] = sum;
    }
  }
}

/**
 * One mini-batch step: {@linkcode denseGradients}, then one Adam update of
 * every kernel and bias (tfjs/Keras form: bias-corrected moments, ε added to
 * sqrt(v̂); parameters and moments stored as float32). Returns the batch loss.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { adamStep, type DenseLayerState } from "./dense_engine.ts";
 * const layer: DenseLayerState = {
 *   name: "dense1", shape: [1, 1], activation: "linear", l1: 0, l2: 0, dropout: 0,
 *   kernel: new Float32Array([0]), bias: new Float32Array([0]),
 *   mKernel: new Float32Array(1), mBias: new Float32Array(1),
 *   vKernel: new Float32Array(1), vBias: new Float32Array(1),
 * };
 * const adam = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, iterations: 0 };
 * const batch = { x: new Float32Array([1]), targets: new Float32Array([1]), rows: 1, binary: true };
 * const loss = adamStep([layer], adam, batch, null);
 * assert.ok(Math.abs(loss - Math.log(2)) < 1e-9);
 * assert.ok(layer.kernel[0] > 0);
 * ```
 */
export function adamStep(
  layers: DenseLayerState[],
  adam: AdamState,
  batch: TrainingBatch,
  random: Random | null,
): number {
  const g = denseGradients(layers, batch, random);
  const t = adam.iterations + 1;
  const c1 = 1 - Math.pow(adam.beta1, t), c2 = 1 - Math.pow(adam.beta2, t);
  for (let j = 0; j < layers.length; j++) {
    const l = layers[j];
    adamUpdate(l.kernel, l.mKernel, l.vKernel, g.kernels[j], adam, c1, c2);
    adamUpdate(l.bias, l.mBias, l.vBias, g.biases[j], adam, c1, c2);
  }
  adam.iterations = t;
  return g.loss;
}

/**
 * One Adam update of the parameters `w` with gradient `g`, given the bias
 * corrections `c1 = 1 − β1^t`, `c2 = 1 − β2^t` (Keras's form: ε added to
 * sqrt(v̂); moments stored as float32). Shared by the dense and conv engines.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { adamUpdate } from "./dense_engine.ts";
 * const w = new Float32Array([1]), m = new Float32Array(1), v = new Float32Array(1);
 * const adam = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, iterations: 0 };
 * adamUpdate(w, m, v, new Float64Array([2]), adam, 0.1, 0.001);
 * assert.ok(Math.abs(w[0] - 0.9) < 1e-6); // the first step moves by the learning rate
 * ```
 */
export function adamUpdate(
  w: Float32Array,
  mState: Float32Array,
  vState: Float32Array,
  g: Float64Array,
  adam: AdamState,
  c1: number,
  c2: number,
): void {
  const { beta1, beta2, epsilon, learningRate } = adam;
  for (let k = 0; k < w.length; k++) {
    const mk = mState[k] * beta1 + g[k] * (1 - beta1);
    const vk = vState[k] * beta2 + g[k] * g[k] * (1 - beta2);
    mState[k] = mk;
    vState[k] = vk;
    w[k] -= (learningRate * (mk / c1)) / (Math.sqrt(vk / c2) + epsilon);
  }
}
