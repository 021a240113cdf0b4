/**
 * A sweep's plan: the search's chosen configurations (computed once, then
 * read back from `hyperparameters.json`), the runs they expand to, shards of
 * them, and where each run stands.
 *
 * @module
 */

import { readArtifactJson, writeArtifactJson } from "../artifacts/json.ts";
import {
  expandSweep,
  type HyperparameterConfig,
  type SweepOverrides,
  type SweepRun,
  type SweepSpec,
} from "./spec.ts";
import { type NetworkSearch, searchExperiment, type SearchOptions } from "./search.ts";
import type { SweepPaths } from "./layout.ts";
import { type RunStatus, runStatus } from "./records.ts";

/** Chosen configurations: experiment → network → configuration. */
export type ChosenConfigs = Record<string, Record<string, HyperparameterConfig>>;

/**
 * The search's chosen configurations: read from `hyperparameters.json` when it
 * was written for the same search and `--epochs`, computed and written
 * otherwise; undefined for a sweep without a search.
 */
export async function ensureSearch(
  sweep: SweepSpec,
  paths: SweepPaths,
  options: { overrides?: SweepOverrides } & SearchOptions = {},
): Promise<ChosenConfigs | undefined> {
  const search = sweep.search;
  if (!search) return undefined;
  const maxEpochs = options.overrides?.epochs;
  const key = JSON.stringify({ search, maxEpochs: maxEpochs ?? null });
  try {
    const saved = await readArtifactJson(paths.search, "hyperparameters");
    if (JSON.stringify({ search: saved.search, maxEpochs: saved.maxEpochs }) === key) {
      return chosenOf(saved.experiments);
    }
  } catch {
    // none yet, or another search: compute it
  }
  const experiments: Record<string, Record<string, NetworkSearch>> = {};
  for (const spec of sweep.experiments) {
    experiments[spec.name] = await searchExperiment(spec, search, { ...options, maxEpochs });
  }
  await writeArtifactJson(paths.search, "hyperparameters", {
    sweep: sweep.name,
    search,
    maxEpochs: maxEpochs ?? null,
    experiments,
  });
  return chosenOf(experiments);
}

function chosenOf(
  experiments: Record<string, Record<string, { chosen: HyperparameterConfig }>>,
): ChosenConfigs {
  return Object.fromEntries(
    Object.entries(experiments).map(([e, nets]) => [
      e,
      Object.fromEntries(Object.entries(nets).map(([n, s]) => [n, s.chosen])),
    ]),
  );
}

/** The runs of a sweep with the chosen configurations applied. */
export function planRuns(
  sweep: SweepSpec,
  chosen: ChosenConfigs | undefined,
  overrides: SweepOverrides,
): SweepRun[] {
  return expandSweep(sweep, { overrides, chosen });
}

/**
 * Shard `i` of `k` (0 ≤ i < k): the runs whose index is i modulo k, so every
 * shard gets a similar mix of experiments and data amounts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shard } from "./plan.ts";
 * const runs = [0, 1, 2, 3, 4].map((index) => ({ index }));
 * assert.deepEqual(shard(runs, 1, 2).map((r) => r.index), [1, 3]);
 * assert.deepEqual(shard(runs, 0, 1).map((r) => r.index), [0, 1, 2, 3, 4]);
 * ```
 */
export function shard<T extends { index: number }>(runs: T[], i: number, k: number): T[] {
  if (!(Number.isInteger(k) && k >= 1 && Number.isInteger(i) && i >= 0 && i < k)) {
    throw new RangeError(`--shard: expected i/K with 0 ≤ i < K, found ${i}/${k}`);
  }
  return runs.filter((r) => r.index % k === i);
}

/** Every run's state, in run order. */
export async function sweepStatus(
  out: string,
  paths: SweepPaths,
  runs: SweepRun[],
): Promise<RunStatus[]> {
  const statuses: RunStatus[] = [];
  for (const run of runs) statuses.push(await runStatus(out, paths, run));
  return statuses;
}

/**
 * A status report: counts, then one line per run not done.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatStatus } from "./plan.ts";
 * const text = formatStatus("s", [{ run: { id: "a" }, state: "done" }, { run: { id: "b" }, state: "failed", note: "boom" }] as never);
 * assert.match(text, /1 done, 0 pending, 1 failed/);
 * assert.match(text, /failed +b: boom/);
 * ```
 */
export function formatStatus(name: string, statuses: RunStatus[]): string {
  const count = (s: string) => statuses.filter((x) => x.state === s).length;
  const lines = [
    `sweep ${name}: ${statuses.length} runs: ${count("done")} done, ${count("pending")} pending, ${
      count("failed")
    } failed`,
  ];
  for (const s of statuses) {
    if (s.state !== "done") {
      lines.push(`  ${s.state.padEnd(8)} ${s.run.id}${s.note ? `: ${s.note}` : ""}`);
    }
  }
  return lines.join("\n");
}
