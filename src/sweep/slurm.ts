/**
 * Slurm: a job-array script (one array task per shard) and a merge job that
 * runs after every array task succeeded (`--dependency=afterok:<array id>`)
 * and builds the site. The nodes need only Deno and the repository on a
 * filesystem they share with the submitting host.
 *
 * @module
 */

import { writeFileAtomic } from "../artifacts/atomic.ts";

/** What the scripts run and ask Slurm for. */
export interface SlurmOptions {
  /** The sweep's name (job names) and how the CLI finds it (a name or a .ts path). */
  name: string;
  source: string;
  /** Absolute paths: the repository, the artifacts root, the site, the sweep's slurm folder. */
  repo: string;
  out: string;
  siteOut: string;
  slurmDir: string;
  /** The Deno executable on the nodes. */
  deno: string;
  /** Array tasks. */
  shards: number;
  /** Array tasks running at once (`%M`). */
  arrayLimit?: number;
  partition?: string;
  time?: string;
  cpusPerTask?: number;
  mem?: string;
  /** Flags every task passes on (`--epochs`, `--points`, `--resume`). */
  passOn: string[];
}

/** Shell-quote one word. */
function quote(word: string): string {
  return /^[A-Za-z0-9_./:=%@+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`;
}

function header(o: SlurmOptions, job: string, log: string, extra: string[]): string[] {
  return [
    "#!/bin/bash",
    `#SBATCH --job-name=${quote(job)}`,
    ...extra,
    `#SBATCH --output=${quote(`${o.slurmDir}/logs/${log}`)}`,
    ...(o.partition ? [`#SBATCH --partition=${quote(o.partition)}`] : []),
    ...(o.time ? [`#SBATCH --time=${quote(o.time)}`] : []),
    ...(o.mem ? [`#SBATCH --mem=${quote(o.mem)}`] : []),
    "set -euo pipefail",
    `cd ${quote(o.repo)}`,
  ];
}

function command(o: SlurmOptions, args: string[]): string {
  const words = [o.deno, "run", "-A", "--config", `${o.repo}/deno.json`, "src/cli/sweep.ts"];
  return ["exec", ...[...words, o.source, ...args, ...o.passOn].map(quote)].join(" ");
}

/**
 * The job-array script: task i runs shard i/K of the sweep.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { arrayScript } from "./slurm.ts";
 * const s = arrayScript({ name: "s", source: "s", repo: "/r", out: "/o", siteOut: "/w",
 *   slurmDir: "/o/sweeps/s/slurm", deno: "deno", shards: 4, arrayLimit: 2, passOn: [] });
 * assert.match(s, /#SBATCH --array=0-3%2/);
 * assert.match(s, /--shard "\$\{SLURM_ARRAY_TASK_ID\}\/4"/);
 * ```
 */
export function arrayScript(o: SlurmOptions): string {
  const limit = o.arrayLimit ? `%${o.arrayLimit}` : "";
  const lines = header(o, `nntopo-${o.name}`, "shard-%a.log", [
    `#SBATCH --array=0-${o.shards - 1}${limit}`,
    `#SBATCH --cpus-per-task=${o.cpusPerTask ?? 1}`,
  ]);
  const jobs = String(o.cpusPerTask ?? 1);
  const run = command(o, ["--out", o.out, "--jobs", jobs, "--quiet", "--shard", "SHARD"]);
  lines.push(run.replace("SHARD", `"\${SLURM_ARRAY_TASK_ID}/${o.shards}"`));
  return lines.join("\n") + "\n";
}

/**
 * The merge job: writes sweep.json and builds the site.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mergeScript } from "./slurm.ts";
 * const s = mergeScript({ name: "s", source: "s", repo: "/r", out: "/o", siteOut: "/w",
 *   slurmDir: "/d", deno: "deno", shards: 4, passOn: ["--epochs", "3"] });
 * assert.match(s, /--merge --site-out \/w --epochs 3/);
 * ```
 */
export function mergeScript(o: SlurmOptions): string {
  const lines = header(o, `nntopo-${o.name}-merge`, "merge.log", ["#SBATCH --cpus-per-task=1"]);
  lines.push(command(o, ["--out", o.out, "--quiet", "--merge", "--site-out", o.siteOut]));
  return lines.join("\n") + "\n";
}

/** Write both scripts; returns their paths. */
export async function writeSlurmScripts(
  o: SlurmOptions,
): Promise<{ array: string; merge: string }> {
  await Deno.mkdir(`${o.slurmDir}/logs`, { recursive: true });
  const array = `${o.slurmDir}/array.sh`, merge = `${o.slurmDir}/merge.sh`;
  await writeFileAtomic(array, arrayScript(o));
  await writeFileAtomic(merge, mergeScript(o));
  return { array, merge };
}

async function slurmCommand(name: string, args: string[]): Promise<string> {
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(name, { args, stdin: "null" }).output();
  } catch (error) {
    throw new Error(`${name}: could not run it (is Slurm installed and on PATH?): ${error}`);
  }
  const text = new TextDecoder().decode(output.stdout).trim();
  if (!output.success) {
    const err = new TextDecoder().decode(output.stderr).trim();
    throw new Error(`${name} ${args.join(" ")}: exited with ${output.code}: ${err || text}`);
  }
  return text;
}

/** The ids `sbatch` gave the array job and the merge job. */
export interface SubmittedJobs {
  array: string;
  merge: string;
}

/**
 * Submit the array job, then the merge job after it (`afterok`); `sbatch`
 * reads `SLURM_CONF` from the environment as usual.
 */
export async function submitSlurm(
  scripts: { array: string; merge: string },
): Promise<SubmittedJobs> {
  const array = (await slurmCommand("sbatch", ["--parsable", scripts.array])).split(";")[0];
  const merge = (await slurmCommand("sbatch", [
    "--parsable",
    `--dependency=afterok:${array}`,
    "--kill-on-invalid-dep=yes",
    scripts.merge,
  ])).split(";")[0];
  return { array, merge };
}

/**
 * Wait until none of the jobs is queued or running any more (polling
 * `squeue`); a merge job left waiting on a failed array task is cancelled and
 * reported.
 */
export async function waitForJobs(jobs: SubmittedJobs, pollMs = 1000): Promise<void> {
  while (true) {
    let listing: string;
    try {
      listing = await slurmCommand("squeue", [
        "-h",
        "-j",
        `${jobs.array},${jobs.merge}`,
        "-o",
        "%i %T %r",
      ]);
    } catch (error) {
      // Jobs purged from the controller are gone: finished.
      if (/Invalid job id/i.test(String(error))) return;
      throw error;
    }
    const lines = listing.split("\n").filter((l) => l.trim() !== "");
    if (lines.length === 0) return;
    const stuck = lines.find((l) => l.includes("DependencyNeverSatisfied"));
    if (stuck) {
      await slurmCommand("scancel", [jobs.merge]);
      throw new Error(`slurm: merge job ${jobs.merge} cancelled: an array task failed (${stuck})`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
