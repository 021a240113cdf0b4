/**
 * Build the static report site with Eleventy 3: the data step
 * ({@linkcode loadSite}) gives page models, virtual JavaScript templates turn
 * them into pages (index, one page per experiment, 404), and the client
 * assets are copied from site/assets (and the runner's weight-picture PNGs
 * next to the pages that show them). Links between pages are relative, so the
 * site works from the file system and under any base path; `base` is used
 * only where relative links cannot work (the 404 page, served at any depth).
 *
 * @module
 */

import Eleventy from "@11ty/eleventy";
import { type ExperimentModel, loadSite } from "./data.ts";
import { indexPage } from "./templates/index_page.ts";
import { experimentPage } from "./templates/experiment_page.ts";
import { notFoundPage } from "./templates/not_found_page.ts";
import { stableIds } from "./charts/stable_ids.ts";
import { mapperFiles } from "./mapper_files.ts";
import { loadSweeps, type SweepModel } from "./sweeps.ts";
import { sweepPage } from "./templates/sweep_page.ts";

/** Options of {@linkcode buildSite}. */
export interface BuildSiteOptions {
  /** The artifacts root to read (default `results`). */
  artifacts?: string;
  /** The output folder (default `_site`). */
  out?: string;
  /** The path the site is served under, e.g. `/nntopo/` (default `/`). */
  base?: string;
  /** Print Eleventy's summary line (default false). */
  verbose?: boolean;
}

/** What {@linkcode buildSite} wrote. */
export interface BuildSiteResult {
  /** The output folder. */
  out: string;
  /** Site-relative paths of the pages, sorted. */
  pages: string[];
  /** Experiments built. */
  experiments: number;
  /** Total bytes under `out`. */
  bytes: number;
}

/**
 * The marker file that says a folder is a site we built (and may be cleaned).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SITE_MARKER } from "./build.ts";
 * assert.ok(SITE_MARKER.startsWith("."));
 * ```
 */
export const SITE_MARKER = ".nntopo-site";

const ASSETS = ["site.css", "site.js", "favicon.svg"];

/**
 * Build the site. The output folder is emptied first when it is a site built
 * before (it holds {@linkcode SITE_MARKER}); a non-empty folder without the
 * marker is refused, so a wrong `--out` cannot wipe unrelated files.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildSite } from "./build.ts";
 * const out = `${await Deno.makeTempDir()}/_site`;
 * const result = await buildSite({ artifacts: await Deno.makeTempDir(), out });
 * assert.ok(result.pages.includes("index.html"));
 * ```
 */
export async function buildSite(options: BuildSiteOptions = {}): Promise<BuildSiteResult> {
  const artifacts = options.artifacts ?? "results";
  const out = (options.out ?? "_site").replace(/\/+$/, "");
  const base = normalizeBase(options.base ?? "/");
  const site = await loadSite(artifacts);
  const sweeps = await loadSweeps(artifacts, site.experiments);
  await prepareOut(out);

  const input = await Deno.makeTempDir({ prefix: "nntopo-site-input-" });
  try {
    const elev = new Eleventy(input, out, {
      quietMode: !options.verbose,
      config(config: EleventyConfig) {
        config.addGlobalData("experiments", site.experiments);
        config.addTemplate("index.11ty.js", {
          data: { permalink: "index.html" },
          render: () => stableIds(indexPage(site, sweeps).value),
        });
        config.addGlobalData("sweeps", sweeps);
        config.addTemplate("sweep.11ty.js", {
          data: {
            pagination: { data: "sweeps", size: 1, alias: "sweep" },
            permalink: (data: { sweep: SweepModel }) => `sweeps/${data.sweep.slug}/index.html`,
          },
          render: (data: { sweep: SweepModel }) => stableIds(sweepPage(data.sweep).value),
        });
        config.addTemplate("experiment.11ty.js", {
          data: {
            pagination: { data: "experiments", size: 1, alias: "experiment" },
            permalink: (data: { experiment: ExperimentModel }) =>
              `experiments/${data.experiment.slug}/index.html`,
          },
          render: (data: { experiment: ExperimentModel }) =>
            stableIds(experimentPage(data.experiment, { root: "../../" }).value),
        });
        config.addTemplate("404.11ty.js", {
          data: { permalink: "404.html" },
          render: () => notFoundPage(site, base).value,
        });
        for (const name of ASSETS) {
          const content = Deno.readTextFileSync(new URL(`./assets/${name}`, import.meta.url));
          config.addTemplate(`assets-${name}.11ty.js`, {
            data: { permalink: `assets/${name}` },
            render: () => content,
          });
        }
      },
    });
    await elev.write();
  } finally {
    await Deno.remove(input, { recursive: true });
  }
  // The runner's weight-picture PNGs, beside the pages that show them.
  for (const exp of site.experiments) {
    for (const { source, path } of mapperFiles(exp)) {
      const target = `${out}/experiments/${exp.slug}/${path}`;
      await Deno.mkdir(target.slice(0, target.lastIndexOf("/")), { recursive: true });
      await Deno.copyFile(source, target);
    }
  }
  await Deno.writeTextFile(`${out}/${SITE_MARKER}`, "built by deno task site\n");
  await Deno.writeTextFile(`${out}/.nojekyll`, "");
  const files = await listFiles(out);
  let bytes = 0;
  for (const f of files) bytes += (await Deno.stat(`${out}/${f}`)).size;
  return {
    out,
    pages: files.filter((f) => f.endsWith(".html")).sort(),
    experiments: site.experiments.length,
    bytes,
  };
}

/** The slice of Eleventy's config API the build uses. */
interface EleventyConfig {
  addGlobalData(name: string, value: unknown): void;
  addTemplate(path: string, content: unknown, data?: unknown): void;
}

/**
 * `nntopo` → `/nntopo/`; `/` stays `/`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalizeBase } from "./build.ts";
 * assert.equal(normalizeBase("nntopo"), "/nntopo/");
 * assert.equal(normalizeBase("/"), "/");
 * ```
 */
export function normalizeBase(base: string): string {
  const trimmed = base.trim().replace(/^\/+|\/+$/g, "");
  if (/[^A-Za-z0-9._~\-/]/.test(trimmed)) {
    throw new Error(
      `--base: expected a URL path such as /repo-name/, found ${JSON.stringify(base)}`,
    );
  }
  return trimmed === "" ? "/" : `/${trimmed}/`;
}

async function prepareOut(out: string): Promise<void> {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(out));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      await Deno.mkdir(out, { recursive: true });
      return;
    }
    throw error;
  }
  if (entries.length === 0) return;
  if (!entries.some((e) => e.name === SITE_MARKER)) {
    throw new Error(
      `${out}: expected an empty folder or a site built before (with ${SITE_MARKER}), ` +
        `found ${entries.length} other entries; choose another output folder`,
    );
  }
  for (const e of entries) await Deno.remove(`${out}/${e.name}`, { recursive: true });
}

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory) out.push(...await listFiles(`${dir}/${e.name}`, rel));
    else if (e.isFile) out.push(rel);
  }
  return out;
}
