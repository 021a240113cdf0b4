/**
 * The tiny sweep on a real single-node Slurm cluster (munge + slurmctld +
 * slurmd started here): 4 array tasks and a merge job, whose JSON must equal a
 * local run's byte for byte (manifests and run records aside: they hold times).
 * Without Slurm the test skips loudly; under CI=true it fails.
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { missingTools, startCluster, stopCluster } from "./slurm_cluster.ts";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const cli = `${repo}src/cli/sweep.ts`;
const tiny = `${repo}tests/sweep/tiny_sweep.ts`;

async function sweep(args: string[], env: Record<string, string> = {}): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", `${repo}deno.json`, cli, tiny, "--quiet", ...args],
    env,
    stdin: "null",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.ok(out.success, `sweep ${args.join(" ")} failed (exit ${out.code}):\n${text}`);
  return text;
}

/** Every .json under root except manifests and run records, relative path → text. */
async function jsonTree(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (dir: string, rel: string) => {
    for await (const e of Deno.readDir(dir)) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory) await walk(`${dir}/${e.name}`, path);
      else if (
        e.name.endsWith(".json") && e.name !== "manifest.json" && !/\/runs\//.test(`/${path}`)
      ) {
        files.set(path, await Deno.readTextFile(`${dir}/${e.name}`));
      }
    }
  };
  await walk(root, "");
  return files;
}

Deno.test("a sweep submitted to a single-node Slurm cluster merges to the local run's JSON", async () => {
  const missing = await missingTools();
  if (missing.length > 0) {
    const message = `SLURM TEST NOT RUN: missing ${
      missing.join(", ")
    } (apt-get install slurm-wlm munge)`;
    if (Deno.env.get("CI") === "true") throw new Error(message);
    console.warn(`\n!!! ${message} !!!\n`);
    return;
  }
  const root = await Deno.makeTempDir({ prefix: "nntopo-slurm-sweep-" });
  try {
    await sweep(["--jobs", "2", "--out", `${root}/local`, "--no-site"]);
    const cluster = await startCluster();
    try {
      const text = await sweep(
        ["--slurm", "--submit", "--wait", "--out", `${root}/slurm`, "--site-out", `${root}/site`],
        cluster.env,
      );
      assert.match(text, /submitted: array job \d+, merge job \d+/);
      assert.match(text, /4 runs in 4 array tasks/);
    } finally {
      await stopCluster(cluster);
    }
    const local = await jsonTree(`${root}/local`);
    const slurm = await jsonTree(`${root}/slurm`);
    assert.ok(
      local.has("sweeps/tiny/sweep.json") && local.size > 10,
      `local JSON: ${[...local.keys()]}`,
    );
    assert.deepEqual([...slurm.keys()].sort(), [...local.keys()].sort());
    for (const [path, text] of local) assert.equal(slurm.get(path), text, `${path} differs`);
    const page = await Deno.readTextFile(`${root}/site/sweeps/tiny/index.html`);
    assert.match(page, /experiments\/spheres-spheres_s1-dataamount2\/index.html/);
  } finally {
    await Deno.remove(root, { recursive: true }).catch(() => {});
  }
});
