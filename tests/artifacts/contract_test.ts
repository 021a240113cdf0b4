/**
 * The artifact contract against the outside world: the published JSON
 * Schemas (docs/schemas) are those of the zod schemas, and every JSON file of
 * a real run — `deno task experiment --epochs 2 --points 100`, plus the real
 * Mapper stage for the Mapper and attribution kinds — validates against them
 * with Debian's python3-jsonschema (Draft 2020-12), the way a Python user
 * would check our files.
 *
 * @module
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { schemaDrift, SCHEMAS_DIR } from "../../src/cli/schemas.ts";
import { FOREIGN_SCHEMAS, PUBLISHED_SCHEMAS } from "../../src/artifacts/schemas/mod.ts";
import { writeFixtureExperiment } from "../site/fixture.ts";

const PYTHON = "/usr/bin/python3";
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

async function haveJsonschema(): Promise<boolean> {
  try {
    const { success } = await new Deno.Command(PYTHON, {
      args: ["-c", "import jsonschema"],
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch {
    return false;
  }
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

/** Validate every JSON file under `dirs` with python3-jsonschema; returns the kinds seen. */
async function validateWithPython(dirs: string[]): Promise<Set<string>> {
  const pairs: Array<[string, string]> = [];
  for (const dir of dirs) {
    for (const path of await jsonFiles(dir)) {
      const name = await schemaFor(path);
      assert.ok(PUBLISHED_SCHEMAS.includes(name as never), `${path}: unknown schema ${name}`);
      pairs.push([path, `${SCHEMAS_DIR}/${name}.json`]);
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
  return new Set(await Promise.all(pairs.map(([path]) => schemaFor(path))));
}

Deno.test("contract: docs/schemas holds the zod schemas' JSON Schemas (deno task schemas)", async () => {
  assert.deepEqual(await schemaDrift(SCHEMAS_DIR), [], "run `deno task schemas`");
});

Deno.test("contract: every JSON artifact of a real run validates with python3-jsonschema", async () => {
  if (!(await haveJsonschema())) {
    const message =
      `contract_test: python3-jsonschema is missing (${PYTHON} -c 'import jsonschema' ` +
      "failed); apt-get install python3-jsonschema";
    if (Deno.env.get("CI") === "true") throw new Error(message);
    console.warn(`SKIPPED — ${message}`);
    return;
  }
  const out = await Deno.makeTempDir({ prefix: "nntopo-contract-" });
  try {
    const run = await new Deno.Command(Deno.execPath(), {
      args: [
        "task",
        "experiment",
        "--epochs",
        "2",
        "--points",
        "100",
        "--out",
        `${out}/run`,
        "--site-out",
        `${out}/site`,
        "--quiet",
      ],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(run.success, new TextDecoder().decode(run.stderr));
    // The Mapper and attribution kinds, from the runner's real Mapper stage.
    await writeFixtureExperiment(`${out}/mapper`, { attribution: true, networks: ["good"] });
    const kinds = await validateWithPython([`${out}/run`, `${out}/mapper`]);
    for (
      const kind of [
        "manifest",
        "history",
        "barcode_data",
        "barcode_evaluation",
        "mapper",
        "attribution",
        "tfjs_model",
      ]
    ) {
      assert.ok(kinds.has(kind), `no ${kind} file was validated`);
    }
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
