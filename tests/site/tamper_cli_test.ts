/**
 * A tampered artifact stops `deno task site`: the command exits non-zero and
 * its message names the file and the JSON path of what is wrong (a field of
 * the wrong type, a missing key), and no site is written.
 *
 * @module
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { writeFixtureExperiment } from "./fixture.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

async function site(artifacts: string, out: string) {
  const result = await new Deno.Command(Deno.execPath(), {
    args: ["task", "site", "--artifacts", artifacts, "--out", out],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: result.code, stderr: new TextDecoder().decode(result.stderr) };
}

async function tamper(path: string, change: (json: Record<string, unknown>) => void) {
  const json = JSON.parse(await Deno.readTextFile(path));
  change(json);
  await Deno.writeTextFile(path, JSON.stringify(json, null, 2));
}

Deno.test("deno task site exits non-zero naming the file and JSON path of a tampered artifact", async () => {
  const root = await Deno.makeTempDir({ prefix: "nntopo-tamper-" });
  try {
    const exp = await writeFixtureExperiment(`${root}/artifacts`, { mapper: false });
    const good = `${exp}/weights_graphs_good_DataAmount1`;
    // Untouched, the site builds.
    assert.equal((await site(`${root}/artifacts`, `${root}/site0`)).code, 0);

    // A field of the wrong type.
    const history = `${good}/history.json`;
    await tamper(history, (json) => {
      (json.epochs as Array<{ train: { loss: unknown } }>)[1].train.loss = "0.5";
    });
    const wrongType = await site(`${root}/artifacts`, `${root}/site1`);
    assert.notEqual(wrongType.code, 0);
    assert.match(
      wrongType.stderr,
      /history\.json: \$\.epochs\[1\]\.train\.loss: expected number, found "0\.5"/,
    );
    await assert.rejects(Deno.stat(`${root}/site1`), Deno.errors.NotFound);
    await tamper(history, (json) => {
      (json.epochs as Array<{ train: { loss: unknown } }>)[1].train.loss = 0.5;
    });

    // A missing key.
    const data = `${good}/barcodes/barcode_data.json`;
    await tamper(data, (json) => delete json.maxDim);
    const missing = await site(`${root}/artifacts`, `${root}/site2`);
    assert.notEqual(missing.code, 0);
    assert.match(
      missing.stderr,
      /barcode_data\.json: \$\.maxDim: expected number, found nothing \(the key is missing\)/,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
