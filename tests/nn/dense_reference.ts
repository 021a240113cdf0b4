/**
 * The dense engine's arithmetic as straightforward loops (the form the
 * engine had before its loops were restructured): the forward pass,
 * cross-entropy and back-propagation. tests/nn/dense_kernels_test.ts checks
 * that the engine's kernels give these same bits.
 *
 * @module
 */

import type { Random } from "../../src/data/random.ts";
import type { DenseLayerState, TrainingBatch } from "../../src/nn/dense_engine.ts";
import type { DenseWeights } from "../../src/nn/weights.ts";

/** One layer, `out = activation(input · kernel + bias)`, summed in float64 row by row. */
export function referenceLayer(
  layer: DenseWeights,
  input: Float32Array | Float64Array,
  rows: number,
  out: Float32Array | Float64Array,
): void {
  const { kernel, bias, activation } = layer;
  const [inputs, units] = layer.shape;
  const sum = new Float64Array(units);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < units; o++) sum[o] = bias[o];
    for (let i = 0; i < inputs; i++) {
      const v = input[r * inputs + i];
      if (v === 0) continue;
      for (let o = 0; o < units; o++) sum[o] += v * kernel[i * units + o];
    }
    for (let o = 0; o < units; o++) {
      const z = sum[o];
      out[r * units + o] = activation === "relu"
        ? (z > 0 ? z : 0)
        : activation === "tanh"
        ? Math.tanh(z)
        : activation === "sigmoid"
        ? 1 / (1 + Math.exp(-z))
        : z;
    }
  }
}

/** Every layer's outputs, float32 (evaluation) or float64 (training) buffers. */
export function referenceForward(
  layers: readonly DenseWeights[],
  x: Float32Array | Float64Array,
  rows: number,
  wide: boolean,
): (Float32Array | Float64Array)[] {
  const outs: (Float32Array | Float64Array)[] = [];
  let input = x;
  for (const layer of layers) {
    const n = rows * layer.shape[1];
    const out = wide ? new Float64Array(n) : new Float32Array(n);
    referenceLayer(layer, input, rows, out);
    outs.push(out);
    input = out;
  }
  return outs;
}

/** Loss and gradients of one batch, as src/nn/dense_engine.ts's denseGradients. */
export function referenceGradients(
  layers: DenseLayerState[],
  batch: TrainingBatch,
  random: Random | null,
): { loss: number; kernels: Float64Array[]; biases: Float64Array[] } {
  const { x, targets, rows: m, binary } = batch;
  const L = layers.length;
  const a: Float64Array[] = [Float64Array.from(x.subarray(0, m * layers[0].shape[0]))];
  const masks: (Float32Array | null)[] = [];
  layers.forEach((layer, j) => {
    const out = new Float64Array(m * layer.shape[1]);
    referenceLayer(layer, a[j], m, out);
    const mask = random && layer.dropout > 0 ? new Float32Array(out.length) : null;
    if (mask && random) {
      const keep = 1 / (1 - layer.dropout);
      for (let k = 0; k < out.length; k++) {
        mask[k] = random.next() < layer.dropout ? 0 : keep;
        out[k] *= mask[k];
      }
    }
    masks.push(mask);
    a.push(out);
  });
  const outputs = layers[L - 1].shape[1];
  const z = a[L];
  const deltas = layers.map((l) => new Float64Array(m * l.shape[1]));
  const dz = deltas[L - 1];
  let loss = 0;
  for (let r = 0; r < m; r++) {
    if (binary) {
      const zi = z[r], yi = targets[r];
      loss += Math.max(zi, 0) - zi * yi + Math.log1p(Math.exp(-Math.abs(zi)));
      dz[r] = (1 / (1 + Math.exp(-zi)) - yi) / m;
      continue;
    }
    const row = z.subarray(r * outputs, (r + 1) * outputs);
    let max = -Infinity;
    for (const v of row) max = Math.max(max, v);
    let sum = 0;
    for (const v of row) sum += Math.exp(v - max);
    const logSum = Math.log(sum) + max;
    for (let o = 0; o < outputs; o++) {
      const t = targets[r * outputs + o];
      loss -= t * (row[o] - logSum);
      dz[r * outputs + o] = (Math.exp(row[o] - logSum) - t) / m;
    }
  }
  loss /= m;
  const kernels: Float64Array[] = [], biases: Float64Array[] = [];
  for (let j = L - 1; j >= 0; j--) {
    const { shape: [inputs, units], kernel, activation, l1, l2 } = layers[j];
    const delta = deltas[j], out = a[j + 1], input = a[j], mask = masks[j];
    for (let k = 0; k < m * units; k++) {
      let g = delta[k], y = out[k];
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
    const gK = new Float64Array(inputs * units), gB = new Float64Array(units);
    for (let r = 0; r < m; r++) {
      for (let o = 0; o < units; o++) gB[o] += delta[r * units + o];
      for (let i = 0; i < inputs; i++) {
        const v = input[r * inputs + i];
        if (v === 0) continue;
        for (let o = 0; o < units; o++) gK[i * units + o] += v * delta[r * units + o];
      }
    }
    for (let k = 0; k < gK.length; k++) {
      if (l1 === 0 && l2 === 0) break;
      const w = kernel[k];
      gK[k] += l1 * Math.sign(w) + 2 * l2 * w;
      loss += l1 * Math.abs(w) + l2 * w * w;
    }
    kernels[j] = gK;
    biases[j] = gB;
    if (j === 0) continue;
    const prev = deltas[j - 1];
    for (let r = 0; r < m; r++) {
      for (let i = 0; i < inputs; i++) {
        let sum = 0;
        for (let o = 0; o < units; o++) sum += delta[r * units + o] * kernel[i * units + o];
        prev[r * inputs + i] = sum;
      }
    }
  }
  return { loss, kernels, biases };
}
