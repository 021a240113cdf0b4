import assert from "node:assert/strict";
import { createRandom } from "../../src/data/random.ts";
import { neuronAttribution } from "../../src/mapper/attribution.ts";
import { clusterComposition } from "../../src/mapper/composition.ts";
import { kmeans } from "../../src/mapper/kmeans.ts";
import { mapper } from "../../src/mapper/mapper.ts";
import { clusterWeightPictures, weightPictures } from "../../src/mapper/weight_pictures.ts";

/** A planted network: hidden neuron planted[c] fires strongly only for class c. */
function planted(seed: number, perClass = 60, classes = 5, h = 40) {
  const random = createRandom(seed);
  const plantedNeuron = Array.from({ length: classes }, (_, c) => 7 * c + 3);
  const n = perClass * classes;
  const data = new Float32Array(n * h);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    labels[i] = c;
    for (let j = 0; j < h; j++) data[i * h + j] = random.next(); // background noise in [0, 1)
    data[i * h + plantedNeuron[c]] = 4 + random.next();
  }
  return { hidden: { data, n, d: h }, labels, plantedNeuron };
}

Deno.test("attribution: the planted neuron ranks first for clusters dominated by its class", () => {
  const { hidden, labels, plantedNeuron } = planted(1);
  const { labels: clusters } = kmeans(hidden, 5, { seed: 2 });
  const attribution = neuronAttribution(hidden, clusters, { top: 5, seed: 3 });
  const composition = clusterComposition(clusters, labels);
  let checked = 0;
  attribution.clusters.forEach((_, c) => {
    const { majorityLabel, purity } = composition[c];
    if (purity <= 0.5) return;
    checked++;
    assert.equal(attribution.ranking[c][0], plantedNeuron[majorityLabel]);
    // Every member of a pure cluster has the planted neuron in its top 5.
    if (purity === 1) {
      assert.equal(attribution.frequencies[c * hidden.d + plantedNeuron[majorityLabel]], 1);
    }
  });
  assert.ok(checked >= 3, `expected several class-dominated clusters, found ${checked}`);
  // Each member contributes exactly `top` counts.
  attribution.sizes.forEach((size, c) => {
    const row = attribution.counts.subarray(c * hidden.d, (c + 1) * hidden.d);
    assert.equal(row.reduce((a, b) => a + b, 0), 5 * size);
  });
});

Deno.test("attribution: works on Mapper nodes (overlapping member lists)", () => {
  const { hidden, labels, plantedNeuron } = planted(2, 30, 3, 20);
  // A lens that separates classes: the planted neurons' activations.
  const lens = Float64Array.from(
    { length: hidden.n },
    (_, i) => plantedNeuron.reduce((s, j, c) => s + c * hidden.data[i * hidden.d + j], 0),
  );
  const graph = mapper(hidden, { lens, intervals: 4, overlap: 0.2, labels });
  const attribution = neuronAttribution(hidden, graph.nodes.map((node) => node.members));
  let checked = 0;
  graph.nodes.forEach((node, c) => {
    if ((node.purity ?? 0) < 1) return;
    checked++;
    const y = labels[node.members[0]];
    assert.equal(attribution.ranking[c][0], plantedNeuron[y]);
  });
  assert.ok(checked >= 2, `expected pure nodes, found ${checked}`);
});

Deno.test("attribution: controls are seeded, distinct and in range", () => {
  const { hidden } = planted(3);
  const clusters = Int32Array.from({ length: hidden.n }, (_, i) => i % 4);
  const a = neuronAttribution(hidden, clusters, { seed: 9 });
  assert.deepEqual(a, neuronAttribution(hidden, clusters, { seed: 9 }));
  const b = neuronAttribution(hidden, clusters, { seed: 10 });
  assert.notDeepEqual(a.controls, b.controls);
  a.controls.forEach(({ otherCluster, randomNeurons }, c) => {
    assert.notEqual(otherCluster, c);
    assert.ok(otherCluster >= 0 && otherCluster < 4);
    assert.equal(new Set(randomNeurons).size, 5);
    for (const j of randomNeurons) assert.ok(j >= 0 && j < hidden.d);
  });
  assert.throws(() => neuronAttribution(hidden, new Int32Array(3)), /expected 300 cluster labels/);
});

Deno.test("composition: histogram, purity, majority and accuracy", () => {
  const rows = clusterComposition(
    Int32Array.from([1, 1, 1, 0, -1]),
    Int32Array.from([4, 4, 2, 7, 7]),
    Int32Array.from([4, 0, 2, 7, 1]),
  );
  assert.deepEqual(rows, [
    { cluster: 0, size: 1, labelHistogram: { "7": 1 }, majorityLabel: 7, purity: 1, accuracy: 1 },
    {
      cluster: 1,
      size: 3,
      labelHistogram: { "2": 1, "4": 2 },
      majorityLabel: 4,
      purity: 2 / 3,
      accuracy: 2 / 3,
    },
  ]);
});

Deno.test("weight pictures: images are kernel columns, combined is their mean", () => {
  const inputDim = 784, units = 6;
  const data = Float32Array.from(
    { length: inputDim * units },
    (_, k) => (k % units) + Math.floor(k / units) / 1000,
  );
  const kernel = { kernel: data, shape: [inputDim, units] as [number, number] };
  const input = Float32Array.from({ length: inputDim }, (_, p) => (p % 28) / 28);
  const pictures = weightPictures(kernel, [1, 4], input);
  assert.equal(pictures.images[0][0], 1);
  assert.equal(pictures.images[1][100], data[100 * units + 4]);
  const mean = (data[300 * units + 1] + data[300 * units + 4]) / 2;
  assert.ok(Math.abs(pictures.combined[300] - mean) < 1e-5);
  assert.ok(Math.abs(pictures.transformed[300] - input[300] * pictures.combined[300]) < 1e-6);

  const { hidden } = planted(4, 10, 3, units);
  const attribution = neuronAttribution(
    hidden,
    Int32Array.from({ length: hidden.n }, (_, i) => i % 3),
    {
      top: 2,
    },
  );
  const set = clusterWeightPictures(attribution, 0, kernel, input);
  assert.deepEqual(set.cluster.neurons, Array.from(attribution.ranking[0].subarray(0, 2)));
  assert.deepEqual(set.random.neurons, Array.from(attribution.controls[0].randomNeurons));
  assert.notEqual(set.otherCluster, 0);
  assert.throws(() => weightPictures(kernel, [6], input), /neuron 6 is outside/);
});
