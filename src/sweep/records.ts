/**
 * Run records: what a finished (or failed) run leaves in `runs/<id>.json`,
 * and the check that a run recorded as done really is — its manifest has the
 * recorded hash and every file the manifest lists still has its hash.
 *
 * @module
 */

import {
  type ArtifactRecord,
  parseArtifactJson,
  readArtifactJson,
  writeArtifactJson,
} from "../artifacts/json.ts";
import { sha256Hex } from "../artifacts/hash.ts";
import { experimentDir, manifestPath } from "../artifacts/layout.ts";
import type { SweepRun } from "./spec.ts";
import type { SweepPaths } from "./layout.ts";

/** A run's record (`runs/<id>.json`, nntopo/sweep_run@1). */
export type RunRecord = ArtifactRecord<"sweep_run">;

/** The experiment folder a run writes. */
export function runDir(out: string, run: SweepRun): string {
  return experimentDir({ root: out, dataset: run.spec.dataset.name, experiment: run.spec.name });
}

/** Write a run's record atomically. */
export async function writeRunRecord(paths: SweepPaths, record: RunRecord): Promise<void> {
  await writeArtifactJson(paths.run(record.run), "sweep_run", record);
}

/** A run's record, or null when there is none. */
export async function readRunRecord(paths: SweepPaths, id: string): Promise<RunRecord | null> {
  try {
    await Deno.stat(paths.run(id));
  } catch {
    return null;
  }
  return await readArtifactJson(paths.run(id), "sweep_run");
}

/** Where a run stands. */
export type RunState = "done" | "failed" | "pending";

/** A run's state and, when a done record does not verify, why. */
export interface RunStatus {
  run: SweepRun;
  state: RunState;
  note?: string;
}

/**
 * A run's state: `done` only when its record says so and its files verify.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runStatus } from "./records.ts";
 * import { sweepPaths } from "./layout.ts";
 * import { expandSweep } from "./spec.ts";
 * import spheres from "../../experiments/spheres.ts";
 * const [run] = expandSweep({ name: "t", title: "", description: "", experiments: [spheres] });
 * const out = await Deno.makeTempDir();
 * assert.equal((await runStatus(out, sweepPaths(out, "t"), run)).state, "pending");
 * ```
 */
export async function runStatus(out: string, paths: SweepPaths, run: SweepRun): Promise<RunStatus> {
  const record = await readRunRecord(paths, run.id);
  if (!record) return { run, state: "pending" };
  if (record.status === "failed") return { run, state: "failed", note: record.error };
  const problem = await verifyRun(runDir(out, run), record.manifest ?? "");
  return problem ? { run, state: "pending", note: problem } : { run, state: "done" };
}

/** Null when the folder matches its manifest and the manifest its hash; else what differs. */
async function verifyRun(dir: string, manifestHash: string): Promise<string | null> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(manifestPath(dir));
  } catch {
    return `${manifestPath(dir)} missing`;
  }
  if (await sha256Hex(bytes) !== manifestHash) return `${manifestPath(dir)} changed`;
  let files: Record<string, string>;
  try {
    files = parseArtifactJson(new TextDecoder().decode(bytes), manifestPath(dir), "manifest").files;
  } catch (e) {
    return (e as Error).message;
  }
  for (const [path, hash] of Object.entries(files)) {
    try {
      if (await sha256Hex(await Deno.readFile(`${dir}/${path}`)) !== hash) {
        return `${dir}/${path}: hash differs from the manifest's`;
      }
    } catch {
      return `${dir}/${path}: missing`;
    }
  }
  return null;
}

/** The hash a done record stores. */
export async function manifestHash(out: string, run: SweepRun): Promise<string> {
  return await sha256Hex(await Deno.readFile(manifestPath(runDir(out, run))));
}
