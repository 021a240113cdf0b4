import assert from "node:assert/strict";
import spec from "../../experiments/mnist-hidden.ts";
import { runExperiment } from "../../src/experiment/run.ts";
import { type ExperimentSpec, validateSpec } from "../../src/experiment/spec.ts";
import { mapperRecords } from "../../src/experiment/mapper_stage.ts";
import { writeMapperFiles } from "../../src/experiment/mapper_files.ts";
import { experimentDir, networkPaths } from "../../src/artifacts/layout.ts";
import type { ManifestFile } from "../../src/artifacts/schema.ts";
import type { DenseLayerSpec } from "../../src/nn/spec.ts";

/** The MNIST Mapper talk's study shrunk: 1,000 digits, 2 epochs, 16 and 32 hidden neurons. */
function smallMnistSpec(): ExperimentSpec {
  const s = structuredClone(spec);
  return {
    ...s,
    name: "mnist-hidden-small",
    dataset: { name: "mnist", source: { kind: "mnist", n: 1000 } },
    networks: [
      { ...s.networks[0], name: "h16", layers: [{ units: 16 }, { units: 10 }] },
      { ...s.networks[1], name: "h32_l2", layers: [{ units: 32, l2: 1e-4 }, { units: 10 }] },
    ],
    epochs: 2,
    snapshots: [0, 2],
    topology: { maxDim: 1, points: 40, splits: ["test"], metric: "euclidean" },
    mapper: { ...s.mapper!, methods: ["kmeans", "umap"] },
  };
}

const small = smallMnistSpec();
const out = await Deno.makeTempDir({ prefix: "nntopo-mnist-" });
const result = await runExperiment(small, { out });
const dir = experimentDir({ root: out, dataset: "mnist", experiment: small.name });

async function readJson(path: string) {
  return JSON.parse(await Deno.readTextFile(path));
}

Deno.test("the mnist-hidden spec is valid and its four networks of the MNIST Mapper talk share the data", () => {
  validateSpec(spec, "experiments/mnist-hidden.ts");
  const widths = spec.networks.map((n) => (n.layers[0] as DenseLayerSpec).units);
  assert.ok(widths.includes(100) && widths.includes(1024));
  assert.ok(spec.networks.some((n) => ((n.layers[0] as DenseLayerSpec).l2 ?? 0) > 0));
  assert.ok(spec.networks.every((n) => n.loss === "softmaxCrossentropy"));
});

Deno.test("the spec refuses a bad mapper section, naming the field", () => {
  const bad = { ...small, mapper: { ...small.mapper!, methods: ["dbscan"] } } as never;
  assert.throws(() => validateSpec(bad, "x.ts"), /x\.ts: field "mapper\.methods\[0\]"/);
  const deep = { ...small, mapper: { ...small.mapper!, layer: 3 } };
  assert.throws(() => validateSpec(deep, "x.ts"), /field "mapper\.layer": expected a layer ≤ 2/);
  const n = { ...small, dataset: { name: "mnist", source: { kind: "mnist" as const, n: 1 } } };
  assert.throws(() => validateSpec(n, "x.ts"), /field "dataset\.source\.n"/);
});

Deno.test("a small mnist-hidden run writes the Mapper graph, attribution and pictures", async () => {
  const manifest = await readJson(`${dir}/manifest.json`) as ManifestFile;
  const testPoints = 200; // 20% of 1,000 digits
  for (const net of small.networks) {
    const p = networkPaths(dir, net.name, 1);
    const epochDir = `${p.dir}/mapper/epoch2`;
    await assert.rejects(Deno.stat(`${p.dir}/mapper/epoch0`), "only the last snapshot by default");

    const graph = await readJson(`${epochDir}/layer2.json`);
    assert.equal(graph.schema, "nntopo/mapper@1");
    assert.equal(graph.points, testPoints);
    assert.equal(graph.layer, 2);
    assert.ok(graph.nodes.length > 0);
    const ids = new Set(graph.nodes.map((n: { id: string }) => n.id));
    assert.equal(ids.size, graph.nodes.length, "node ids are unique");
    const covered = new Set<number>();
    for (const node of graph.nodes) {
      assert.equal(node.size, node.members.length);
      for (const m of node.members) {
        assert.ok(Number.isInteger(m) && m >= 0 && m < testPoints);
        covered.add(m);
      }
      const histogram = Object.values(node.labelHistogram) as number[];
      assert.equal(histogram.reduce((a, b) => a + b, 0), node.size);
      assert.equal(node.meanLens.length, 1, "a 1-D lens");
      assert.ok(node.meanLens[0] > 0 && node.meanLens[0] <= 1 + 1e-6, "‖softmax‖ in (0, 1]");
      assert.ok(node.purity > 0 && node.purity <= 1);
      assert.ok(node.accuracy >= 0 && node.accuracy <= 1);
      assert.ok(node.x >= 0 && node.x <= 1 && node.y >= 0 && node.y <= 1);
      assert.ok(node.majorityLabel >= 0 && node.majorityLabel < 10);
    }
    assert.equal(covered.size, testPoints, "single linkage leaves no point out");
    for (const [s, t] of graph.links) assert.ok(ids.has(s) && ids.has(t));
    assert.equal(graph.edges, graph.links.length);

    const attribution = await readJson(`${epochDir}/attribution/attribution.json`);
    assert.equal(attribution.schema, "nntopo/attribution@1");
    assert.equal(attribution.neurons, (net.layers[0] as DenseLayerSpec).units);
    assert.deepEqual(Object.keys(attribution.methods), ["mapper", "kmeans", "umap"]);
    assert.equal(attribution.methods.mapper.clusters.length, graph.nodes.length);
    for (const method of ["kmeans", "umap"]) {
      const m = attribution.methods[method];
      assert.equal(m.clusters.length, 10);
      assert.equal(m.assignment.length, testPoints);
      assert.equal(
        m.clusters.reduce((s: number, c: { size: number }) => s + c.size, 0),
        testPoints,
      );
    }
    for (const m of Object.values(attribution.methods) as Array<Record<string, never>>) {
      for (const c of m.clusters as Array<Record<string, never>>) {
        const top = c.topNeurons as Array<{ neuron: number; count: number; frequency: number }>;
        assert.ok(top.length > 0 && top.length <= 10);
        // Every member contributes `top` = 5 neurons, so the counts sum to at most 5 × size.
        assert.ok(top.reduce((s, t) => s + t.count, 0) <= 5 * (c.size as number));
        for (const t of top) assert.ok(t.frequency > 0 && t.frequency <= 1);
        assert.equal((c.controls as { randomNeurons: number[] }).randomNeurons.length, 5);
      }
      const pictures = m.weightPictures as { neurons: number[]; point: number };
      assert.equal(pictures.neurons.length, 5);
      assert.ok(pictures.point >= 0 && pictures.point < testPoints);
    }

    const pngs = [
      "layer2_graph_label.png",
      "layer2_graph_lens.png",
      "layer2_graph_accuracy.png",
      ...["mapper", "kmeans", "umap"].flatMap((m) =>
        ["heatmap", "labels", "weights"].map((k) => `attribution/${m}_${k}.png`)
      ),
    ];
    for (const png of pngs) {
      const bytes = await Deno.readFile(`${epochDir}/${png}`);
      assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47], `${png} is a PNG`);
      const rel = `${p.dir.slice(dir.length + 1)}/mapper/epoch2/${png}`;
      assert.ok(rel in manifest.files, `manifest lists ${rel}`);
    }
  }
  assert.equal(result.networks.length, 2);
  for (const net of result.networks) assert.ok(net.testAccuracy > 0.5, `${net.name} learns`);
});

Deno.test("mapperRecords + writeMapperFiles: same input and seed give byte-identical JSON", async () => {
  const n = 60;
  const cls = Array.from({ length: n }, (_, i) => i % 3);
  const input = { data: Float32Array.from(cls.flatMap((c) => [c, 0, 1, 0])), n, d: 4 };
  const hidden = {
    data: Float32Array.from(
      cls.flatMap((c, i) => [c === 0 ? 2 : 0, c === 1 ? 2 : 0, 1 + i * 1e-3]),
    ),
    n,
    d: 3,
  };
  const output = {
    data: Float32Array.from(
      cls.flatMap((c, i) => [0, 1, 2].map((k) => (k === c ? 3 : 0) + i * 1e-3)),
    ),
    n,
    d: 3,
  };
  const steps: string[] = [];
  const run = async () => {
    const dir = await Deno.makeTempDir();
    steps.length = 0;
    await writeMapperFiles(
      dir,
      mapperRecords({
        spec: { lens: "l2norm", intervals: 3, overlap: 0.3, methods: ["kmeans"], k: 3, top: 1 },
        network: "toy",
        epoch: 1,
        activations: [input, hidden, output],
        labels: Int32Array.from(cls),
        kernels: [
          { kernel: Float32Array.from({ length: 12 }, (_, i) => i - 6), shape: [4, 3] },
          { kernel: new Float32Array(9), shape: [3, 3] },
        ],
        seed: 7,
        onStep: (done, total, status) => steps.push(`${done}/${total} ${status}`),
      }),
    );
    const texts = [
      await Deno.readTextFile(`${dir}/layer2.json`),
      await Deno.readTextFile(`${dir}/attribution/attribution.json`),
    ];
    await Deno.remove(dir, { recursive: true });
    return texts;
  };
  const [a, b] = [await run(), await run()];
  assert.deepEqual(a, b);
  assert.deepEqual(steps, [
    "1/4 graph",
    "2/4 kmeans",
    "3/4 mapper attribution",
    "4/4 kmeans attribution",
  ]);
  // The planted neurons: class 0 → neuron 0 and class 1 → neuron 1 head their k-means clusters.
  const attribution = JSON.parse(a[1]);
  const majorities = attribution.methods.kmeans.clusters.map((c: { majorityLabel: number }) =>
    c.majorityLabel
  );
  assert.deepEqual([...majorities].sort(), [0, 1, 2], "k-means finds the three classes");
  for (const c of attribution.methods.kmeans.clusters) {
    if (c.majorityLabel === 0) assert.equal(c.topNeurons[0].neuron, 0);
    if (c.majorityLabel === 1) assert.equal(c.topNeurons[0].neuron, 1);
    if (c.majorityLabel === 2) assert.equal(c.topNeurons[0].neuron, 2);
  }
});

Deno.test("mapperRecords: a missing or mismatched hidden kernel is a named error", () => {
  const cloud = (d: number) => ({ data: new Float32Array(8 * d).map((_, i) => i % 5), n: 8, d });
  const base = {
    spec: { lens: "l2norm" as const, intervals: 2, overlap: 0.3, methods: [], k: 2, top: 1 },
    network: "toy",
    epoch: 1,
    activations: [cloud(4), cloud(3), cloud(2)],
    labels: new Int32Array(8),
    seed: 1,
  };
  assert.throws(
    () => mapperRecords({ ...base, kernels: [] }),
    /mapper stage \(toy, epoch 1\): field "kernels\[0\]": expected the kernel of layer 1 \(3 units\), found none/,
  );
  assert.throws(
    () => mapperRecords({ ...base, kernels: [{ kernel: new Float32Array(8), shape: [4, 2] }] }),
    /found shape \[4,2\]/,
  );
});

Deno.test({
  name: "cleanup",
  fn: async () => await Deno.remove(out, { recursive: true }),
});
