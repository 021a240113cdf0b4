/**
 * Helpers of the resume tests: a tiny spec file, the experiment CLI spawned
 * on it, killed with SIGKILL at a chosen moment, and a byte-for-byte
 * comparison of two artifact trees.
 *
 * @module
 */

import assert from "node:assert/strict";
import { networkPaths } from "../../src/artifacts/layout.ts";
import { sha256Hex } from "../../src/artifacts/hash.ts";

const cli = new URL("../../src/cli/experiment.ts", import.meta.url).pathname;
const spheres = new URL("../../experiments/spheres.ts", import.meta.url).href;

/** The networks of the tiny spec. */
export const NETWORKS = ["good_10-4-1", "bad_1-1"];

/**
 * Write a tiny spheres study (100 points, two 2-layer networks, 1 epoch,
 * snapshots 0 and 1, 10 points per barcode) to a spec file; returns its path.
 */
export async function tinySpecFile(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "nntopo-resume-spec-" });
  const path = `${dir}/tiny.ts`;
  await Deno.writeTextFile(
    path,
    `import spheres from "${spheres}";
export default {
  ...spheres,
  name: "tiny",
  dataset: { name: "spheres", source: { kind: "concentric-spheres", d: 10, n: 100, r1: 3, r2: 6 } },
  networks: [
    { name: "good_10-4-1", role: "good", layers: [{ units: 4 }, { units: 1 }], learningRate: 0.02 },
    { name: "bad_1-1", role: "bad", layers: [{ units: 1 }, { units: 1 }], learningRate: 0.02 },
  ],
  epochs: 1,
  snapshots: [0, 1],
  topology: { ...spheres.topology, points: 10, splits: ["all"] },
};
`,
  );
  return path;
}

/** The experiment folder of the tiny spec under an artifacts root. */
export function experimentOf(out: string): string {
  return `${out}/spheres/spheres_output/exp_tiny`;
}

/** The folders of one network of the tiny spec. */
export function pathsOf(out: string, network: string) {
  return networkPaths(experimentOf(out), network, 1);
}

function command(spec: string, out: string, extra: string[]) {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      cli,
      spec,
      "--out",
      out,
      "--quiet",
      "--no-site",
      "--workers",
      "0",
      ...extra,
    ],
    stdout: "piped",
    stderr: "piped",
  });
}

/**
 * A child's stderr without the runtime's own waiting notice ("Blocking waiting
 * for file lock on node_modules directory"), which Deno prints when parallel
 * tests start it while another process holds the lock: it is not the CLI's.
 */
export function withoutRuntimeNotices(stderr: string): string {
  // deno-lint-ignore no-control-regex
  return stderr.replace(/^(?:\x1b\[[0-9;]*m)*Blocking waiting for file lock on [^\n]*\n/gm, "");
}

/** Run the CLI to its end; returns its exit code and output. */
export async function runCli(spec: string, out: string, ...extra: string[]) {
  const result = await command(spec, out, extra).output();
  const dec = new TextDecoder();
  return {
    code: result.code,
    stdout: dec.decode(result.stdout),
    stderr: withoutRuntimeNotices(dec.decode(result.stderr)),
  };
}

/**
 * Start the CLI and kill it with SIGKILL as soon as `trigger` exists; fails
 * when the run ends before that.
 */
export async function runAndKill(
  spec: string,
  out: string,
  trigger: string,
  ...extra: string[]
): Promise<void> {
  const child = command(spec, out, extra).spawn();
  let ended = false;
  const status = child.status.then((s) => {
    ended = true;
    return s;
  });
  while (!ended) {
    if (await Deno.stat(trigger).then(() => true, () => false)) {
      child.kill("SIGKILL");
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const s = await status;
  await child.stdout.cancel().catch(() => {});
  await child.stderr.cancel().catch(() => {});
  assert.equal(s.signal, "SIGKILL", `the run ended (code ${s.code}) before ${trigger} appeared`);
}

/** Every file under `root`, hidden ones included, relative and sorted. */
export async function allFiles(root: string, rel = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(rel ? `${root}/${rel}` : root)) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory) out.push(...await allFiles(root, path));
    else out.push(path);
  }
  return out.sort();
}

/**
 * Assert that `actual` holds exactly the files of `expected`, every one the
 * same bytes, except manifest.json's `timings` and `createdAt` (wall-clock
 * facts of each run); the rest of the manifest, file hashes included, must
 * be equal, and its hashes must be those of the files on disk.
 */
export async function assertSameTree(expected: string, actual: string, what: string) {
  const a = await allFiles(expected), b = await allFiles(actual);
  assert.deepEqual(b, a, `${what}: the same files`);
  for (const file of a) {
    const x = await Deno.readFile(`${expected}/${file}`);
    const y = await Deno.readFile(`${actual}/${file}`);
    if (file.endsWith("/manifest.json")) {
      const mx = JSON.parse(new TextDecoder().decode(x)),
        my = JSON.parse(new TextDecoder().decode(y));
      for (const m of [mx, my]) {
        delete m.timings;
        delete m.createdAt;
      }
      assert.deepEqual(my, mx, `${what}: ${file} beyond timings and createdAt`);
      const dir = `${actual}/${file.slice(0, -"/manifest.json".length)}`;
      for (const [path, hash] of Object.entries(my.files as Record<string, string>)) {
        assert.equal(
          await sha256Hex(await Deno.readFile(`${dir}/${path}`)),
          hash,
          `${what}: ${path}`,
        );
      }
      continue;
    }
    assert.ok(
      x.length === y.length && x.every((v, i) => v === y[i]),
      `${what}: ${file} differs (${y.length} bytes, clean run ${x.length})`,
    );
  }
}

/** Copy the folder `from` to `to` (files and folders only). */
export async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyTree(`${from}/${e.name}`, `${to}/${e.name}`);
    else await Deno.copyFile(`${from}/${e.name}`, `${to}/${e.name}`);
  }
}

/** Cut a file to half its length (at least one byte less). */
export async function truncateHalf(path: string): Promise<void> {
  const size = (await Deno.stat(path)).size;
  await Deno.truncate(path, Math.floor(size / 2));
}
