/**
 * The JSON Schema oracle of the tests: Debian's python3-jsonschema (Draft
 * 2020-12) validates every JSON file under some folders against
 * docs/schemas/<kind>.json, the way a Python user would check our files.
 *
 * @module
 */

import assert from "node:assert/strict";
import { SCHEMAS_DIR } from "../../src/cli/schemas.ts";
import { FOREIGN_SCHEMAS, PUBLISHED_SCHEMAS } from "../../src/artifacts/schemas/mod.ts";

/** Debian's Python, which has python3-jsonschema (the `python3` on PATH may not). */
export const PYTHON = "/usr/bin/python3";

/**
 * Whether the oracle can run. Without it a test skips with a loud message,
 * except under `CI=true`, where this throws.
 */
export async function jsonschemaOracle(test: string): Promise<boolean> {
  let present = false;
  try {
    const { success } = await new Deno.Command(PYTHON, {
      args: ["-c", "import jsonschema"],
      stdout: "null",
      stderr: "null",
    }).output();
    present = success;
  } catch {
    present = false;
  }
  if (present) return true;
  const message = `${test}: python3-jsonschema is missing (${PYTHON} -c 'import jsonschema' ` +
    "failed); apt-get install python3-jsonschema";
  if (Deno.env.get("CI") === "true") throw new Error(message);
  console.warn(`SKIPPED — ${message}`);
  return false;
}

/** Every `.json` file under `dir`, hidden folders included. */
async function jsonFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) out.push(...await jsonFiles(path));
    else if (entry.name.endsWith(".json")) out.push(path);
  }
  return out.sort();
}

/** The published schema a file claims: its `schema` tag, or its foreign file name. */
async function schemaFor(path: string): Promise<string> {
  const json = JSON.parse(await Deno.readTextFile(path));
  const tag = typeof json?.schema === "string" ? /^nntopo\/(\w+)@\d+$/.exec(json.schema) : null;
  if (tag) return tag[1];
  const foreign = Object.entries(FOREIGN_SCHEMAS).find(([, f]) => path.endsWith(`/${f.file}`));
  assert.ok(foreign, `${path}: no schema tag and no foreign schema for its name`);
  return foreign[0];
}

const VALIDATE = `
import json, sys
from jsonschema import Draft202012Validator
bad = 0
for path, schema_path in json.load(sys.stdin):
    with open(schema_path) as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    with open(path) as f:
        data = json.load(f)
    errors = list(Draft202012Validator(schema).iter_errors(data))
    for e in errors[:3]:
        print(f"{path}: {e.json_path}: {e.message[:200]}")
    bad += bool(errors)
sys.exit(1 if bad else 0)
`;

/**
 * Validate every JSON file under `dirs` with python3-jsonschema; fails the
 * test naming each file, JSON path and message it rejects. Returns the
 * published schema of every file validated, by path.
 */
export async function validateWithPython(dirs: string[]): Promise<Map<string, string>> {
  const pairs: Array<[string, string]> = [];
  const kinds = new Map<string, string>();
  for (const dir of dirs) {
    for (const path of await jsonFiles(dir)) {
      const name = await schemaFor(path);
      assert.ok(PUBLISHED_SCHEMAS.includes(name as never), `${path}: unknown schema ${name}`);
      pairs.push([path, `${SCHEMAS_DIR}/${name}.json`]);
      kinds.set(path, name);
    }
  }
  const child = new Deno.Command(PYTHON, {
    args: ["-c", VALIDATE],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(pairs)));
  await writer.close();
  const { success, stdout, stderr } = await child.output();
  const text = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
  assert.ok(success, `python3-jsonschema rejected files:\n${text}`);
  return kinds;
}
