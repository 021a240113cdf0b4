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

/** The manifest fields a run supplies; versions, time and file hashes are added. */
export type ManifestFields = Omit<ManifestFile, "schema" | "versions" | "createdAt" | "files">;

/**
 * Hash the folder's files and write its manifest (timings rounded to ms,
 * `hashing` added).
 *
 * @example
 * ```ts
 * import { writeManifest } from "./manifest.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "a");
 * await writeManifest(dir, {
 *   experiment: "x", title: "", description: "", dataset: "d", seed: 0, spec: {},
 *   networks: [], timings: {},
 * });
 * const manifest = JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`));
 * assert.deepEqual(Object.keys(manifest.files), ["a.txt"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeManifest(dir: string, fields: ManifestFields): Promise<void> {
  const t = performance.now();
  // Hidden entries (resume state) are not hashed.
  const files = await hashTree(dir, (p) => p === "manifest.json");
  const timings = { ...fields.timings, hashing: (performance.now() - t) / 1000 };
  await writeArtifactJson(manifestPath(dir), "manifest", {
    ...fields,
    versions: versions(),
    timings: Object.fromEntries(
      Object.entries(timings).map(([k, v]) => [k, Math.round(v * 1000) / 1000]),
    ),
    createdAt: new Date().toISOString(),
    files,
  });
}
