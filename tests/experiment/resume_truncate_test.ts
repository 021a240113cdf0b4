/**
 * Each kind of artifact truncated in turn before `--resume`, in a finished run
 * and in a killed one: the run names the file, recomputes what depended on it
 * and ends with every file equal to an uninterrupted run's (manifest.json
 * aside from timings and createdAt) and a manifest whose hashes are those of
 * the files on disk: a truncated file is never vouched for.
 */

import assert from "node:assert/strict";
import {
  assertSameTree,
  copyTree,
  experimentOf,
  NETWORKS,
  pathsOf,
  runAndKill,
  runCli,
  tinySpecFile,
  truncateHalf,
} from "./resume_helpers.ts";

const spec = await tinySpecFile();
const [good, bad] = NETWORKS;

/** Resume a copy of `from` with `files` (relative to the root) truncated. */
async function truncatedResume(reference: string, from: string, files: string[]) {
  const out = await Deno.makeTempDir({ prefix: "nntopo-truncate-" });
  await copyTree(from, out);
  for (const f of files) await truncateHalf(`${out}/${f}`);
  const resumed = await runCli(spec, out, "--resume");
  const what = files.join(" and ");
  assert.equal(resumed.code, 0, `${what}: ${resumed.stderr}`);
  for (const f of files) {
    assert.ok(resumed.stderr.includes(`${out}/${f}`), `${f} named in:\n${resumed.stderr}`);
  }
  await assertSameTree(reference, out, `${what} truncated`);
  await Deno.remove(out, { recursive: true });
}

/** A path of network `net`'s artifacts relative to the artifacts root. */
function rel(out: string, path: string): string {
  return path.slice(out.length + 1);
}

Deno.test("every kind of artifact truncated in a finished run is named and recomputed", async () => {
  const reference = await Deno.makeTempDir({ prefix: "nntopo-truncate-clean-" });
  const first = await runCli(spec, reference);
  assert.equal(first.code, 0, first.stderr);
  const g = pathsOf(reference, good), b = pathsOf(reference, bad);
  const pairs: string[][] = [
    [g.barcodeData, b.barcodeEvaluation],
    [g.history, b.safetensors],
    [g.barcodePng(0, 1, "all"), b.bettiPng(1, 2)],
    [g.lossAndRmsePng, b.metricPng(0, "lifetimeMax")],
    [`${g.modelDir}/model.json`, `${b.modelDir}/weights.bin`],
    [`${g.modelDir}/optimizer.bin`, b.diagramPng(0, 0)],
    [`${experimentOf(reference)}/manifest.json`],
  ].map((files) => files.map((f) => rel(reference, f)));
  for (const files of pairs) await truncatedResume(reference, reference, files);

  // A killed run: the first network finished, the second has snapshot 0
  // committed and its checkpoint of epoch 1 saved (snapshot 1's pictures begun).
  const killed = await Deno.makeTempDir({ prefix: "nntopo-truncate-killed-" });
  await runAndKill(spec, killed, pathsOf(killed, bad).barcodePng(1, 0, "all"));
  const kb = pathsOf(killed, bad), exp = experimentOf(killed);
  const inProgress: string[][] = [
    [`${kb.resumeDir}/checkpoint.json`, `${exp}/.resume/network-${good}_DataAmount1.json`],
    [`${kb.resumeDir}/epoch0.json`, `${exp}/.resume/spec.json`],
    [`${kb.resumeDir}/checkpoint-epoch1/weights.bin`],
    [`${kb.resumeDir}/checkpoint-epoch1/optimizer.bin`, kb.barcodePng(0, 1, "all")],
  ].map((files) => files.map((f) => rel(killed, f)));
  for (const files of inProgress) await truncatedResume(reference, killed, files);
  for (const dir of [reference, killed]) await Deno.remove(dir, { recursive: true });
});
