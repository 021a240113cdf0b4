/**
 * The last file of an experiment folder: `manifest.json`, with the hash of
 * every other (non-hidden) file, the versions and the timings.
 *
 * @module
 */

import { writeArtifactJson } from "../artifacts/json.ts";
import { hashTree } from "../artifacts/hash.ts";
import { manifestPath } from "../artifacts/layout.ts";
import type { ManifestFile } from "../artifacts/schema.ts";
import { versions } from "./versions.ts";
import type { ExperimentSpec } from "./spec.ts";

/** What a run supplies to its manifest; the spec's names, versions, time and file hashes are added. */
export interface ManifestInput {
  /** The experiment spec as run (an import's too): its names, dataset and seed head the manifest. */
  spec: ExperimentSpec;
  /** Each network, as the manifest lists it. */
  networks: ManifestFile["networks"];
  /** Seconds per stage (rounded to ms here; `hashing` is added). */
  timings: Record<string, number>;
  /** For an import: the dumps it read. */
  source?: ManifestFile["source"];
}

/**
 * Hash the folder's files and write its manifest (timings rounded to ms,
 * `hashing` added).
 *
 * @example
 * ```ts
 * import { writeManifest } from "./manifest.ts";
 * import spheres from "../../experiments/spheres.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "a");
 * await writeManifest(dir, { spec: spheres, networks: [], timings: {} });
 * const manifest = JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`));
 * assert.deepEqual(Object.keys(manifest.files), ["a.txt"]);
 * assert.equal(manifest.experiment, spheres.name);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeManifest(dir: string, input: ManifestInput): Promise<void> {
  const { spec } = input;
  const t = performance.now();
  // Hidden entries (resume state) are not hashed.
  const files = await hashTree(dir, (p) => p === "manifest.json");
  const timings = { ...input.timings, hashing: (performance.now() - t) / 1000 };
  await writeArtifactJson(manifestPath(dir), "manifest", {
    experiment: spec.name,
    title: spec.title,
    description: spec.description,
    dataset: spec.dataset.name,
    seed: spec.seed,
    spec: JSON.parse(JSON.stringify(spec)),
    networks: input.networks,
    versions: versions(),
    timings: Object.fromEntries(
      Object.entries(timings).map(([k, v]) => [k, Math.round(v * 1000) / 1000]),
    ),
    createdAt: new Date().toISOString(),
    files,
    ...(input.source ? { source: input.source } : {}),
  });
}
