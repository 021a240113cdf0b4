/**
 * `deno task analyze [NAME=]DIR … [--name EXP] [--points N] [--max-dim k] [--mapper] [--out DIR] [--no-site] [--site-out DIR]`
 *
 * Analyses activations dumped from networks trained elsewhere (PyTorch,
 * Keras, JAX; see docs/bring-your-own.md) with the experiment pipeline, side
 * by side, then builds the report site.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { analyzeDumps, type AnalyzeInput } from "../experiment/analyze.ts";
import { progressBar } from "./progress.ts";
import { buildAndReportSite, runMain, UsageError } from "./entry.ts";

const USAGE = `usage: deno task analyze [NAME=]DIR … [options]

Analyses each DIR (a network's dump: labels.npy, epoch<k>/layer<j>.npy, …; or a
tfjs model.json with inputs.npy and labels.npy; see docs/bring-your-own.md) with
the experiment pipeline and compares the networks side by side. NAME defaults to
the folder's name.

options:
  --name EXP       experiment name: the folder exp_<EXP> (default: the networks' names joined by -vs-)
  --dataset NAME   dataset folder name (default imported)
  --points N       at most N points per barcode (maxmin landmarks above; default 1000)
  --max-dim k      highest homology dimension (default 1)
  --mapper         Mapper, k-means and neuron attribution on the last snapshot (needs layer0)
  --seed S         seed of the landmarks and of Mapper (default 0)
  --out DIR        artifacts root (default results/)
  --workers N      threads computing barcodes (default: the number of cores, at most 8)
  --no-site        do not build the report site afterwards
  --site-out DIR   where the site goes (default _site/)
  --quiet          no progress bars
  -h, --help       this text`;

/** A command-line mistake: printed with the usage hint, exit code 2. */

function integerFlag(
  name: string,
  value: string | undefined,
  min: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`--${name}: expected an integer ≥ ${min}, found "${value}"`);
  }
  return n;
}

/** `NAME=DIR` or `DIR` (named after its last path component). */
function parseInput(arg: string): AnalyzeInput {
  const eq = arg.indexOf("=");
  const dir = (eq > 0 ? arg.slice(eq + 1) : arg).replace(/\/+$/, "") || "/";
  const name = eq > 0 ? arg.slice(0, eq) : dir.split("/").pop()!;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
    throw new UsageError(
      `"${arg}": expected NAME=DIR with a NAME of letters, digits, '-', '_' or '.', found "${name}"`,
    );
  }
  return { name, dir };
}

async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: "string" },
      dataset: { type: "string", default: "imported" },
      points: { type: "string" },
      "max-dim": { type: "string" },
      mapper: { type: "boolean", default: false },
      seed: { type: "string" },
      workers: { type: "string" },
      out: { type: "string", default: "results" },
      "no-site": { type: "boolean", default: false },
      "site-out": { type: "string", default: "_site" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError("expected at least one dump folder DIR");
  const inputs = positionals.map(parseInput);
  const name = values.name ?? inputs.map((i) => i.name).join("-vs-");
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
    throw new UsageError(`--name: expected letters, digits, '-', '_' or '.', found "${name}"`);
  }
  const out = values.out.replace(/\/+$/, "") || ".";
  const bars = new Map<string, ReturnType<typeof progressBar>>();
  const result = await analyzeDumps(inputs, {
    name,
    out,
    dataset: values.dataset,
    points: integerFlag("points", values.points, 2, 1000),
    maxDim: integerFlag("max-dim", values["max-dim"], 0, 1),
    mapper: values.mapper,
    seed: integerFlag("seed", values.seed, 0, 0),
    workers: values.workers === undefined
      ? undefined
      : integerFlag("workers", values.workers, 0, 0),
    onProgress(event) {
      const key = `${event.network} ${event.stage}`;
      let bar = bars.get(key);
      if (!bar) bars.set(key, bar = progressBar(key, event.total, { quiet: values.quiet }));
      if (event.done >= event.total) bar.finish(event.status);
      else bar.update(event.done, event.status);
    },
  });
  for (const net of result.networks) {
    console.log(
      `${net.name}: ${net.samples} samples, epochs ${net.epochs.join(", ")}, layers ${
        net.layers.join(", ")
      }: ${net.barcodes} barcodes in ${net.seconds.toFixed(1)} s`,
    );
  }
  console.log(`artifacts: ${result.dir}`);
  if (!values["no-site"]) {
    await buildAndReportSite(out, values["site-out"]);
  }
  return 0;
}

if (import.meta.main) await runMain(main);
