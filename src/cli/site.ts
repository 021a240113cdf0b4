/**
 * `deno task site [--artifacts DIR] [--out DIR] [--base /repo-name/]`: build
 * the static report site from every experiment folder under the artifacts
 * root.
 *
 * @example
 * ```ts
 * // deno task site --artifacts results --out _site --base /nntopo/
 * import { main } from "./site.ts";
 * await main(["--artifacts", "results", "--out", "_site"]);
 * ```
 *
 * @module
 */

import { parseArgs } from "node:util";
import { buildSite } from "../../site/build.ts";
import { findManifests } from "../../site/data.ts";

export { buildSite, type BuildSiteOptions, type BuildSiteResult } from "../../site/build.ts";

const USAGE = `usage: deno task site [--artifacts DIR] [--out DIR] [--base /repo-name/]

  --artifacts DIR  artifacts root to read (default results/)
  --out DIR        output folder (default _site/)
  --base PATH      path the site is served under, e.g. /nntopo/ (default /)`;

/**
 * Run the command with `args`; returns the exit code.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "./site.ts";
 * assert.equal(await main(["--help"]), 0);
 * ```
 */
export async function main(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        artifacts: { type: "string", default: "results" },
        out: { type: "string", default: "_site" },
        base: { type: "string", default: "/" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`site: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const started = performance.now();
  try {
    await assertArtifactsRoot(values.artifacts);
    const result = await buildSite({
      artifacts: values.artifacts,
      out: values.out,
      base: values.base,
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `site: ${result.experiments} experiment(s) from ${values.artifacts} → ${result.out}/ ` +
        `(${result.pages.length} pages, ${(result.bytes / 1e6).toFixed(2)} MB, ${seconds} s)`,
    );
    return 0;
  } catch (error) {
    console.error(`site: ${(error as Error).message}`);
    return 1;
  }
}

/**
 * Refuse an artifacts root that is missing, not a folder, or holds no
 * experiment (no `manifest.json`): a typo must not build an empty site.
 */
async function assertArtifactsRoot(root: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(root);
  } catch (error) {
    throw new Error(
      `--artifacts: expected a folder of experiments, found "${root}" (${
        (error as Error).message
      })`,
    );
  }
  if (!info.isDirectory) {
    throw new Error(`--artifacts: expected a folder of experiments, found "${root}" (a file)`);
  }
  if ((await findManifests(root)).length === 0) {
    throw new Error(
      `--artifacts: expected a folder of experiments, found "${root}" with no manifest.json ` +
        `under it (run deno task experiment first, or name the folder it wrote with --out)`,
    );
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
