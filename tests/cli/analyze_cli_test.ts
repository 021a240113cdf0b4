/**
 * `deno task analyze` end to end without Python: two small dumps written with
 * encodeNpy, analysed and built into the site, where the import appears like
 * any experiment (index row, its page with training curves, snapshots,
 * tracking and the imported source); and the command line's mistakes.
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { encodeNpy } from "../../src/data/npy.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

async function analyze(args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["task", "analyze", ...args],
    cwd: ROOT,
  }).output();
  return { code, log: new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr) };
}

/** A dump of n points on a noisy circle (class by angle) seen through `layers` random maps. */
async function writeDump(dir: string, widths: number[], seed: number): Promise<void> {
  const n = 40;
  await Deno.mkdir(dir, { recursive: true });
  const labels = Int32Array.from({ length: n }, (_, i) => (i * 3 / n) | 0);
  await Deno.writeFile(`${dir}/labels.npy`, encodeNpy(labels, [n]));
  const split = Int32Array.from({ length: n }, (_, i) => i % 4 === 3 ? 1 : 0);
  await Deno.writeFile(`${dir}/split.npy`, encodeNpy(split, [n]));
  for (const epoch of [0, 5]) {
    await Deno.mkdir(`${dir}/epoch${epoch}`, { recursive: true });
    for (const [j, d] of widths.entries()) {
      const data = Float32Array.from({ length: n * d }, (_, k) => {
        const i = Math.floor(k / d), c = k % d, t = (2 * Math.PI * i) / n;
        return Math.cos(t * (c + 1) + seed + j) * (1 + epoch / 10) + 0.01 * Math.sin(k * 7.1);
      });
      await Deno.writeFile(`${dir}/epoch${epoch}/layer${j}.npy`, encodeNpy(data, [n, d]));
    }
  }
  await Deno.writeTextFile(
    `${dir}/history.csv`,
    "epoch,loss,accuracy,val_loss,val_accuracy\n" +
      [1, 2, 3, 4, 5].map((k) => `${k},${1 / k},${0.5 + k / 20},${1.1 / k},${0.45 + k / 20}`).join(
        "\n",
      ),
  );
}

Deno.test("deno task analyze builds the site with the import like any experiment", async () => {
  const root = await Deno.makeTempDir({ prefix: "analyze_cli_" });
  try {
    await writeDump(`${root}/good`, [2, 6, 4, 3], 0);
    await writeDump(`${root}/bad`, [2, 2, 3], 1);
    const { code, log } = await analyze([
      `${root}/good`,
      `bad=${root}/bad`,
      "--out",
      `${root}/results`,
      "--site-out",
      `${root}/site`,
      "--quiet",
    ]);
    assert.equal(code, 0, log);
    assert.match(log, /good: 40 samples, epochs 0, 5, layers 0, 1, 2, 3: 24 barcodes/);
    const index = await Deno.readTextFile(`${root}/site/index.html`);
    assert.match(index, /experiments\/imported-good-vs-bad\//);
    const page = await Deno.readTextFile(
      `${root}/site/experiments/imported-good-vs-bad/index.html`,
    );
    for (const id of ["training", "snapshots", "tracking", "spec"]) {
      assert.ok(page.includes(`<section id="${id}"`), `the import's page lacks #${id}`);
    }
    assert.match(page, /Imported activations/);
    assert.ok(page.includes(`<code>${await Deno.realPath(`${root}/good`)}</code>`));
    assert.ok((page.match(/<svg/g) ?? []).length > 10, "charts on the page");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("deno task analyze: command-line mistakes exit 2, dump errors exit 1", async () => {
  const none = await analyze(["--no-site"]);
  assert.equal(none.code, 2);
  assert.match(none.log, /expected at least one dump folder DIR/);
  const badName = await analyze(["bad name=/tmp", "--no-site"]);
  assert.equal(badName.code, 2);
  assert.match(badName.log, /expected NAME=DIR/);
  const points = await analyze(["/tmp", "--points", "1", "--no-site"]);
  assert.equal(points.code, 2);
  assert.match(points.log, /--points: expected an integer ≥ 2, found "1"/);
  const missing = await analyze(["x=/nonexistent-nntopo-dump", "--no-site"]);
  assert.equal(missing.code, 1);
  assert.match(missing.log, /\/nonexistent-nntopo-dump: expected a dump folder, found/);
});
