/**
 * The sweeps of an artifacts root: every `sweeps/<name>/sweep.json`, with the
 * experiment page of each run found by its folder.
 *
 * @module
 */

import { readArtifactJson } from "../src/artifacts/json.ts";
import type { SweepFile, SweepRunRow } from "../src/artifacts/schema.ts";
import type { ExperimentModel } from "./data.ts";

/** One sweep page's model. */
export interface SweepModel {
  /** URL-safe name of the page's folder. */
  slug: string;
  name: string;
  title: string;
  description: string;
  /** The search's chosen configurations (experiment → network → values), or null. */
  search: SweepFile["search"];
  runs: SweepRunRow[];
  /**
   * `<run id>/<data amount part>` → the slug of the experiment page of that
   * run's networks at that amount (absent when the run's folder was not found).
   */
  pages: Record<string, string>;
}

/**
 * Read every sweep under `root`; `experiments` are the site's experiment pages.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadSweeps } from "./sweeps.ts";
 * assert.deepEqual(await loadSweeps(await Deno.makeTempDir(), []), []);
 * ```
 */
export async function loadSweeps(
  root: string,
  experiments: ExperimentModel[],
): Promise<SweepModel[]> {
  const dir = `${root.replace(/\/+$/, "")}/sweeps`;
  let names: string[];
  try {
    names = (await Array.fromAsync(Deno.readDir(dir)))
      .filter((e) => e.isDirectory && !e.name.startsWith("."))
      .map((e) => e.name)
      .sort();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  // A run's folder has one page, or one page per data amount.
  const byFolder = new Map(
    experiments.map((e) => [`${e.folder}/${e.dataAmount?.part ?? ""}`, e.slug]),
  );
  const sweeps: SweepModel[] = [];
  for (const name of names) {
    const path = `${dir}/${name}/sweep.json`;
    try {
      await Deno.stat(path);
    } catch {
      continue; // not merged yet
    }
    const file = await readArtifactJson(path, "sweep");
    const runs: SweepRunRow[] = file.runs;
    const pages: Record<string, string> = {};
    for (const run of runs) {
      for (const part of new Set(run.networks.map((n) => n.dataAmount.part))) {
        const slug = byFolder.get(`${run.dir}/${part}`) ?? byFolder.get(`${run.dir}/`);
        if (slug) pages[`${run.id}/${part}`] = slug;
      }
    }
    sweeps.push({
      slug: name.replace(/[^A-Za-z0-9_.-]/g, "-"),
      name: file.sweep,
      title: file.title,
      description: file.description,
      search: file.search,
      runs,
      pages,
    });
  }
  return sweeps;
}
