/**
 * The sweep command locally: a shard, --status, a tampered run found by its
 * hashes, --resume running only what is not done, the merge, and errors.
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { jsonschemaOracle, validateWithPython } from "../artifacts/jsonschema_oracle.ts";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const tiny = `${repo}tests/sweep/tiny_sweep.ts`;

async function sweep(args: string[]): Promise<{ code: number; text: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", `${repo}deno.json`, `${repo}src/cli/sweep.ts`, ...args],
    stdin: "null",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { code: out.code, text };
}

Deno.test("a shard, status, a tampered run, resume and merge", async () => {
  const out = await Deno.makeTempDir({ prefix: "nntopo-sweep-" });
  try {
    let r = await sweep([tiny, "--shard", "0/2", "--jobs", "2", "--out", out, "--quiet"]);
    assert.equal(r.code, 0, r.text);
    assert.match(r.text, /sweep tiny: 2 runs done, 0 failed/);
    await Deno.stat(`${out}/sweeps/tiny/hyperparameters.json`);
    await assert.rejects(Deno.stat(`${out}/sweeps/tiny/sweep.json`)); // a shard does not merge

    r = await sweep([tiny, "--status", "--out", out]);
    assert.match(r.text, /4 runs: 2 done, 2 pending, 0 failed/);
    assert.match(r.text, /pending +spheres_s1/); // shard 0/2 ran runs 0 and 2

    // A finished run whose file changed is no longer done.
    // One exp_* folder per seed, one weights_graphs_* folder per network and data amount.
    const run = `${out}/spheres/spheres_output/exp_spheres_s0`;
    assert.deepEqual(
      (await Array.fromAsync(Deno.readDir(run))).map((e) => e.name).sort(),
      [
        "manifest.json",
        "weights_graphs_good_10-8-5-1_DataAmount1",
        "weights_graphs_good_10-8-5-1_DataAmount2",
      ],
    );
    const history = `${run}/weights_graphs_good_10-8-5-1_DataAmount1/history.json`;
    await Deno.writeTextFile(history, " ", { append: true });
    r = await sweep([tiny, "--status", "--out", out]);
    assert.match(r.text, /1 done, 3 pending/);
    assert.match(r.text, /spheres_s0: .*history.json: hash differs from the manifest's/);

    r = await sweep([tiny, "--resume", "--jobs", "2", "--out", out, "--no-site"]);
    assert.equal(r.code, 0, r.text);
    assert.match(r.text, /resume: 1 runs done, 3 to run/);
    assert.match(r.text, /merged: .*sweeps\/tiny\/sweep.json \(4 runs\)/);
    r = await sweep([tiny, "--status", "--out", out]);
    assert.match(r.text, /4 runs: 4 done, 0 pending, 0 failed/);
    const merged = JSON.parse(await Deno.readTextFile(`${out}/sweeps/tiny/sweep.json`));
    assert.equal(merged.schema, "nntopo/sweep@1");
    assert.deepEqual(
      merged.runs.map((run: { id: string }) => run.id),
      ["spheres_s0", "spheres_s1", "spheres_s2", "spheres_s3"],
    );
    assert.deepEqual(
      merged.runs[0].networks.map((n: { dataAmount: unknown }) => n.dataAmount),
      [{ part: 1, parts: 2 }, { part: 2, parts: 2 }],
    );
    const net = merged.runs[0].networks[0];
    assert.deepEqual(Object.keys(net.topology), ["first", "middle", "last"]);
    assert.deepEqual(net.layers, { first: 0, middle: 2, last: 4 });
    assert.ok(net.test.accuracy >= 0 && net.test.accuracy <= 1);
    assert.equal(typeof net.topology.middle.H1.lifetimeMax, "number");
    // Every JSON file of the sweep (its own and its runs') against docs/schemas.
    if (await jsonschemaOracle("sweep local_test")) {
      const kinds = new Set((await validateWithPython([out])).values());
      for (const kind of ["sweep", "sweep_run", "hyperparameters", "manifest", "barcode_data"]) {
        assert.ok(kinds.has(kind), `no ${kind} file was validated`);
      }
    }
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("sweep errors name what was expected and exit non-zero", async () => {
  let r = await sweep(["no-such-sweep", "--status"]);
  assert.equal(r.code, 2);
  assert.match(r.text, /unknown sweep "no-such-sweep": expected experiments\/no-such-sweep.ts/);
  r = await sweep(["spheres", "--status"]);
  assert.equal(r.code, 2);
  assert.match(r.text, /expected a default export of a sweep spec/);
  r = await sweep([tiny, "--shard", "2/2"]);
  assert.equal(r.code, 2);
  assert.match(r.text, /--shard: expected i\/K with 0 ≤ i < K, found "2\/2"/);
});

Deno.test("--slurm without --submit writes the array and merge scripts", async () => {
  const out = await Deno.makeTempDir({ prefix: "nntopo-sweep-" });
  try {
    const r = await sweep([
      tiny,
      "--slurm",
      "--shards",
      "3",
      "--array-limit",
      "2",
      "--partition",
      "short",
      "--time",
      "00:10:00",
      "--mem",
      "2G",
      "--epochs",
      "1",
      "--out",
      out,
      "--quiet",
    ]);
    assert.equal(r.code, 0, r.text);
    const array = await Deno.readTextFile(`${out}/sweeps/tiny/slurm/array.sh`);
    assert.match(array, /#SBATCH --array=0-2%2/);
    assert.match(array, /#SBATCH --partition=short/);
    assert.match(array, /#SBATCH --time=00:10:00/);
    assert.match(array, /--shard "\$\{SLURM_ARRAY_TASK_ID\}\/3" --epochs 1/);
    const merge = await Deno.readTextFile(`${out}/sweeps/tiny/slurm/merge.sh`);
    assert.match(merge, /--merge --site-out/);
    assert.match(r.text, /sbatch --dependency=afterok:\$id/);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
