import assert from "node:assert/strict";
import { createRandom } from "../../src/data/random.ts";
import { denseGradients, type DenseLayerState } from "../../src/nn/dense_engine.ts";
import { evaluateDense, evaluateModel, metricsFromLogits } from "../../src/nn/evaluate.ts";
import { forwardLogits, forwardPass } from "../../src/nn/forward.ts";
import { buildModel } from "../../src/nn/build_model.ts";
import { weights } from "../../src/nn/weights.ts";
import type { Activation } from "../../src/nn/weights.ts";
import { referenceForward, referenceGradients } from "./dense_reference.ts";
import { smallSpheres } from "./helpers.ts";

interface LayerPlan {
  units: number;
  activation: Activation;
  dropout?: number;
  l1?: number;
  l2?: number;
}

/** A network of random float32 weights (some exactly 0) and its inputs' dimension. */
function network(inputs: number, plan: LayerPlan[], seed: number): DenseLayerState[] {
  const random = createRandom(seed);
  const value = () => (random.next() < 0.1 ? 0 : random.normal());
  let width = inputs;
  return plan.map((p, j) => {
    const shape: [number, number] = [width, p.units];
    width = p.units;
    const n = shape[0] * shape[1];
    return {
      name: `dense${j + 1}`,
      activation: p.activation,
      shape,
      kernel: Float32Array.from({ length: n }, value),
      bias: Float32Array.from({ length: p.units }, value),
      l1: p.l1 ?? 0,
      l2: p.l2 ?? 0,
      dropout: p.dropout ?? 0,
      mKernel: new Float32Array(n),
      mBias: new Float32Array(p.units),
      vKernel: new Float32Array(n),
      vBias: new Float32Array(p.units),
    };
  });
}

/** Inputs with about a quarter exactly 0. */
function inputs(rows: number, d: number, seed: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from(
    { length: rows * d },
    () => (random.next() < 0.25 ? 0 : random.normal()),
  );
}

function assertSameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(a.length, b.length, what);
  for (let k = 0; k < a.length; k++) {
    assert.ok(Object.is(a[k], b[k]), `${what}[${k}]: ${a[k]} vs reference ${b[k]}`);
  }
}

const PLANS: { name: string; d: number; outputs: number; layers: LayerPlan[] }[] = [
  {
    name: "ReLU chain (the studies' networks)",
    d: 10,
    outputs: 1,
    layers: [
      { units: 10, activation: "relu" },
      { units: 8, activation: "relu" },
      { units: 5, activation: "relu" },
      { units: 1, activation: "linear" },
    ],
  },
  {
    name: "every activation, L1/L2",
    d: 3,
    outputs: 1,
    layers: [
      { units: 6, activation: "tanh", l2: 0.01 },
      { units: 5, activation: "relu", l1: 0.02 },
      { units: 4, activation: "sigmoid" },
      { units: 3, activation: "relu" },
      { units: 1, activation: "linear" },
    ],
  },
  {
    name: "dropout on ReLU layers, softmax",
    d: 4,
    outputs: 3,
    layers: [
      { units: 7, activation: "relu", dropout: 0.3 },
      { units: 6, activation: "relu" },
      { units: 5, activation: "relu", dropout: 0.5, l2: 0.001 },
      { units: 3, activation: "relu" },
    ],
  },
];

Deno.test("forward kernels give the reference loops' bits (float32 and float64 buffers, logits)", () => {
  PLANS.forEach(({ name, d, layers: plan }, p) => {
    const layers = network(d, plan, 10 + p);
    const rows = 301; // more than one chunk of forwardLogits
    const x = inputs(rows, d, 20 + p);
    const narrow = forwardPass(layers, x, rows);
    const wide = forwardPass(layers, Float64Array.from(x), rows, {
      outputs: plan.map((l) => new Float64Array(rows * l.units)),
    });
    const refNarrow = referenceForward(layers, x, rows, false);
    const refWide = referenceForward(layers, Float64Array.from(x), rows, true);
    layers.forEach((_, j) => {
      assertSameBits(narrow[j], refNarrow[j], `${name}: float32 layer ${j}`);
      assertSameBits(wide[j], refWide[j], `${name}: float64 layer ${j}`);
    });
    assertSameBits(forwardLogits(layers, x, rows), refNarrow[layers.length - 1], `${name}: logits`);
  });
});

Deno.test("denseGradients gives the reference loops' bits (fused ReLU derivative, dropout, penalties)", () => {
  PLANS.forEach(({ name, d, outputs, layers: plan }, p) => {
    const layers = network(d, plan, 30 + p);
    const binary = outputs === 1;
    for (const rows of [1, 7, 32]) {
      const x = inputs(rows, d, 40 + p + rows);
      const targets = new Float32Array(rows * outputs);
      for (let r = 0; r < rows; r++) {
        targets[binary ? r : r * outputs + (r % outputs)] = binary ? r % 2 : 1;
      }
      const batch = { x, targets, rows, binary };
      for (const seed of [null, 50 + p]) {
        const random = seed === null ? null : createRandom(seed);
        const ours = denseGradients(layers, batch, random);
        const ref = referenceGradients(layers, batch, seed === null ? null : createRandom(seed));
        const what = `${name}, ${rows} rows, ${seed === null ? "no dropout" : "dropout"}`;
        assert.ok(Object.is(ours.loss, ref.loss), `${what}: loss ${ours.loss} vs ${ref.loss}`);
        layers.forEach((_, j) => {
          assertSameBits(ours.kernels[j], ref.kernels[j], `${what}: kernel ${j}`);
          assertSameBits(ours.biases[j], ref.biases[j], `${what}: bias ${j}`);
        });
      }
    }
  });
});

Deno.test("evaluateDense gives evaluateModel's metrics, bit for bit", () => {
  const data = smallSpheres(150, 3);
  const spec = { name: "g", layers: [{ units: 10 }, { units: 8 }, { units: 5 }, { units: 1 }] };
  const model = buildModel(spec, 10, { seed: 3 });
  const logits = new Float32Array(1000);
  for (const set of [data.train, data.test]) {
    assert.deepEqual(evaluateDense(weights(model), set, logits), evaluateModel(model, set));
  }
  assert.throws(() => evaluateDense(weights(model), { ...data.test, d: 3 }), /evaluateDense/);
  model.dispose();
});

Deno.test("binary metrics and gradients at logits of every sign, zeros and infinities included", () => {
  const z = new Float32Array([
    -0,
    0,
    1e-30,
    -1e-30,
    3.5,
    -3.5,
    40,
    -40,
    100,
    -100,
    Infinity,
    -Infinity,
  ]);
  const y = Int32Array.from(z, (_, i) => i % 2);
  let loss = 0, correct = 0, squared = 0;
  z.forEach((zi, i) => {
    loss += Math.max(zi, 0) - zi * y[i] + Math.log1p(Math.exp(-Math.abs(zi)));
    if ((zi > 0 ? 1 : 0) === y[i]) correct++;
    const p = 1 / (1 + Math.exp(-zi));
    squared += (p - y[i]) * (p - y[i]);
  });
  const n = z.length;
  assert.deepEqual(metricsFromLogits(z, y, 1), {
    loss: loss / n,
    accuracy: correct / n,
    rmse: Math.sqrt(squared / n),
  });
  // One linear unit of weight 1 passes the logits through to the engine's loss.
  const [layer] = network(1, [{ units: 1, activation: "linear" }], 0);
  layer.kernel[0] = 1;
  layer.bias[0] = 0;
  const finite = z.filter(Number.isFinite);
  const batch = {
    x: finite,
    targets: Float32Array.from(finite, (_, i) => i % 2),
    rows: finite.length,
    binary: true,
  };
  const ours = denseGradients([layer], batch, null);
  const ref = referenceGradients([layer], batch, null);
  assert.ok(Object.is(ours.loss, ref.loss), `${ours.loss} vs ${ref.loss}`);
  assertSameBits(ours.kernels[0], ref.kernels[0], "kernel");
  assertSameBits(ours.biases[0], ref.biases[0], "bias");
});
