import assert from "node:assert/strict";
import { runExperiment } from "../../src/experiment/run.ts";
import { experimentDir, networkPaths } from "../../src/artifacts/layout.ts";
import { decodeSafetensors } from "../../src/artifacts/safetensors.ts";
import { validateSpec } from "../../src/experiment/spec.ts";
import type { ExperimentSpec } from "../../src/experiment/spec.ts";
import mnistCnn from "../../experiments/mnist-cnn.ts";
import { buildSite } from "../../site/build.ts";
import fashionCnn from "../../experiments/fashion-cnn.ts";
import mnistCnnWide from "../../experiments/mnist-cnn-wide.ts";

/** A small CNN study: 600 digits, a narrow CNN and a crippled one, one pool seed. */
const spec: ExperimentSpec = {
  ...mnistCnn,
  name: "cnn-small",
  dataset: { name: "mnist", source: { kind: "mnist", n: 600 } },
  networks: mnistCnn.networks.map((net) => ({
    ...net,
    layers: net.layers.map((l) =>
      l.kind === "conv2d" && l.filters === 64 ? { ...l, filters: 24 } : l
    ),
  })),
  epochs: 1,
  snapshots: [0, 1],
  topology: { maxDim: 1, points: 30, splits: ["test"], metric: "euclidean" },
  filters: { layer: 1, k: 5, p: 0.5, poolSeeds: 1, intervals: 3, overlap: 0.3 },
};

Deno.test("the CNN studies are valid specs", () => {
  validateSpec(mnistCnn, "experiments/mnist-cnn.ts");
  validateSpec(fashionCnn, "experiments/fashion-cnn.ts");
  validateSpec(mnistCnnWide, "experiments/mnist-cnn-wide.ts");
  const wideFirst = mnistCnnWide.networks[0].layers[0];
  assert.ok(wideFirst.kind === "conv2d" && wideFirst.filters === 512);
  assert.throws(
    () => validateSpec({ ...spec, filters: { layer: 2 } }, "x.ts"),
    /networks\[0\]\.layers\[1\]": expected a conv2d layer \(filters\.layer = 2\), found "maxPool2d"/,
  );
});

Deno.test("a small CNN study writes barcodes of every layer and the filter artifacts", async () => {
  const out = await Deno.makeTempDir({ prefix: "nntopo-cnn-" });
  await runExperiment(spec, { out, workers: 0 });
  const dir = experimentDir({ root: out, dataset: "mnist", experiment: "cnn-small" });
  for (const net of spec.networks) {
    const p = networkPaths(dir, net.name, 1);
    const data = JSON.parse(await Deno.readTextFile(p.barcodeData));
    // Layer 0 (input) and the six layers, each with a test-split barcode.
    assert.deepEqual(Object.keys(data.epochs["1"].layers).map(Number), [0, 1, 2, 3, 4, 5, 6]);
    assert.equal(data.epochs["1"].layers["1"].test.dim, 26 * 26 * 24);
    const filters = JSON.parse(await Deno.readTextFile(`${p.dir}/filters/filter_topology.json`));
    assert.equal(filters.schema, "nntopo/filter_topology@1");
    assert.deepEqual([filters.k, filters.p, filters.seeds], [5, 0.5, 2]);
    // The pool network's own metrics after the last epoch: a network trained under another seed.
    assert.equal(filters.pool.length, 1);
    const pool = filters.pool[0];
    assert.ok(Number.isInteger(pool.seed) && pool.seed !== spec.seed);
    for (const split of ["train", "test"]) {
      assert.ok(pool[split].accuracy >= 0 && pool[split].accuracy <= 1, JSON.stringify(pool));
      assert.ok(pool[split].loss > 0 && Number.isFinite(pool[split].loss), JSON.stringify(pool));
    }
    for (const k of ["0", "1"]) {
      assert.equal(filters.epochs[k].filters, 48);
      assert.equal(filters.epochs[k].kept, 24);
      assert.ok(Array.isArray(filters.epochs[k].diagrams.H1));
      for (const png of ["filter_barcode", "filter_mapper"]) {
        assert.ok((await Deno.stat(`${p.dir}/filters/epoch${k}_${png}.png`)).size > 0);
      }
    }
    const mapper = JSON.parse(await Deno.readTextFile(`${p.dir}/filters/filter_mapper.json`));
    const nodes = mapper.epochs["1"].nodes;
    assert.ok(nodes.length >= 1 && nodes.every((n: { filter: number[] }) => n.filter.length === 9));
    const tensors = decodeSafetensors(await Deno.readFile(p.safetensors));
    assert.deepEqual(tensors.tensors["conv1.weight"].shape, [3, 3, 1, 24]);
  }
  // The report site has a filter section with both networks' barcodes and filter Mapper graphs.
  await buildSite({ artifacts: out, out: `${out}/_site` });
  const pages = [...Deno.readDirSync(`${out}/_site`)].map((e) => e.name);
  const page = await findPage(`${out}/_site`, "cnn-small");
  assert.ok(page, `no page of cnn-small among ${pages}`);
  const text = await Deno.readTextFile(page);
  const section = text.slice(text.indexOf('<section id="filters">'));
  assert.ok(section.length > 0 && text.includes('<section id="filters">'), "filter section");
  for (const net of spec.networks) assert.ok(section.includes(net.name));
  assert.ok(section.includes("Epoch 0 (untrained)") && section.includes("filter Mapper graph of"));
  await Deno.remove(out, { recursive: true });
});

/** The index.html under `dir` whose path mentions `slug`. */
async function findPage(dir: string, slug: string): Promise<string | null> {
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) {
      const found = await findPage(path, slug);
      if (found) return found;
    } else if (entry.name === "index.html" && path.includes(slug)) return path;
  }
  return null;
}
