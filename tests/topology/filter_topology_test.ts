import assert from "node:assert/strict";
import { createRandom } from "../../src/data/random.ts";
import {
  densestPoints,
  filterTopology,
  kernelFilters,
  normaliseFilters,
} from "../../src/topology/filter_topology.ts";
import { buildModel } from "../../src/nn/build_model.ts";
import { modelFilters } from "../../src/experiment/filter_stage.ts";
import { modelWeights } from "../../src/nn/weights.ts";

/** n noisy 3×3 linear-gradient (edge) filters at random orientations, with random offset and gain. */
function edgeFilters(n: number, noise: number, seed: number): Float32Array {
  const random = createRandom(seed);
  const data = new Float32Array(n * 9);
  for (let i = 0; i < n; i++) {
    const t = 2 * Math.PI * random.next(), gain = 0.5 + random.next(), offset = random.normal();
    for (let y = 0; y < 3; y++) {
      for (let x = 0; x < 3; x++) {
        data[i * 9 + y * 3 + x] = offset +
          gain * (Math.cos(t) * (x - 1) + Math.sin(t) * (y - 1)) + noise * random.normal();
      }
    }
  }
  return data;
}

Deno.test("filter topology: edge filters at all orientations give one dominant H1 bar", () => {
  const result = filterTopology({ data: edgeFilters(300, 0.05, 1), n: 300, d: 9 });
  assert.equal(result.k, 15);
  assert.equal(result.p, 0.3);
  assert.equal(result.points.n, 90);
  const lives = result.diagrams[1].map(([b, d]) => d - b).sort((a, b) => b - a);
  assert.ok(lives.length >= 1);
  assert.ok(result.h1Dominance > 5, `H1 dominance ${result.h1Dominance}, bars ${lives}`);
});

Deno.test("filter topology: Gaussian random filters show no dominant H1 bar", () => {
  const random = createRandom(2);
  const data = Float32Array.from({ length: 300 * 9 }, () => random.normal());
  const result = filterTopology({ data, n: 300, d: 9 });
  assert.ok(result.h1Dominance < 3, `H1 dominance ${result.h1Dominance}`);
});

Deno.test("filter topology: normalisation, density filtration and a conv kernel's filters", () => {
  const { cloud } = normaliseFilters({ data: edgeFilters(20, 0.1, 3), n: 20, d: 9 }, 1e-6);
  for (let i = 0; i < cloud.n; i++) {
    const row = Array.from(cloud.data.subarray(i * 9, i * 9 + 9));
    assert.ok(Math.abs(row.reduce((a, b) => a + b, 0)) < 1e-5, "mean-centred");
    assert.ok(Math.abs(Math.hypot(...row) - 1) < 1e-5, "unit norm");
  }
  // A dense cluster and far-away points: the cluster is kept.
  const data = new Float32Array([0, 0.01, 0.02, 0.03, 0.04, 5, 9, 14]);
  assert.deepEqual(densestPoints({ data, n: 8, d: 1 }, 2, 0.5).sort(), [0, 1, 2, 3]);
  // The filters of a model's first conv layer are its kernel's [kh, kw, 1, f] slices.
  const model = buildModel(
    {
      name: "cnn",
      inputShape: [6, 6, 1],
      loss: "softmaxCrossentropy",
      layers: [{ kind: "conv2d", filters: 5, kernelSize: 3 }, { kind: "flatten" }, { units: 2 }],
    },
    36,
    { seed: 0 },
  );
  const [conv] = modelWeights(model);
  const filters = modelFilters(model, 1);
  assert.deepEqual([filters.n, filters.d], [5, 9]);
  for (let f = 0; f < 5; f++) {
    for (let t = 0; t < 9; t++) assert.equal(filters.data[f * 9 + t], conv.kernel[t * 5 + f]);
  }
  assert.deepEqual(kernelFilters(conv.kernel, conv.shape), filters);
  assert.throws(
    () => filterTopology({ data: new Float32Array(18), n: 2, d: 9 }),
    /at least 3 filters/,
  );
});
