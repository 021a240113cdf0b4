/**
 * `deno task schemas [--check] [--out DIR]`: write the JSON Schema of every
 * artifact kind to `docs/schemas/<kind>.json` (zod's own export of the
 * schemas in src/artifacts/schemas), so that Python and other users can
 * validate nntopo's files. `--check` writes nothing and exits 1 when a
 * published schema is missing, stale or no longer a kind.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { jsonSchemaOf, PUBLISHED_SCHEMAS, type PublishedSchema } from "../artifacts/schemas/mod.ts";
import { writeFileAtomic } from "../artifacts/atomic.ts";

/** Where the schemas are published in the repository. */
export const SCHEMAS_DIR = fileURLToPath(new URL("../../docs/schemas", import.meta.url));

/**
 * The published text of a kind's JSON Schema.
 *
 * @example
 * ```ts
 * import { schemaText } from "./schemas.ts";
 * import assert from "node:assert/strict";
 * assert.equal(JSON.parse(schemaText("manifest")).title, "nntopo/manifest@1");
 * ```
 */
export function schemaText(kind: PublishedSchema): string {
  return JSON.stringify(jsonSchemaOf(kind), null, 2) + "\n";
}

/**
 * The differences between `dir` and the schemas of the code: one line per
 * missing, stale or extra file (none when up to date).
 *
 * @example
 * ```ts
 * import { schemaDrift } from "./schemas.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * assert.ok((await schemaDrift(dir)).some((line) => line.includes("manifest.json: missing")));
 * await Deno.remove(dir);
 * ```
 */
export async function schemaDrift(dir: string): Promise<string[]> {
  const drift: string[] = [];
  for (const kind of PUBLISHED_SCHEMAS) {
    const path = `${dir}/${kind}.json`;
    const text = await Deno.readTextFile(path).catch(() => null);
    if (text === null) drift.push(`${path}: missing`);
    else if (text !== schemaText(kind)) drift.push(`${path}: stale (differs from the zod schema)`);
  }
  const entries = await Array.fromAsync(Deno.readDir(dir)).catch(() => []);
  for (const entry of entries) {
    const kind = entry.name.replace(/\.json$/, "");
    if (!(PUBLISHED_SCHEMAS as string[]).includes(kind)) {
      drift.push(`${dir}/${entry.name}: not an artifact kind`);
    }
  }
  return drift;
}

/**
 * Run the command with `args`; returns the exit code.
 *
 * @example
 * ```ts
 * import { main } from "./schemas.ts";
 * import assert from "node:assert/strict";
 * const out = await Deno.makeTempDir();
 * assert.equal(await main(["--out", out]), 0);
 * assert.equal(await main(["--out", out, "--check"]), 0);
 * await Deno.remove(out, { recursive: true });
 * ```
 */
export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { check: { type: "boolean", default: false }, out: { type: "string" } },
  });
  const dir = values.out ?? SCHEMAS_DIR;
  if (values.check) {
    const drift = await schemaDrift(dir);
    for (const line of drift) console.error(line);
    if (drift.length > 0) console.error("run `deno task schemas` to publish the current schemas");
    return drift.length > 0 ? 1 : 0;
  }
  await Deno.mkdir(dir, { recursive: true });
  for (const kind of PUBLISHED_SCHEMAS) {
    await writeFileAtomic(`${dir}/${kind}.json`, schemaText(kind));
  }
  for (const line of await schemaDrift(dir)) console.error(line);
  console.log(`schemas: ${PUBLISHED_SCHEMAS.length} kinds → ${dir}/`);
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
