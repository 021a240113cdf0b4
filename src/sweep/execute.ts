/**
 * Running a sweep's runs on a pool of child processes (`--jobs N`), each
 * running one run through the same runner in a fresh process.
 * Every run leaves a record; a failed run is recorded and the others go on.
 *
 * @module
 */

import { runExperiment } from "../experiment/run.ts";
import type { SweepRun } from "./spec.ts";
import type { SweepPaths } from "./layout.ts";
import { manifestHash, readRunRecord, type RunRecord, writeRunRecord } from "./records.ts";

/** How runs execute. */
export interface ExecuteOptions {
  /** The artifacts root. */
  out: string;
  paths: SweepPaths;
  /** Threads per run computing barcodes (the runner's `workers`). */
  workers?: number;
  /** Keep the completed snapshots of an interrupted run. */
  resume?: boolean;
}

/**
 * Run one run in this process and record how it ended.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runOne } from "./execute.ts";
 * import { expandSweep } from "./spec.ts";
 * import { sweepPaths } from "./layout.ts";
 * import spheres from "../../experiments/spheres.ts";
 * const small = { ...spheres, dataset: { ...spheres.dataset, source: { kind: "concentric-spheres" as const, n: 40 } } };
 * const [run] = expandSweep({ name: "t", title: "", description: "", experiments: [small] }, { overrides: { epochs: 1, points: 20 } });
 * const out = await Deno.makeTempDir();
 * const record = await runOne(run, { out, paths: sweepPaths(out, "t"), workers: 0 });
 * assert.equal(record.status, "done");
 * ```
 */
export async function runOne(run: SweepRun, options: ExecuteOptions): Promise<RunRecord> {
  const start = performance.now();
  const seconds = () => Math.round(performance.now() - start) / 1000;
  let record: RunRecord;
  try {
    await runExperiment(run.spec, {
      out: options.out,
      workers: options.workers,
      resume: options.resume,
    });
    record = {
      run: run.id,
      status: "done",
      seconds: seconds(),
      manifest: await manifestHash(options.out, run),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    record = { run: run.id, status: "failed", seconds: seconds(), error: message };
  }
  await writeRunRecord(options.paths, record);
  return record;
}

/** Options of {@linkcode runPool}. */
export interface PoolOptions extends ExecuteOptions {
  /** Child processes at once. */
  jobs: number;
  /** The command-line arguments of a child that runs exactly `run` (after `deno`). */
  childArgs: (run: SweepRun) => string[];
  /** After each run. */
  onRun?: (record: RunRecord, done: number, total: number) => void;
}

/**
 * Run `runs` on `jobs` child processes, one fresh process per run, also for
 * one job: tfjs numbers its variables per process, so a run sharing a process
 * with earlier runs would save differently named optimizer weights in its
 * model files. A child's output goes to the run's log file. Returns the
 * records in run order.
 */
export async function runPool(runs: SweepRun[], options: PoolOptions): Promise<RunRecord[]> {
  const records: RunRecord[] = new Array(runs.length);
  let next = 0, done = 0;
  const worker = async () => {
    while (next < runs.length) {
      const i = next++;
      // A record left by an earlier attempt must not stand for this one.
      await Deno.remove(options.paths.run(runs[i].id)).catch(() => {});
      records[i] = await runChild(runs[i], options);
      options.onRun?.(records[i], ++done, runs.length);
    }
  };
  const lanes = Math.max(1, Math.min(options.jobs, runs.length));
  await Promise.all(Array.from({ length: lanes }, worker));
  return records;
}

async function runChild(run: SweepRun, options: PoolOptions): Promise<RunRecord> {
  const start = performance.now();
  const log = options.paths.log(run.id);
  await Deno.mkdir(log.slice(0, log.lastIndexOf("/")), { recursive: true });
  const output = await new Deno.Command(Deno.execPath(), {
    args: options.childArgs(run),
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  await Deno.writeTextFile(log, decoder.decode(output.stdout) + decoder.decode(output.stderr));
  const record = await readRunRecord(options.paths, run.id);
  if (output.success && record) return record;
  const failed: RunRecord = record?.status === "failed" ? record : {
    run: run.id,
    status: "failed",
    seconds: Math.round(performance.now() - start) / 1000,
    error: `child process exited with code ${output.code}; see ${log}`,
  };
  await writeRunRecord(options.paths, failed);
  return failed;
}
