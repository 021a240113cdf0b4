/**
 * Runs the small spheres study into Deno.args[0] (`--resume` as Deno.args[1]);
 * the resume test kills this process mid-run.
 *
 * @module
 */

import { runExperiment } from "../../src/experiment/run.ts";
import { smallSpec } from "./small_spec.ts";

await runExperiment(smallSpec(), { out: Deno.args[0], resume: Deno.args[1] === "--resume" });
