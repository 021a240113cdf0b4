/**
 * The WebAssembly SIMD kernels of the conv engine: committed bytes compiled
 * from the committed text, and forward pass and gradients equal to the
 * JavaScript loops' on random networks (valid and same padding, 1 to 12
 * channels, 1 to 20 filters, ReLU and linear, 2×2 and 3×3 pools over 4k
 * channels or not, dense layers of ReLU and linear output).
 */

import assert from "node:assert/strict";
import { createRandom } from "../../src/data/random.ts";
import {
  convForward,
  convGeometry,
  convGradients,
  type ConvNet,
  engineGradients,
  type EngineLayer,
  engineScratch,
  type Shape3,
  shapeSize,
} from "../../src/nn/conv_engine.ts";
import { simdKernelsAvailable } from "../../src/nn/conv_kernels_wasm.ts";
import { kernelsUpToDate } from "../../src/cli/wasm.ts";

Deno.test("conv kernels: the committed wasm bytes are those of the kernels' text (deno task wasm)", async () => {
  assert.ok(
    await kernelsUpToDate(),
    "src/nn/conv_kernels_wasm_bytes.ts is stale: run `deno task wasm`",
  );
});

Deno.test("conv kernels: WebAssembly SIMD is available (else the engine runs in JavaScript)", () => {
  if (!simdKernelsAvailable()) {
    const message = "WebAssembly SIMD missing: the conv engine falls back to JavaScript";
    if (Deno.env.get("CI") === "true") assert.fail(message);
    console.warn(`SKIP: ${message}`);
  }
});

type Random = ReturnType<typeof createRandom>;

/** A conv layer of random weights on `input`. */
function conv(
  random: Random,
  input: Shape3,
  spec: { filters: number; k: number; padding: "valid" | "same"; activation: "relu" | "linear" },
): EngineLayer {
  const g = convGeometry(input, spec.k, spec.k, spec.filters, spec.padding);
  const n = spec.k * spec.k * input.c * spec.filters;
  const scale = 1 / Math.sqrt(spec.k * spec.k * input.c);
  return {
    kind: "conv2d",
    input,
    output: g.output,
    kh: spec.k,
    kw: spec.k,
    padTop: g.padTop,
    padLeft: g.padLeft,
    kernel: Float32Array.from({ length: n }, () => (2 * random.next() - 1) * scale),
    bias: Float32Array.from({ length: spec.filters }, () => 0.2 * (random.next() - 0.5)),
    activation: spec.activation,
  };
}

/** conv → (pool 2) → conv → flatten → dense 3, with random sizes. */
function randomNet(seed: number): ConvNet {
  const random = createRandom(seed);
  const pick = <T>(options: T[]): T => options[Math.floor(random.next() * options.length)];
  const image = { h: pick([5, 6, 7, 9]), w: pick([5, 7, 8]), c: pick([1, 2, 4, 8]) };
  const first = conv(random, image, {
    filters: pick([1, 3, 4, 8, 16, 20]),
    k: pick([1, 2, 3]),
    padding: pick(["valid", "same"]),
    activation: pick(["relu", "linear"]),
  });
  const layers: EngineLayer[] = [first];
  let shape = first.output;
  const pool = pick([2, 2, 3]);
  if (shape.h >= 2 * pool && shape.w >= 2 * pool) {
    const output = { h: Math.floor(shape.h / pool), w: Math.floor(shape.w / pool), c: shape.c };
    layers.push({ kind: "maxPool2d", input: shape, output, pool });
    shape = output;
  }
  const second = conv(random, shape, {
    filters: pick([1, 4, 6, 8, 12]),
    k: pick([1, 2]),
    padding: pick(["valid", "same"]),
    activation: pick(["relu", "linear"]),
  });
  shape = second.output;
  const flat = { h: 1, w: 1, c: shapeSize(shape) };
  const dense = (input: Shape3, units: number, activation: "relu" | "linear"): EngineLayer => ({
    kind: "dense",
    input,
    output: { h: 1, w: 1, c: units },
    kernel: Float32Array.from({ length: input.c * units }, () => random.next() - 0.5),
    bias: Float32Array.from({ length: units }, () => 0.2 * (random.next() - 0.5)),
    activation,
  });
  const hidden = dense(flat, pick([4, 5, 8]), "relu");
  layers.push(second, { kind: "flatten", input: shape, output: flat }, hidden);
  layers.push(dense(hidden.output, 3, "linear"));
  return { layers };
}

function assertClose(ours: ArrayLike<number>, theirs: ArrayLike<number>, what: string) {
  assert.equal(ours.length, theirs.length, `${what}: length`);
  let scale = 0;
  for (let k = 0; k < theirs.length; k++) scale = Math.max(scale, Math.abs(theirs[k]));
  for (let k = 0; k < ours.length; k++) {
    const tol = 1e-6 + 1e-5 * Math.abs(theirs[k]) + 1e-6 * scale;
    assert.ok(
      Math.abs(ours[k] - theirs[k]) <= tol,
      `${what}[${k}]: wasm ${ours[k]}, JavaScript ${theirs[k]}`,
    );
  }
}

Deno.test("conv kernels: forward pass and gradients equal the JavaScript loops' on random networks", () => {
  if (!simdKernelsAvailable()) return console.warn("SKIP: WebAssembly SIMD missing");
  let simdLayers = 0;
  for (let seed = 0; seed < 40; seed++) {
    const net = randomNet(seed), m = 3, size = shapeSize(net.layers[0].input);
    const random = createRandom(1000 + seed);
    const x = Float32Array.from(
      { length: m * size },
      () => random.next() < 0.4 ? 0 : 2 * random.next() - 1,
    );
    const labels = Int32Array.from({ length: m }, (_, r) => r % 3);
    const simd = engineScratch(net, m), plain = engineScratch(net, m, { wasm: false });
    assert.equal(plain.wasm, null);
    simdLayers += simd.wasm!.layers.filter((l) => l !== null).length;
    const shapes = JSON.stringify(net.layers.map((l) => [l.kind, l.input, l.output]));
    convForward(net, x, m, simd).forEach((out, j) =>
      assertClose(
        out,
        convForward(net, x, m, plain)[j],
        `seed ${seed} ${shapes}: layer ${j} output`,
      )
    );
    const [gs, gp] = [engineGradients(net), engineGradients(net)];
    const batch = { x, labels, m, scale: 1 / m };
    const lossSimd = convGradients(net, batch, gs, simd);
    const lossPlain = convGradients(net, batch, gp, plain);
    assert.ok(Math.abs(lossSimd - lossPlain) <= 1e-5 * Math.abs(lossPlain), `seed ${seed}: loss`);
    gs.forEach((g, j) => {
      if (!g) return;
      assertClose(g.kernel, gp[j]!.kernel, `seed ${seed} ${shapes}: layer ${j} kernel gradient`);
      assertClose(g.bias, gp[j]!.bias, `seed ${seed} ${shapes}: layer ${j} bias gradient`);
    });
  }
  assert.ok(simdLayers >= 40, `only ${simdLayers} layers ran in the kernels`);
});

Deno.test("conv kernels: the same call twice gives the same bits", () => {
  if (!simdKernelsAvailable()) return console.warn("SKIP: WebAssembly SIMD missing");
  const net = randomNet(7), m = 4, size = shapeSize(net.layers[0].input);
  const random = createRandom(3);
  const x = Float32Array.from({ length: m * size }, () => random.next() - 0.5);
  const labels = new Int32Array([0, 1, 2, 0]);
  const run = () => {
    const g = engineGradients(net);
    convGradients(net, { x, labels, m, scale: 0.25 }, g, engineScratch(net, m));
    return g.flatMap((l) => (l ? [...l.kernel, ...l.bias] : []));
  };
  assert.deepEqual(run(), run());
});

Deno.test("conv kernels: the random networks reach every kernel", () => {
  if (!simdKernelsAvailable()) return console.warn("SKIP: WebAssembly SIMD missing");
  const seen = new Set<string>();
  for (let seed = 0; seed < 40; seed++) {
    const net = randomNet(seed), scratch = engineScratch(net, 1);
    scratch.wasm!.layers.forEach((plan, j) => {
      const layer = net.layers[j];
      if (plan?.kind === "pool") seen.add(`pool${plan.pool}`);
      if (plan?.kind !== "affine") return;
      if (plan.forward) seen.add(plan.forward);
      if (plan.backward) seen.add(plan.backward);
      if (layer.kind === "conv2d" && layer.padTop + layer.padLeft > 0) seen.add("same");
    });
  }
  assert.deepEqual([...seen].sort(), [
    "channels",
    "dense",
    "filters",
    "gather",
    "pool2",
    "pool3",
    "same",
    "scatter",
  ]);
});
