/**
 * The runner's weight-picture PNGs that the site copies next to an
 * experiment page: where each goes (relative to the page) and the list of
 * copies to make. The pixel values are not in `attribution.json`, so the page
 * shows the PNG artifact (drawn by src/plots' weight-image chart) as an image.
 *
 * @module
 */

import type { ExperimentModel } from "./data.ts";

/**
 * Path of a network's weight-picture PNG, relative to its experiment page.
 * Networks are named by position, so names holding markup never reach a URL.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { weightImageHref } from "./mapper_files.ts";
 * assert.equal(weightImageHref(1, 5, "kmeans"), "mapper/net1/epoch5/kmeans_weights.png");
 * ```
 */
export function weightImageHref(network: number, epoch: number, method: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(method)) {
    throw new RangeError(
      `weightImageHref: "method" must be a plain name ([A-Za-z0-9_-]), found ${
        JSON.stringify(method)
      }`,
    );
  }
  return `mapper/net${network}/epoch${epoch}/${method}_weights.png`;
}

/**
 * Every weight-picture PNG of an experiment: its path on disk and its path
 * relative to the experiment page.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mapperFiles } from "./mapper_files.ts";
 * import { loadSite } from "./data.ts";
 * const site = await loadSite(await Deno.makeTempDir());
 * assert.equal(site.experiments.flatMap(mapperFiles).length, 0);
 * ```
 */
export function mapperFiles(experiment: ExperimentModel): Array<{ source: string; path: string }> {
  return experiment.networks.flatMap((net, i) =>
    net.attribution.flatMap((a) =>
      a.methods.filter((m) => m.weightsPng).map((m) => ({
        source: m.weightsPng!,
        path: weightImageHref(i, a.epoch, m.key),
      }))
    )
  );
}
