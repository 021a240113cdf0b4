/**
 * Where a sweep's own files live, beside the runs' experiment folders:
 *
 * ```
 * <out>/sweeps/<name>/
 *   sweep.json              the merged results (deterministic: no timings)
 *   hyperparameters.json    the search: every candidate and the chosen configuration
 *   runs/<run id>.json      one record per finished or failed run (status, time, hash)
 *   logs/<run id>.log       a run's output when run by the process pool
 *   slurm/array.sh, merge.sh, logs/
 * ```
 *
 * @module
 */

/** The paths of one sweep's own files. */
export interface SweepPaths {
  dir: string;
  merged: string;
  search: string;
  runsDir: string;
  run: (id: string) => string;
  log: (id: string) => string;
  slurmDir: string;
}

/**
 * The paths of sweep `name` under the artifacts root `out`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sweepPaths } from "./layout.ts";
 * const p = sweepPaths("results", "data-amount");
 * assert.equal(p.merged, "results/sweeps/data-amount/sweep.json");
 * assert.equal(p.run("x"), "results/sweeps/data-amount/runs/x.json");
 * ```
 */
export function sweepPaths(out: string, name: string): SweepPaths {
  const dir = `${out}/sweeps/${name}`;
  return {
    dir,
    merged: `${dir}/sweep.json`,
    search: `${dir}/hyperparameters.json`,
    runsDir: `${dir}/runs`,
    run: (id) => `${dir}/runs/${id}.json`,
    log: (id) => `${dir}/logs/${id}.log`,
    slurmDir: `${dir}/slurm`,
  };
}
