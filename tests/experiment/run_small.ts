/**
 * Runs the small spheres study into Deno.args[0]; `--resume` and `--seed N`
 * may follow. The resume tests kill this process mid-run.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { runExperiment } from "../../src/experiment/run.ts";
import { smallSpec } from "./small_spec.ts";

const { values, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: { resume: { type: "boolean", default: false }, seed: { type: "string" } },
});
const spec = values.seed === undefined ? smallSpec() : smallSpec({ seed: Number(values.seed) });
await runExperiment(spec, { out: positionals[0], resume: values.resume });
