/**
 * Reading and writing the JSON artifacts through their schemas
 * (src/artifacts/schemas): a writer's record is checked before a byte is
 * written, a reader's file before it is used, and either error names the
 * file, the JSON path, what was expected and what was found.
 *
 * @module
 */

import type { z } from "zod";
import { writeFileAtomic } from "./atomic.ts";
import {
  ARTIFACT_SCHEMAS,
  type ArtifactFile,
  type ArtifactKind,
  type ArtifactRecord,
  schemaId,
} from "./schemas/mod.ts";

export {
  ARTIFACT_KINDS,
  ARTIFACT_SCHEMAS,
  type ArtifactFile,
  type ArtifactKind,
  type ArtifactRecord,
  schemaId,
} from "./schemas/mod.ts";

/**
 * An artifact that does not match its schema: `file` (or the record's
 * description), the JSON path of the first mismatch, and the message
 * `<file>: <path>: expected …, found …`.
 */
export class ArtifactError extends Error {
  /** The file (or, for a record not yet written, what it was for). */
  readonly file: string;
  /** JSONPath of the first mismatch, e.g. `$.epochs["0"].layers["1"].all.threshold`. */
  readonly jsonPath: string;
  constructor(file: string, jsonPath: string, detail: string) {
    super(`${file}: ${jsonPath}: ${detail}`);
    this.name = "ArtifactError";
    this.file = file;
    this.jsonPath = jsonPath;
  }
}

/**
 * JSONPath of a zod issue path: `$.a.b[0]["1"]`.
 *
 * @example
 * ```ts
 * import { jsonPath } from "./json.ts";
 * import assert from "node:assert/strict";
 * assert.equal(jsonPath(["epochs", "0", "layers", 2, "all"]), '$.epochs["0"].layers[2].all');
 * ```
 */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  return "$" +
    path.map((key) =>
      typeof key === "number"
        ? `[${key}]`
        : /^[A-Za-z_$][\w$]*$/.test(String(key))
        ? `.${String(key)}`
        : `[${JSON.stringify(String(key))}]`
    ).join("");
}

/** A short account of a JSON value: its JSON (cut at 80 characters) and type. */
function found(value: unknown): string {
  if (value === undefined) return "nothing (the key is missing)";
  const text = JSON.stringify(value) ?? String(value);
  const shown = text.length > 80 ? `${text.slice(0, 77)}…` : text;
  const type = value === null
    ? "null"
    : Array.isArray(value)
    ? "an array"
    : typeof value === "object"
    ? "an object"
    : `a ${typeof value}`;
  return `${shown} (${type})`;
}

/** "expected …, found …" for one zod issue, and the path it is at. */
function describeIssue(issue: z.core.$ZodIssue): { path: PropertyKey[]; detail: string } {
  const path = [...issue.path];
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "invalid_type":
      return { path, detail: `expected ${issue.expected}, found ${found(input)}` };
    case "invalid_value":
      return {
        path,
        detail: `expected ${issue.values.map((v) => JSON.stringify(v)).join(" or ")}, found ${
          found(input)
        }`,
      };
    case "unrecognized_keys":
      return {
        path: [...path, issue.keys[0]],
        detail: `expected no such key (the schema has none of ${
          issue.keys.map((k) => JSON.stringify(k)).join(", ")
        }), found ${found((input as Record<string, unknown>)?.[issue.keys[0]])}`,
      };
    case "invalid_key":
      return {
        path,
        detail: `expected a key that is ${
          issue.issues.map((i) => i.message).join("; ")
        }, found key ${found(input)}`,
      };
    case "invalid_union": {
      const options = issue.errors.map((branch) =>
        branch.map((i) => i.code === "invalid_type" ? i.expected : i.message).join(" and ")
      );
      return { path, detail: `expected ${options.join(" or ")}, found ${found(input)}` };
    }
    default:
      return {
        path,
        detail: `expected ${issue.message.replace(/^[^:]*: expected /, "")}, found ${found(input)}`,
      };
  }
}

/**
 * Check `value` against the schema of `kind`; returns it typed, or throws an
 * {@linkcode ArtifactError} naming `file` and the first mismatch.
 *
 * @example
 * ```ts
 * import { checkArtifact } from "./json.ts";
 * import assert from "node:assert/strict";
 * const ok = checkArtifact("history", { schema: "nntopo/history@1", network: "n", epochs: [] }, "h.json");
 * assert.equal(ok.network, "n");
 * assert.throws(
 *   () => checkArtifact("history", { schema: "nntopo/history@1", network: 3, epochs: [] }, "h.json"),
 *   /h\.json: \$\.network: expected string, found 3 \(a number\)/,
 * );
 * ```
 */
export function checkArtifact<K extends ArtifactKind>(
  kind: K,
  value: unknown,
  file: string,
): ArtifactFile<K> {
  const tag = (value as { schema?: unknown } | null)?.schema;
  if (tag !== schemaId(kind)) {
    // Another kind, or another version: its fields would all be reported.
    throw new ArtifactError(file, "$.schema", `expected "${schemaId(kind)}", found ${found(tag)}`);
  }
  const schema: z.ZodType = ARTIFACT_SCHEMAS[kind];
  return checkJson(schema, value, { file, published: kind }) as ArtifactFile<K>;
}

/**
 * Check `value` against any zod schema; returns it typed, or throws an
 * {@linkcode ArtifactError} naming `options.file`, the JSON path of the first
 * mismatch and the published schema (`docs/schemas/<published>.json`).
 *
 * @example
 * ```ts
 * import { checkJson } from "./json.ts";
 * import { z } from "zod";
 * import assert from "node:assert/strict";
 * const schema = z.object({ n: z.number() });
 * assert.equal(checkJson(schema, { n: 1 }, { file: "f.json", published: "x" }).n, 1);
 * assert.throws(() => checkJson(schema, {}, { file: "f.json", published: "x" }), /f\.json: \$\.n: expected number/);
 * ```
 */
export function checkJson<S extends z.ZodType>(
  schema: S,
  value: unknown,
  options: { file: string; published: string },
): z.infer<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) {
    const { path, detail } = describeIssue(result.error.issues[0]);
    const more = result.error.issues.length - 1;
    throw new ArtifactError(
      options.file,
      jsonPath(path),
      `${detail}${more > 0 ? ` (and ${more} more mismatch${more > 1 ? "es" : ""})` : ""}` +
        ` [schema docs/schemas/${options.published}.json]`,
    );
  }
  // The value as read, not zod's copy: zod rebuilds objects in schema key
  // order, and readers (the site's spec listing, say) show the file's order.
  return value as z.infer<S>;
}

/**
 * The JSON text of a record of `kind`: checked against the schema, its
 * `schema` tag first, two-space indented, ending in a newline. `where` names
 * the record in errors (default: the kind).
 *
 * @example
 * ```ts
 * import { toArtifactJson } from "./json.ts";
 * import assert from "node:assert/strict";
 * const text = toArtifactJson("history", { network: "n", epochs: [] });
 * assert.ok(text.startsWith('{\n  "schema": "nntopo/history@1"'));
 * ```
 */
export function toArtifactJson<K extends ArtifactKind>(
  kind: K,
  record: ArtifactRecord<K>,
  where = `${kind} record`,
): string {
  const file = { schema: schemaId(kind), ...record };
  checkArtifact(kind, file, where);
  return JSON.stringify(file, null, 2) + "\n";
}

/**
 * Write a record of `kind` to `path` atomically, after checking it against
 * the kind's schema (a record that does not match is never written).
 *
 * @example
 * ```ts
 * import { writeArtifactJson } from "./json.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await writeArtifactJson(`${dir}/history.json`, "history", { network: "n", epochs: [] });
 * assert.match(await Deno.readTextFile(`${dir}/history.json`), /nntopo\/history@1/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeArtifactJson<K extends ArtifactKind>(
  path: string,
  kind: K,
  record: ArtifactRecord<K>,
): Promise<void> {
  await writeFileAtomic(path, toArtifactJson(kind, record, path));
}

/**
 * Read a JSON artifact of `kind` and check it against the kind's schema; the
 * error names the file, the JSON path, what was expected and what was found.
 *
 * @example
 * ```ts
 * import { readArtifactJson, writeArtifactJson } from "./json.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await writeArtifactJson(`${dir}/h.json`, "history", { network: "n", epochs: [] });
 * assert.deepEqual((await readArtifactJson(`${dir}/h.json`, "history")).epochs, []);
 * await Deno.writeTextFile(`${dir}/h.json`, '{ "schema": "nntopo/history@1", "network": "n" }');
 * await assert.rejects(readArtifactJson(`${dir}/h.json`, "history"), /\$\.epochs: expected array/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readArtifactJson<K extends ArtifactKind>(
  path: string,
  kind: K,
): Promise<ArtifactFile<K>> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw notJson(path, kind, error);
  }
  return parseArtifactJson(text, path, kind);
}

/**
 * Parse and check the text of an artifact already read (to hash the same
 * bytes, say); `file` names it in errors.
 *
 * @example
 * ```ts
 * import { parseArtifactJson } from "./json.ts";
 * import assert from "node:assert/strict";
 * const h = parseArtifactJson('{"schema":"nntopo/history@1","network":"n","epochs":[]}', "h.json", "history");
 * assert.equal(h.network, "n");
 * assert.throws(() => parseArtifactJson("{", "h.json", "history"), /h\.json: \$: expected JSON/);
 * ```
 */
export function parseArtifactJson<K extends ArtifactKind>(
  text: string,
  file: string,
  kind: K,
): ArtifactFile<K> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw notJson(file, kind, error);
  }
  return checkArtifact(kind, parsed, file);
}

/** A file that could not be read, or is not JSON. */
function notJson(file: string, kind: ArtifactKind, error: unknown): ArtifactError {
  return new ArtifactError(
    file,
    "$",
    `expected JSON of schema ${schemaId(kind)}, found: ${(error as Error).message}`,
  );
}
