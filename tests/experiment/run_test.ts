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

Deno.test("the good network beats the crippled one", async () => {
  const dir = dirOf(outA);
  const manifest = await readJson<ManifestFile>(`${dir}/manifest.json`);
  const [good, bad] = manifest.networks;
  assert.equal(good.role, "good");
  assert.ok(
    good.final.test.accuracy > bad.final.test.accuracy + 0.1,
    `good ${good.final.test.accuracy} vs bad ${bad.final.test.accuracy}`,
  );
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

const runner = new URL("./run_small.ts", import.meta.url).pathname;

/** Start the small run; kill -9 it as soon as `trigger` exists. */
async function runAndKill(out: string, trigger: string): Promise<void> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", runner, out],
    stdout: "null",
    stderr: "null",
  }).spawn();
  const deadline = Date.now() + 120_000;
  let killed = false;
  while (Date.now() < deadline) {
    try {
      await Deno.stat(trigger);
      child.kill("SIGKILL");
      killed = true;
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  const status = await child.status;
  assert.ok(killed && !status.success, `the run was interrupted at ${trigger}`);
}

async function resume(out: string, ...extra: string[]) {
  return await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", runner, out, "--resume", ...extra],
    stdout: "null",
    stderr: "piped",
  }).output();
}

async function assertSameAsUninterrupted(out: string) {
  for (const net of spec.networks) {
    const a = networkPaths(dirOf(outA), net.name, 1), b = networkPaths(dirOf(out), net.name, 1);
    for (const file of JSON_FILES) {
      assert.equal(
        await Deno.readTextFile(`${b.dir}/${file}`),
        await Deno.readTextFile(`${a.dir}/${file}`),
        `${net.name}/${file} differs after resume`,
      );
    }
  }
}

async function mtime(path: string): Promise<number> {
  return (await Deno.stat(path)).mtime!.getTime();
}

Deno.test("a run killed after a committed snapshot keeps it and what came before", async () => {
  const out = await Deno.makeTempDir({ prefix: "nntopo-resume-" });
  const good = networkPaths(dirOf(out), spec.networks[0].name, 1);
  const bad = networkPaths(dirOf(out), spec.networks[1].name, 1);
  await runAndKill(out, `${bad.resumeDir}/epoch0.json`);
  const kept = {
    goodHistory: await mtime(good.history),
    goodPng: await mtime(good.barcodePng(4, 1, "all")),
    badPng: await mtime(bad.barcodePng(0, 0, "all")),
  };
  const result = await resume(out);
  assert.ok(result.success, new TextDecoder().decode(result.stderr));
  // The finished network and the committed snapshot were kept, not recomputed.
  assert.equal(await mtime(good.history), kept.goodHistory);
  assert.equal(await mtime(good.barcodePng(4, 1, "all")), kept.goodPng);
  assert.equal(await mtime(bad.barcodePng(0, 0, "all")), kept.badPng);
  await assertSameAsUninterrupted(out);
});

Deno.test("a run killed inside a snapshot's topology redoes that snapshot", async () => {
  const out = await Deno.makeTempDir({ prefix: "nntopo-resume-mid-" });
  const good = networkPaths(dirOf(out), spec.networks[0].name, 1);
  // The checkpoint of epoch 4 is written just before its topology starts.
  await runAndKill(out, `${good.resumeDir}/checkpoint-epoch4/model.json`);
  const result = await resume(out);
  assert.ok(result.success, new TextDecoder().decode(result.stderr));
  await assertSameAsUninterrupted(out);
});

Deno.test("--resume of a finished run changes nothing; with another spec it is refused", async () => {
  const out = await Deno.makeTempDir({ prefix: "nntopo-resume-done-" });
  const good = networkPaths(dirOf(out), spec.networks[0].name, 1);
  const first = await resume(out);
  assert.ok(first.success, new TextDecoder().decode(first.stderr));
  const before = await mtime(good.barcodeData);
  const again = await resume(out);
  assert.ok(again.success, new TextDecoder().decode(again.stderr));
  assert.equal(await mtime(good.barcodeData), before, "nothing recomputed");
  const changed = await resume(out, "--seed", "5");
  assert.ok(!changed.success, "a different seed cannot resume");
  assert.match(
    new TextDecoder().decode(changed.stderr),
    /manifest\.json: expected the same spec as this run to resume it/,
  );
});
