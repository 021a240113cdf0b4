/**
 * The experiment CLI killed with SIGKILL at seven moments of a run (two of
 * them while resuming), and at two while its networks run at once on worker
 * threads, then `--resume`d: every file equals an uninterrupted
 * run's byte for byte, model files included; manifest.json may differ only
 * in `timings` and `createdAt`, the wall-clock facts of each run.
 */

import assert from "node:assert/strict";
import {
  assertSameTree,
  experimentOf,
  NETWORKS,
  pathsOf,
  runAndKill,
  runCli,
  tinySpecFile,
} from "./resume_helpers.ts";

const spec = await tinySpecFile();
const [good, bad] = NETWORKS;

let cleanRun: Promise<string> | undefined;
/** One uninterrupted run, shared by the tests. */
function clean(): Promise<string> {
  cleanRun ??= (async () => {
    const out = await Deno.makeTempDir({ prefix: "nntopo-kill-clean-" });
    const first = await runCli(spec, out);
    assert.equal(first.code, 0, first.stderr);
    return out;
  })();
  return cleanRun;
}

/** Where a run is killed: a file that appears at that moment. */
const moments: Array<[string, (out: string) => string]> = [
  [
    "the checkpoint of epoch 0 saved, its snapshot not committed",
    (out) => `${pathsOf(out, good).resumeDir}/checkpoint-epoch0/model.json`,
  ],
  ["inside snapshot 1's pictures", (out) => pathsOf(out, good).barcodePng(1, 1, "all")],
  ["while the final artifacts are written", (out) => pathsOf(out, good).barcodeData],
  [
    "the first network recorded as finished",
    (out) => `${experimentOf(out)}/.resume/network-${good}_DataAmount1.json`,
  ],
  ["the second network's model files written", (out) => `${pathsOf(out, bad).modelDir}/model.json`],
];

Deno.test("a run killed at five moments resumes to the same bytes as an uninterrupted run", async () => {
  const reference = await clean();
  await Promise.all(moments.map(async ([what, trigger]) => {
    const out = await Deno.makeTempDir({ prefix: "nntopo-kill-" });
    await runAndKill(spec, out, trigger(out));
    const resumed = await runCli(spec, out, "--resume");
    assert.equal(resumed.code, 0, `${what}: ${resumed.stderr}`);
    assert.doesNotMatch(resumed.stderr, /TensorFlow\.js in Node\.js/, "no tfjs banner");
    await assertSameTree(reference, out, `killed ${what}`);
    await Deno.remove(out, { recursive: true });
  }));
});

Deno.test("a resume killed in turn resumes to the same bytes; resuming a finished run changes nothing", async () => {
  const out = await Deno.makeTempDir({ prefix: "nntopo-kill-twice-" });
  const [reference] = await Promise.all([
    clean(),
    runAndKill(spec, out, `${pathsOf(out, good).resumeDir}/epoch0.json`),
  ]);
  await runAndKill(spec, out, `${pathsOf(out, bad).resumeDir}/epoch0.json`, "--resume");
  const resumed = await runCli(spec, out, "--resume");
  assert.equal(resumed.code, 0, resumed.stderr);
  await assertSameTree(reference, out, "killed twice");
  const again = await runCli(spec, out, "--resume");
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stderr, "", "nothing to report");
  await assertSameTree(reference, out, "resumed once more");
  const changed = await runCli(spec, out, "--resume", "--seed", "5");
  assert.notEqual(changed.code, 0, "a different seed cannot resume");
  assert.match(changed.stderr, /manifest\.json: expected the same spec as this run to resume it/);
  await assertSameTree(reference, out, "a refused resume changes nothing");
  await Deno.remove(out, { recursive: true });
});

Deno.test("networks run at once on two workers, killed and resumed: the bytes of a run on the main thread", async () => {
  const reference = await clean();
  const triggers = [
    (out: string) => `${pathsOf(out, bad).resumeDir}/epoch0.json`,
    (out: string) => pathsOf(out, good).barcodePng(1, 1, "all"),
  ];
  await Promise.all(triggers.map(async (trigger) => {
    const out = await Deno.makeTempDir({ prefix: "nntopo-kill-workers-" });
    await runAndKill(spec, out, trigger(out), "--workers", "2");
    const resumed = await runCli(spec, out, "--resume", "--workers", "2");
    assert.equal(resumed.code, 0, resumed.stderr);
    await assertSameTree(reference, out, `killed at ${trigger("")} on workers`);
    await Deno.remove(out, { recursive: true });
  }));
});

Deno.test("resume kill tests: remove the uninterrupted run", async () => {
  if (cleanRun) await Deno.remove(await cleanRun, { recursive: true });
});
