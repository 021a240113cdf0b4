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
import { writeFixtureExperiment } from "../site/fixture.ts";
import { jsonschemaOracle, validateWithPython } from "./jsonschema_oracle.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

Deno.test("contract: docs/schemas holds the zod schemas' JSON Schemas (deno task schemas)", async () => {
  assert.deepEqual(await schemaDrift(SCHEMAS_DIR), [], "run `deno task schemas`");
});

Deno.test("contract: every JSON artifact of a real run validates with python3-jsonschema", async () => {
  if (!(await jsonschemaOracle("contract_test"))) return;
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
    const kinds = new Set((await validateWithPython([`${out}/run`, `${out}/mapper`])).values());
    for (
      const kind of [
        "manifest",
        "history",
        "barcode_data",
        "barcode_evaluation",
        "cycles",
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
