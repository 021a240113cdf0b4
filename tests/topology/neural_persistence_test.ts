import assert from "node:assert/strict";
import { createRandom, type Random } from "../../src/data/random.ts";
import { neuralPersistence, weightPointClouds } from "../../src/topology/neural_persistence.ts";
import type { DenseKernel } from "../../src/nn/weights.ts";

function randomNetwork(random: Random, widths: number[]): DenseKernel[] {
  const layers: DenseKernel[] = [];
  for (let k = 0; k + 1 < widths.length; k++) {
    const kernel = new Float32Array(widths[k] * widths[k + 1]);
    for (let e = 0; e < kernel.length; e++) kernel[e] = random.normal();
    layers.push({ kernel, shape: [widths[k], widths[k + 1]] });
  }
  return layers;
}

/** Oracle: merge values by Kruskal + union–find on edges in decreasing weight. */
function kruskalDeaths({ kernel, shape: [inputs, outputs] }: DenseKernel, scale: number): number[] {
  const parent = Array.from({ length: inputs + outputs }, (_, v) => v);
  const find = (v: number): number => (parent[v] === v ? v : (parent[v] = find(parent[v])));
  const edges = Array.from(kernel, (w, e) => ({ w: Math.abs(w) / scale, e }));
  edges.sort((x, y) => y.w - x.w);
  const deaths: number[] = [];
  for (const { w, e } of edges) {
    const a = find(Math.floor(e / outputs)), b = find(inputs + (e % outputs));
    if (a !== b) {
      parent[a] = b;
      deaths.push(w);
    }
  }
  return deaths;
}

Deno.test("neural persistence: hand-computed two-layer example", () => {
  // Layer 1: 2 inputs → 1 output, weights 0.5, −1: merges at 1 and 0.5.
  // Layer 2: 1 input → 2 outputs, weights 0.25, 0.25 (network max is 1): merges at 0.25 twice.
  const np = neuralPersistence([
    { kernel: new Float32Array([0.5, -1]), shape: [2, 1] },
    { kernel: new Float32Array([0.25, -0.25]), shape: [1, 2] },
  ]);
  assert.deepEqual(np.perLayer[0].diagram, [[1, 1], [1, 0.5]]);
  assert.deepEqual(np.perLayer[1].diagram, [[1, 0.25], [1, 0.25]]);
  assert.equal(np.perLayer[0].value, 0.5);
  assert.equal(np.perLayer[0].normalized, 0.5 / Math.SQRT2);
  assert.ok(Math.abs(np.perLayer[1].value - 0.75 * Math.SQRT2) < 1e-15);
  assert.ok(Math.abs(np.perLayer[1].normalized - 0.75) < 1e-15);
  assert.ok(Math.abs(np.mean - (0.5 / Math.SQRT2 + 0.75) / 2) < 1e-15);
  // p = 1: plain sums of persistences, normalised by n − 1 = 2.
  const p1 = neuralPersistence([{ kernel: new Float32Array([0.5, -1]), shape: [2, 1] }], { p: 1 });
  assert.equal(p1.perLayer[0].value, 0.5);
  assert.equal(p1.perLayer[0].normalized, 0.25);
  // The authors' code appends the essential component as (1, 0).
  const withEssential = neuralPersistence(
    [{ kernel: new Float32Array([0.5, -1]), shape: [2, 1] }],
    { includeEssential: true },
  );
  assert.deepEqual(withEssential.perLayer[0].diagram, [[1, 1], [1, 0.5], [1, 0]]);
  assert.equal(withEssential.perLayer[0].value, Math.sqrt(1.25));
});

Deno.test("neural persistence: Prim's tree gives Kruskal's merge values", () => {
  const random = createRandom(3);
  for (let trial = 0; trial < 10; trial++) {
    const widths = [1 + random.int(12), 1 + random.int(12), 1 + random.int(12)];
    const layers = randomNetwork(random, widths);
    if (trial % 3 === 0) layers[0].kernel[0] = layers[0].kernel[1]; // ties
    let scale = 0;
    for (const { kernel } of layers) for (const w of kernel) scale = Math.max(scale, Math.abs(w));
    const np = neuralPersistence(layers);
    layers.forEach((layer, k) => {
      const deaths = kruskalDeaths(layer, scale);
      assert.deepEqual(np.perLayer[k].diagram, deaths.map((w) => [1, w]), `layer ${k}`);
    });
  }
});

Deno.test("neural persistence: invariant to scaling all weights by c > 0", () => {
  const random = createRandom(5);
  const layers = randomNetwork(random, [8, 6, 5, 3]);
  const base = neuralPersistence(layers);
  for (const c of [0.125, 4, 0.37, 123.4]) {
    const scaled = layers.map(({ kernel, shape }) => ({
      kernel: kernel.map((w) => w * c),
      shape,
    }));
    const np = neuralPersistence(scaled);
    // Powers of two scale exactly; other factors round in float32.
    const tolerance = Number.isInteger(Math.log2(c)) ? 0 : 1e-6;
    np.perLayer.forEach((layer, k) => {
      assert.ok(
        Math.abs(layer.normalized - base.perLayer[k].normalized) <= tolerance,
        `c = ${c}, layer ${k}: ${layer.normalized} vs ${base.perLayer[k].normalized}`,
      );
    });
    assert.ok(Math.abs(np.mean - base.mean) <= tolerance, `c = ${c}: mean`);
  }
});

Deno.test("neural persistence: invariant to permuting neurons consistently", () => {
  const random = createRandom(9);
  const widths = [7, 9, 4];
  const layers = randomNetwork(random, widths);
  // Permute the hidden layer: columns of the first kernel and rows of the second.
  const perm = Array.from({ length: widths[1] }, (_, i) => i);
  for (let i = perm.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const [first, second] = layers;
  const k1 = new Float32Array(first.kernel.length), k2 = new Float32Array(second.kernel.length);
  for (let i = 0; i < widths[0]; i++) {
    for (let h = 0; h < widths[1]; h++) {
      k1[i * widths[1] + perm[h]] = first.kernel[i * widths[1] + h];
    }
  }
  for (let h = 0; h < widths[1]; h++) {
    for (let o = 0; o < widths[2]; o++) {
      k2[perm[h] * widths[2] + o] = second.kernel[h * widths[2] + o];
    }
  }
  const permuted = neuralPersistence([
    { kernel: k1, shape: first.shape },
    { kernel: k2, shape: second.shape },
  ]);
  assert.deepEqual(permuted, neuralPersistence(layers));
  // A change of the weights that is not a permutation does change the value.
  k2.fill(0, 0, widths[2]); // one hidden neuron loses all its outgoing weights
  const changed = neuralPersistence([
    { kernel: k1, shape: first.shape },
    { kernel: k2, shape: second.shape },
  ]);
  assert.notEqual(changed.perLayer[1].value, permuted.perLayer[1].value);
});

Deno.test("neural persistence: normalised values lie in [0, 1]", () => {
  const random = createRandom(13);
  for (let trial = 0; trial < 10; trial++) {
    const widths = Array.from({ length: 2 + random.int(3) }, () => 1 + random.int(20));
    for (const p of [1, 2, 3, Infinity]) {
      const np = neuralPersistence(randomNetwork(random, widths), { p });
      for (const [k, layer] of np.perLayer.entries()) {
        assert.equal(layer.diagram.length, widths[k] + widths[k + 1] - 1, "n − 1 merges");
        assert.ok(layer.normalized >= 0 && layer.normalized <= 1, `normalised ${layer.normalized}`);
      }
      assert.ok(np.mean >= 0 && np.mean <= 1);
    }
  }
  // Extremes: uniform weights give 0, a single unit weight among zeros gives (n − 2)^(1/p) / (n − 1)^(1/p).
  const uniform = neuralPersistence([{ kernel: new Float32Array(12).fill(-2), shape: [3, 4] }]);
  assert.equal(uniform.perLayer[0].normalized, 0);
  const spike = new Float32Array(12);
  spike[5] = 1;
  const np = neuralPersistence([{ kernel: spike, shape: [3, 4] }]);
  assert.ok(Math.abs(np.perLayer[0].normalized - Math.sqrt(5 / 6)) < 1e-15);
  assert.equal(np.perLayer[0].diagram.length, 6);
});

Deno.test("neural persistence and weight clouds: bad input is named", () => {
  assert.throws(() => neuralPersistence([]), /layers: expected a non-empty array/);
  assert.throws(
    () => neuralPersistence([{ kernel: new Float32Array(5), shape: [2, 3] }]),
    /layers\[0\]: field "kernel": expected length inputs×outputs = 6, found 5/,
  );
  assert.throws(
    () => neuralPersistence([{ kernel: new Float32Array([NaN]), shape: [1, 1] }]),
    /expected finite weights, found NaN at input 0, output 0/,
  );
  assert.throws(
    () => neuralPersistence([{ kernel: new Float32Array(1), shape: [1, 1] }], { p: 0 }),
    /"p"/,
  );
  assert.throws(() => weightPointClouds(new Float32Array(4), [2, 0]), /field "shape"/);
});

Deno.test("weightPointClouds: one point per output neuron, its incoming weights", () => {
  const random = createRandom(17);
  const [inputs, outputs] = [5, 3];
  const kernel = new Float32Array(inputs * outputs).map(() => random.normal());
  const cloud = weightPointClouds(kernel, [inputs, outputs]);
  assert.equal(cloud.n, outputs);
  assert.equal(cloud.d, inputs);
  for (let j = 0; j < outputs; j++) {
    for (let i = 0; i < inputs; i++) {
      assert.equal(cloud.data[j * inputs + i], kernel[i * outputs + j]);
    }
  }
});
