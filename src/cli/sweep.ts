/**
 * `deno task sweep NAME [--jobs N] [--shard i/K] [--resume] [--status] [--merge]
 * [--epochs N] [--points N] [--out DIR] [--site-out DIR]
 * [--slurm [--submit [--wait]] [--shards K] [--partition P] [--time T]
 * [--cpus-per-task C] [--mem M] [--array-limit M]]`
 *
 * Runs a sweep (experiments/NAME.ts, or a path to a sweep .ts file): locally on
 * a pool of processes, one shard of it, or as a Slurm job array with a merge job.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { fileURLToPath as fromFileUrl } from "node:url";
import {
  type SweepOverrides,
  type SweepRun,
  type SweepSpec,
  validateSweep,
} from "../sweep/spec.ts";
import { validateSearch } from "../sweep/search_spec.ts";
import { type SweepPaths, sweepPaths } from "../sweep/layout.ts";
import { ensureSearch, formatStatus, planRuns, shard, sweepStatus } from "../sweep/plan.ts";
import { runOne, runPool } from "../sweep/execute.ts";
import { mergeSweep } from "../sweep/merge.ts";
import { submitSlurm, waitForJobs, writeSlurmScripts } from "../sweep/slurm.ts";
import { progressBar } from "./progress.ts";
import { buildSite } from "../../site/build.ts";

const USAGE = `usage: deno task sweep NAME [options]

Runs the sweep experiments/NAME.ts (or a path to a sweep .ts file).

options:
  --jobs N          runs at once, each in a process of its own (default 1)
  --shard i/K       run only shard i of K (0 ≤ i < K; runs whose index is i mod K); no merge
  --resume          skip runs already done (verified by their hashes), resume the others
  --status          report done, pending and failed runs, run nothing
  --merge           merge finished runs into sweep.json and build the site, run nothing
  --epochs N        train every run N epochs (and cap the search's epochs)
  --points N        at most N points per barcode
  --workers N       barcode threads per run (default: cores / jobs; 0 = main thread)
  --out DIR         artifacts root (default results/)
  --site-out DIR    where the site goes (default _site/)
  --no-site         do not build the site after merging
  --quiet           no progress bars
Slurm:
  --slurm           write a job-array script (one task per shard) and a merge job
  --submit          submit both with sbatch (honours SLURM_CONF) and print the job ids
  --wait            after --submit, wait until both jobs have left the queue
  --shards K        array tasks (default: one per run)
  --array-limit M   at most M array tasks at once
  --partition P, --time T, --cpus-per-task C, --mem M   passed to #SBATCH
  --deno PATH       the Deno executable on the nodes (default: this one)
  -h, --help        this text`;

/** A command-line mistake: printed with the usage hint, exit code 2. */
class UsageError extends Error {}

const repo = fromFileUrl(new URL("../../", import.meta.url)).replace(/\/$/, "");
const cliPath = fromFileUrl(import.meta.url);

async function loadSweep(source: string): Promise<SweepSpec> {
  const path = source.endsWith(".ts") ? source : `${repo}/experiments/${source}.ts`;
  const absolute = path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
  try {
    await Deno.stat(absolute);
  } catch {
    throw new UsageError(
      `unknown sweep "${source}": expected experiments/${source}.ts or a .ts path`,
    );
  }
  const module = await import(`file://${absolute}`);
  const sweep = module.default as SweepSpec;
  if (!Array.isArray(sweep?.experiments)) {
    throw new UsageError(
      `${path}: expected a default export of a sweep spec (with "experiments"), found ${
        sweep && typeof sweep === "object" ? "an experiment spec or other object" : typeof sweep
      }; run experiments with deno task experiment`,
    );
  }
  validateSweep(sweep, path);
  if (sweep.search) validateSearch(sweep.search, path);
  return sweep;
}

function integerFlag(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`--${name}: expected an integer ≥ ${min}, found "${value}"`);
  }
  return n;
}

function shardFlag(value: string | undefined): { i: number; k: number } | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const i = Number(m?.[1]), k = Number(m?.[2]);
  if (!m || k < 1 || i >= k) {
    throw new UsageError(`--shard: expected i/K with 0 ≤ i < K, found "${value}"`);
  }
  return { i, k };
}

const OPTIONS = {
  jobs: { type: "string" },
  shard: { type: "string" },
  resume: { type: "boolean", default: false },
  status: { type: "boolean", default: false },
  merge: { type: "boolean", default: false },
  only: { type: "string" },
  epochs: { type: "string" },
  points: { type: "string" },
  workers: { type: "string" },
  out: { type: "string", default: "results" },
  "site-out": { type: "string", default: "_site" },
  "no-site": { type: "boolean", default: false },
  quiet: { type: "boolean", default: false },
  slurm: { type: "boolean", default: false },
  submit: { type: "boolean", default: false },
  wait: { type: "boolean", default: false },
  shards: { type: "string" },
  "array-limit": { type: "string" },
  partition: { type: "string" },
  time: { type: "string" },
  "cpus-per-task": { type: "string" },
  mem: { type: "string" },
  deno: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>["values"];

/** Everything a mode needs. */
interface Context {
  source: string;
  sweep: SweepSpec;
  values: Values;
  out: string;
  paths: SweepPaths;
  overrides: SweepOverrides;
}

async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UsageError(`expected one sweep name, found ${positionals.length}`);
  }
  const source = positionals[0];
  const sweep = await loadSweep(source);
  const out = values.out.replace(/\/+$/, "") || ".";
  const overrides: SweepOverrides = {
    epochs: integerFlag("epochs", values.epochs, 1),
    points: integerFlag("points", values.points, 2),
  };
  const ctx: Context = {
    source,
    sweep,
    values,
    out,
    paths: sweepPaths(out, sweep.name),
    overrides,
  };
  if (values.status) return await statusMode(ctx);
  if (values.only !== undefined) return await onlyMode(ctx, values.only);
  if (values.merge) return await mergeMode(ctx);
  if (values.slurm) return await slurmMode(ctx);
  return await localMode(ctx);
}

async function plan(ctx: Context, compute: boolean): Promise<SweepRun[]> {
  const bar = progressBar("search", 1, {
    quiet: ctx.values.quiet || !ctx.sweep.search || !compute,
  });
  const chosen = compute
    ? await ensureSearch(ctx.sweep, ctx.paths, {
      overrides: ctx.overrides,
      onCandidate: (net, done, total) => bar.update(0, `${net} ${done}/${total}`),
    })
    : undefined;
  bar.finish();
  return planRuns(ctx.sweep, chosen, ctx.overrides);
}

async function statusMode(ctx: Context): Promise<number> {
  // Run ids do not depend on the search, so no search is needed to report.
  const runs = await plan(ctx, false);
  console.log(formatStatus(ctx.sweep.name, await sweepStatus(ctx.out, ctx.paths, runs)));
  return 0;
}

async function onlyMode(ctx: Context, id: string): Promise<number> {
  const run = (await plan(ctx, true)).find((r) => r.id === id);
  if (!run) throw new UsageError(`--only: no run "${id}" in sweep ${ctx.sweep.name}`);
  const workers = integerFlag("workers", ctx.values.workers, 0);
  const record = await runOne(run, {
    out: ctx.out,
    paths: ctx.paths,
    workers,
    resume: ctx.values.resume,
  });
  if (record.status === "failed") console.error(`error: run ${id}: ${record.error}`);
  return record.status === "done" ? 0 : 1;
}

function defaultWorkers(jobs: number): number | undefined {
  if (jobs <= 1) return undefined;
  const each = Math.floor(navigator.hardwareConcurrency / jobs);
  return each >= 2 ? Math.min(each, 8) : 0;
}

async function localMode(ctx: Context): Promise<number> {
  const { values } = ctx;
  const started = performance.now();
  const jobs = integerFlag("jobs", values.jobs, 1) ?? 1;
  const part = shardFlag(values.shard);
  const all = await plan(ctx, true);
  let runs = part ? shard(all, part.i, part.k) : all;
  if (values.resume) {
    const statuses = await sweepStatus(ctx.out, ctx.paths, runs);
    runs = statuses.filter((s) => s.state !== "done").map((s) => s.run);
    if (!values.quiet) {
      console.error(`resume: ${statuses.length - runs.length} runs done, ${runs.length} to run`);
    }
  }
  const workers = integerFlag("workers", values.workers, 0) ?? defaultWorkers(jobs);
  const bar = progressBar(`sweep ${ctx.sweep.name}`, runs.length, { quiet: values.quiet });
  const records = await runPool(runs, {
    out: ctx.out,
    paths: ctx.paths,
    workers,
    resume: values.resume,
    jobs,
    childArgs: (run) => childArgs(ctx, run, workers),
    onRun: (record, done) =>
      bar.update(done, `${record.run} ${record.status} ${record.seconds.toFixed(1)}s`),
  });
  bar.finish();
  const failed = records.filter((r) => r.status === "failed");
  for (const r of failed) console.error(`failed: ${r.run}: ${r.error}`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `sweep ${ctx.sweep.name}: ${
      records.length - failed.length
    } runs done, ${failed.length} failed in ${seconds} s`,
  );
  if (failed.length > 0) return 1;
  return part ? 0 : await mergeMode(ctx);
}

function childArgs(ctx: Context, run: SweepRun, workers: number | undefined): string[] {
  const args = [
    "run",
    "-A",
    "--config",
    `${repo}/deno.json`,
    cliPath,
    ctx.source,
    "--only",
    run.id,
  ];
  args.push("--out", ctx.out, "--quiet");
  if (workers !== undefined) args.push("--workers", String(workers));
  if (ctx.values.resume) args.push("--resume");
  return [...args, ...passOn(ctx)];
}

function passOn(ctx: Context): string[] {
  const args: string[] = [];
  if (ctx.overrides.epochs !== undefined) args.push("--epochs", String(ctx.overrides.epochs));
  if (ctx.overrides.points !== undefined) args.push("--points", String(ctx.overrides.points));
  return args;
}

async function mergeMode(ctx: Context): Promise<number> {
  const runs = await plan(ctx, true);
  const statuses = await sweepStatus(ctx.out, ctx.paths, runs);
  const chosen = ctx.sweep.search
    ? await ensureSearch(ctx.sweep, ctx.paths, { overrides: ctx.overrides })
    : undefined;
  const merged = await mergeSweep({
    sweep: ctx.sweep,
    runs,
    statuses,
    out: ctx.out,
    paths: ctx.paths,
    chosen: chosen as never,
  });
  console.log(`merged: ${merged} (${runs.length} runs)`);
  if (ctx.values["no-site"]) return 0;
  const site = await buildSite({ artifacts: ctx.out, out: ctx.values["site-out"] });
  console.log(`site: ${site.out}/index.html (${site.pages.length} pages)`);
  return 0;
}

async function absolute(path: string): Promise<string> {
  await Deno.mkdir(path, { recursive: true });
  return await Deno.realPath(path);
}

async function slurmMode(ctx: Context): Promise<number> {
  const { values } = ctx;
  const runs = await plan(ctx, true); // the search runs here, once, before the array
  const shards = Math.min(integerFlag("shards", values.shards, 1) ?? runs.length, runs.length);
  const out = await absolute(ctx.out);
  const scripts = await writeSlurmScripts({
    name: ctx.sweep.name,
    source: ctx.source.endsWith(".ts") ? await Deno.realPath(ctx.source) : ctx.source,
    repo,
    out,
    siteOut: await absolute(values["site-out"]),
    slurmDir: sweepPaths(out, ctx.sweep.name).slurmDir,
    deno: values.deno ?? Deno.execPath(),
    shards,
    arrayLimit: integerFlag("array-limit", values["array-limit"], 1),
    partition: values.partition,
    time: values.time,
    cpusPerTask: integerFlag("cpus-per-task", values["cpus-per-task"], 1),
    mem: values.mem,
    passOn: [...passOn(ctx), ...(values.resume ? ["--resume"] : [])],
  });
  console.log(
    `slurm: ${runs.length} runs in ${shards} array tasks\n  ${scripts.array}\n  ${scripts.merge}`,
  );
  if (!values.submit) {
    console.log(
      `submit with:\n  id=$(sbatch --parsable ${scripts.array})\n  sbatch --dependency=afterok:$id ${scripts.merge}`,
    );
    return 0;
  }
  const jobs = await submitSlurm(scripts);
  console.log(`submitted: array job ${jobs.array}, merge job ${jobs.merge}`);
  if (!values.wait) return 0;
  await waitForJobs(jobs);
  const statuses = await sweepStatus(out, sweepPaths(out, ctx.sweep.name), runs);
  console.log(formatStatus(ctx.sweep.name, statuses));
  await Deno.stat(sweepPaths(out, ctx.sweep.name).merged).catch(() => {
    throw new Error(
      `slurm: the merge job ended without writing sweep.json; see ${
        scripts.merge.replace(/merge\.sh$/, "logs/merge.log")
      }`,
    );
  });
  return statuses.every((s) => s.state === "done") ? 0 : 1;
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`error: ${message}`);
    if (error instanceof UsageError || /parseArgs|Unknown option|argument/.test(message)) {
      console.error("run with --help for usage");
      Deno.exit(2);
    }
    Deno.exit(1);
  }
}
