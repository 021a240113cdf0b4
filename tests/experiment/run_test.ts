import assert from "node:assert/strict";
import { runExperiment } from "../../src/experiment/run.ts";
import { experimentDir, networkPaths, SPLITS } from "../../src/artifacts/layout.ts";
import { hashTree } from "../../src/artifacts/hash.ts";
import type { BarcodeDataFile, HistoryFile, ManifestFile } from "../../src/artifacts/schema.ts";
import { smallSpec } from "./small_spec.ts";

const spec = smallSpec();
const JSON_FILES = [
  "barcodes/barcode_data.json",
  "barcodes/barcode_evaluation.json",
  "history.json",
];

async function run(out: string, workers?: number) {
  return await runExperiment(spec, { out, workers });
}

function dirOf(out: string) {
  return experimentDir({ root: out, dataset: spec.dataset.name, experiment: spec.name });
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await Deno.readTextFile(path)) as T;
}

const outA = await Deno.makeTempDir({ prefix: "nntopo-run-a-" });
const resultA = await run(outA);

Deno.test("a small run writes the layout of the repo-layout source for both networks", async () => {
  const dir = dirOf(outA);
  assert.equal(resultA.dir, dir);
  const manifest = await readJson<ManifestFile>(`${dir}/manifest.json`);
  assert.equal(manifest.schema, "nntopo/manifest@1");
  assert.deepEqual(manifest.networks.map((n) => n.name), spec.networks.map((n) => n.name));
  for (const net of spec.networks) {
    const p = networkPaths(dir, net.name, 1);
    for (
      const path of [
        p.barcodeData,
        p.barcodeEvaluation,
        p.history,
        p.lossAndRmsePng,
        p.safetensors,
        `${p.modelDir}/model.json`,
      ]
    ) {
      assert.ok((await Deno.stat(path)).size > 0, `missing ${path}`);
    }
    for (const epoch of spec.snapshots) {
      for (let layer = 0; layer <= net.layers.length; layer++) {
        for (const split of SPLITS) {
          const png = await Deno.readFile(p.barcodePng(epoch, layer, split));
          assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47], "PNG signature");
        }
      }
    }
    for (let layer = 0; layer <= net.layers.length; layer++) {
      for (const png of [p.diagramPng(4, layer), p.bettiPng(4, layer)]) {
        assert.ok((await Deno.stat(png)).size > 0, `missing ${png}`);
      }
    }
    assert.ok((await Deno.stat(p.metricPng(1, "lifetimeMean"))).size > 0);
    const data = await readJson<BarcodeDataFile>(p.barcodeData);
    assert.equal(data.schema, "nntopo/barcode_data@1");
    assert.deepEqual(Object.keys(data.epochs), spec.snapshots.map(String));
    const cell = data.epochs["4"].layers["0"].all!;
    assert.equal(cell.points, 1200);
    assert.equal(cell.sampled, 60);
    assert.equal(cell.subsample, "maxmin");
    assert.equal(cell.diagrams.H0.length, 60, "H0 has one bar per sampled point");
    assert.equal(cell.diagrams.H0.filter(([, d]) => d === null).length, 1);
    const history = await readJson<HistoryFile>(p.history);
    assert.deepEqual(history.epochs.map((e) => e.epoch), [0, 1, 2, 3, 4]);
    // Hidden files of the resume machinery are gone once the run completes.
    await assert.rejects(Deno.stat(p.resumeDir));
  }
  // The manifest's hashes are those of the files on disk.
  const files = await hashTree(dir, (path) => path === "manifest.json");
  assert.deepEqual(manifest.files, files);
});

Deno.test("the input's pictures are the same bytes for every network and epoch; a layer's are not", async () => {
  const dir = dirOf(outA);
  const [a, b] = spec.networks.map((net) => networkPaths(dir, net.name, 1));
  const [first, last] = [spec.snapshots[0], spec.snapshots[spec.snapshots.length - 1]];
  for (const split of SPLITS) {
    const input = await Deno.readFile(a.barcodePng(first, 0, split));
    assert.deepEqual(await Deno.readFile(b.barcodePng(last, 0, split)), input, `layer 0 ${split}`);
  }
  assert.deepEqual(
    await Deno.readFile(b.diagramPng(last, 0)),
    await Deno.readFile(a.diagramPng(first, 0)),
  );
  assert.notDeepEqual(
    await Deno.readFile(b.barcodePng(last, 1, "all")),
    await Deno.readFile(a.barcodePng(last, 1, "all")),
  );
});

Deno.test("the good network beats the crippled one", async () => {
  const dir = dirOf(outA);
  const manifest = await readJson<ManifestFile>(`${dir}/manifest.json`);
  const [good, bad] = manifest.networks;
  assert.equal(good.role, "good");
  const [a, b] = [good.final.test?.accuracy, bad.final.test?.accuracy];
  assert.ok(typeof a === "number" && typeof b === "number", `final test accuracies: ${a}, ${b}`);
  assert.ok(a > b + 0.1, `good ${a} vs bad ${b}`);
});

Deno.test("the same seed gives byte-identical JSON, on worker threads or the main thread", async () => {
  // Run A used the default pool of workers; run B computes on the main thread.
  const outB = await Deno.makeTempDir({ prefix: "nntopo-run-b-" });
  await run(outB, 0);
  for (const net of spec.networks) {
    const a = networkPaths(dirOf(outA), net.name, 1), b = networkPaths(dirOf(outB), net.name, 1);
    for (const file of JSON_FILES) {
      assert.equal(
        await Deno.readTextFile(`${b.dir}/${file}`),
        await Deno.readTextFile(`${a.dir}/${file}`),
        `${net.name}/${file} differs between two runs with one seed`,
      );
    }
  }
});
