/**
 * `deno task experiment [name…] [--epochs N] [--points N] [--seed S] [--out DIR] [--resume] [--workers N] [--quiet]`
 *
 * Runs experiments (default: the spheres study of the concentric-spheres course report) into the artifacts
 * root, prints a summary table, then builds the report site from that root.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { fileURLToPath as fromFileUrl } from "node:url";
import { dirname, resolve } from "node:path";
import { pathToFileURL as toFileUrl } from "node:url";
import {
  applyOverrides,
  type ExperimentSpec,
  SpecError,
  type SpecOverrides,
  validateSpec,
} from "../experiment/spec.ts";
import { describeValue } from "../data/describe_value.ts";
import { type ExperimentResult, runExperiment } from "../experiment/run.ts";
import { progressBar } from "./progress.ts";
import { formatSummary } from "./summary.ts";
import { SITE_MARKER } from "../../site/build.ts";
import { buildAndReportSite, runMain, UsageError } from "./entry.ts";

const USAGE = `usage: deno task experiment [name…] [options]

Runs the named experiments (files experiments/<name>.ts; default: spheres), or
spec files named by path (a name with a "/" or ending in .ts).

options:
  --epochs N     train N epochs (snapshots past N dropped, N always snapshotted)
  --points N     at most N points per barcode (maxmin landmarks above; default 1000)
  --seed S       the seed behind all randomness (default: the spec's, 0)
  --data-amount n/N
                 train on part n of N of the training set (the repo-layout source's DataAmount<n>)
  --out DIR      artifacts root (default results/)
  --resume       keep completed snapshots of an interrupted run, redo the rest
                 (every kept file is checked against its recorded sha256)
  --workers N    threads computing barcodes (default: the number of cores, at most 8;
                 0 = the main thread); the artifacts are the same bytes
  --no-site      do not build the report site afterwards
  --site-out DIR where the site goes (default _site/)
  --quiet        no progress bars
  -h, --help     this text`;

/** A command-line mistake: printed with the usage hint, exit code 2. */

const experimentsDir = fromFileUrl(new URL("../../experiments/", import.meta.url));

async function availableExperiments(): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(experimentsDir)) {
    if (entry.isFile && entry.name.endsWith(".ts")) names.push(entry.name.slice(0, -3));
  }
  return names.sort();
}

/** A spec file named on the command line: a path (with a "/" or ending in .ts), or a name in experiments/. */
function isSpecPath(name: string): boolean {
  return name.includes("/") || name.endsWith(".ts");
}

async function loadSpec(name: string): Promise<{ spec: unknown; source: string }> {
  let url: string, source: string;
  if (isSpecPath(name)) {
    const path = resolve(name);
    try {
      if (!(await Deno.stat(path)).isFile) throw new Error("not a file");
    } catch (error) {
      throw new UsageError(
        `expected an experiment spec file, found "${name}" (${(error as Error).message})`,
      );
    }
    url = toFileUrl(path).href;
    source = name;
  } else {
    const available = await availableExperiments();
    if (!available.includes(name)) {
      throw new UsageError(
        `unknown experiment "${name}": expected one of ${
          available.join(", ")
        } (files in experiments/), or the path of a spec file`,
      );
    }
    url = `file://${experimentsDir}${name}.ts`;
    source = `experiments/${name}.ts`;
  }
  const module = await import(url);
  if (typeof module.default !== "object" || module.default === null) {
    throw new SpecError(
      `${source}: expected a default export of an experiment spec, found ${
        describeValue(module.default)
      }`,
    );
  }
  return { spec: module.default, source };
}

/**
 * Check a spec as written, then with the command-line overrides applied
 * (which assume a well-formed spec): errors name `source` and the field.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkedSpec } from "./experiment.ts";
 * import spheres from "../../experiments/spheres.ts";
 * assert.equal(checkedSpec(spheres, "experiments/spheres.ts", { epochs: 2 }).epochs, 2);
 * const { snapshots: _, ...noSnapshots } = spheres;
 * assert.throws(() => checkedSpec(noSnapshots, "x.ts", { epochs: 2 }), /x\.ts: field "snapshots"/);
 * ```
 */
export function checkedSpec(
  spec: unknown,
  source: string,
  overrides: SpecOverrides,
): ExperimentSpec {
  validateSpec(spec as ExperimentSpec, source);
  const applied = applyOverrides(spec as ExperimentSpec, overrides);
  validateSpec(applied, `${source} with the command-line options`);
  return applied;
}

function integerFlag(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`--${name}: expected an integer ≥ ${min}, found "${value}"`);
  }
  return n;
}

function dataAmountFlag(value: string | undefined): { part: number; parts: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const part = Number(match?.[1]), parts = Number(match?.[2]);
  if (!match || part < 1 || parts < 1 || part > parts) {
    throw new UsageError(
      `--data-amount: expected n/N with 1 ≤ n ≤ N (train on part n of N), found "${value}"`,
    );
  }
  return { part, parts };
}

async function probeWrite(dir: string): Promise<void> {
  const probe = `${dir}/.nntopo-write-test-${Deno.pid}`;
  await Deno.writeTextFile(probe, "");
  await Deno.remove(probe);
}

async function assertWritable(dir: string): Promise<void> {
  try {
    await Deno.mkdir(dir, { recursive: true });
    await probeWrite(dir);
  } catch (error) {
    throw new UsageError(
      `--out: expected a writable directory, found "${dir}" (${(error as Error).message})`,
    );
  }
}

/**
 * `--site-out` is checked before the run, creating nothing: an empty folder,
 * a site built before, or a new folder under a writable one.
 */
async function assertSiteOut(dir: string): Promise<void> {
  const refuse = (why: string): never => {
    throw new UsageError(
      `--site-out: expected an empty or new folder, or a site built before, found "${dir}" (${why})`,
    );
  };
  let at = resolve(dir);
  try {
    const entries = await Array.fromAsync(Deno.readDir(at));
    if (entries.length > 0 && !entries.some((e) => e.name === SITE_MARKER)) {
      refuse(`${entries.length} entries and no ${SITE_MARKER}`);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (!(error instanceof Deno.errors.NotFound)) refuse((error as Error).message);
    // A new folder: its nearest existing ancestor must be a writable folder.
    while (!(await Deno.stat(at).then(() => true, () => false))) at = dirname(at);
    if (!(await Deno.stat(at)).isDirectory) refuse(`${at} is not a folder`);
  }
  await probeWrite(at).catch((error) => refuse(`${at}: ${(error as Error).message}`));
}

/** Run one experiment with progress bars (none under --quiet). */
async function runOne(
  spec: ExperimentSpec,
  options: { out: string; workers?: number; resume: boolean; quiet: boolean },
): Promise<ExperimentResult> {
  const bars = new Map<string, ReturnType<typeof progressBar>>();
  const finished = new Set<string>();
  return await runExperiment(spec, {
    out: options.out,
    resume: options.resume,
    workers: options.workers,
    onNotice: (message) => console.error(`${spec.name}: ${message}`),
    onProgress(event) {
      const key = `${event.network} ${event.stage}`;
      let bar = bars.get(key);
      if (!bar) {
        bar = progressBar(key, event.total, { quiet: options.quiet });
        bars.set(key, bar);
      }
      if (finished.has(key)) return;
      if (event.done >= event.total) {
        finished.add(key);
        bar.finish(event.status);
      } else bar.update(event.done, event.status);
    },
  });
}

async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      epochs: { type: "string" },
      points: { type: "string" },
      seed: { type: "string" },
      "data-amount": { type: "string" },
      workers: { type: "string" },
      out: { type: "string", default: "results" },
      resume: { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      "no-site": { type: "boolean", default: false },
      "site-out": { type: "string", default: "_site" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const overrides = {
    epochs: integerFlag("epochs", values.epochs, 0),
    points: integerFlag("points", values.points, 2),
    seed: integerFlag("seed", values.seed, 0),
    dataAmount: dataAmountFlag(values["data-amount"]),
  };
  const names = positionals.length > 0 ? positionals : ["spheres"];
  // Every spec is loaded and checked before anything is written.
  const specs: ExperimentSpec[] = [];
  for (const name of names) {
    const { spec, source } = await loadSpec(name);
    specs.push(checkedSpec(spec, source, overrides));
  }
  const workers = integerFlag("workers", values.workers, 0);
  const out = values.out.replace(/\/+$/, "") || ".";
  if (!values["no-site"]) await assertSiteOut(values["site-out"]);
  await assertWritable(out);

  const results: ExperimentResult[] = [];
  try {
    for (const spec of specs) results.push(await runOne(spec, { ...values, out, workers }));
  } catch (error) {
    // The experiments that finished are reported before the error.
    if (results.length > 0) console.log(formatSummary(results));
    throw error;
  }
  console.log(formatSummary(results));
  if (!values["no-site"]) {
    await buildAndReportSite(out, values["site-out"]);
  }
  return 0;
}

if (import.meta.main) await runMain(main);
