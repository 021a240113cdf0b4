/**
 * Versioned JSON artifacts: every JSON file nntopo writes names its schema.
 *
 * @module
 */

import { writeFileAtomic } from "./atomic.ts";

/** The kinds of JSON file nntopo writes; each is versioned `nntopo/<kind>@1`. */
export type ArtifactKind =
  | "manifest"
  | "history"
  | "barcode_data"
  | "barcode_evaluation"
  | "cycles"
  | "barcode"
  | "mapper"
  | "attribution"
  | "snapshot"
  | "filter_topology"
  | "filter_mapper"
  | "sweep"
  | "sweep_run"
  | "hyperparameters";

/**
 * The schema tag of an artifact kind.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { schemaOf } from "./json.ts";
 * assert.equal(schemaOf("history"), "nntopo/history@1");
 * ```
 */
export function schemaOf(kind: ArtifactKind): string {
  return `nntopo/${kind}@1`;
}

/**
 * Serialise `body` with its schema tag first, two-space indented, ending in a
 * newline. Non-finite numbers are refused: they have no JSON form, and a
 * silent `null` would hide a bug.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toArtifactJson } from "./json.ts";
 * assert.ok(toArtifactJson("history", { epochs: [] }).startsWith('{\n  "schema"'));
 * ```
 */
export function toArtifactJson(kind: ArtifactKind, body: Record<string, unknown>): string {
  return JSON.stringify({ schema: schemaOf(kind), ...body }, (key, value) => {
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw new RangeError(
        `${schemaOf(kind)}: field "${key}": expected a finite number, found ${value}`,
      );
    }
    return value;
  }, 2) + "\n";
}

/**
 * Write a versioned JSON artifact atomically.
 *
 * @example
 * ```ts
 * import { writeArtifactJson } from "./json.ts";
 * const dir = await Deno.makeTempDir();
 * await writeArtifactJson(`${dir}/history.json`, "history", { epochs: [] });
 * ```
 */
export async function writeArtifactJson(
  path: string,
  kind: ArtifactKind,
  body: Record<string, unknown>,
): Promise<void> {
  await writeFileAtomic(path, toArtifactJson(kind, body));
}

/**
 * Read a JSON artifact and check its schema tag; the error names the file,
 * what was expected and what was found.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readArtifactJson, writeArtifactJson } from "./json.ts";
 * const dir = await Deno.makeTempDir();
 * await writeArtifactJson(`${dir}/h.json`, "history", { epochs: [] });
 * const h = await readArtifactJson(`${dir}/h.json`, "history");
 * assert.ok(Array.isArray(h.epochs));
 * ```
 */
export async function readArtifactJson(
  path: string,
  kind: ArtifactKind,
): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await Deno.readTextFile(path));
  } catch (error) {
    throw new Error(`${path}: expected JSON of schema ${schemaOf(kind)}, found: ${error}`);
  }
  const found = (parsed as Record<string, unknown>)?.schema;
  if (found !== schemaOf(kind)) {
    throw new Error(
      `${path}: field "schema": expected "${schemaOf(kind)}", found ${JSON.stringify(found)}`,
    );
  }
  return parsed as Record<string, unknown>;
}
