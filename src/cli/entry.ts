/**
 * What the `experiment` and `analyze` entry points share: the usage error, how a command's
 * `main` is run with its exit codes, and the line that reports a built site.
 *
 * @module
 */

import { buildSite } from "../../site/build.ts";

/** A bad command line: the entry point exits 2 and points at `--help`. */
export class UsageError extends Error {}

/**
 * Runs a command's `main` on `Deno.args` and exits with its code: 2 with a pointer to `--help` for
 * a usage error (ours or parseArgs'), 1 for any other error, each printed as `error: <message>`.
 */
export async function runMain(main: (args: string[]) => Promise<number>): Promise<never> {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`error: ${message}`);
    if (
      error instanceof UsageError || (error as Error)?.name === "TypeError" &&
        /parseArgs|Unknown option|argument/.test(message)
    ) {
      console.error("run with --help for usage");
      Deno.exit(2);
    }
    Deno.exit(1);
  }
}

/** Builds the site from an artifacts root and prints where it went, its pages and its size. */
export async function buildAndReportSite(
  artifacts: string,
  out: string | undefined,
): Promise<void> {
  const site = await buildSite({ artifacts, out });
  console.log(
    `site: ${site.out}/index.html (${site.pages.length} pages, ${
      (site.bytes / 1e6).toFixed(2)
    } MB)`,
  );
}
