/**
 * The 404 page. GitHub Pages serves it at any depth, so its links are
 * absolute, under the site's base path.
 *
 * @module
 */

import type { SiteModel } from "../data.ts";
import { html, type SafeHtml } from "../html.ts";
import { layout } from "./layout.ts";

/**
 * Render the 404 page with links under `base` (e.g. `/nntopo/`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { notFoundPage } from "./not_found_page.ts";
 * const page = notFoundPage({ root: "results", experiments: [] }, "/nntopo/");
 * assert.ok(page.value.includes('href="/nntopo/index.html"'));
 * ```
 */
export function notFoundPage(site: SiteModel, base: string): SafeHtml {
  const body = html`<h1>Page not found</h1>
<p>This page does not exist. The reports of this site:</p>
<ul>${
    site.experiments.map((exp) =>
      html`<li><a href="${base}experiments/${exp.slug}/index.html">${
        exp.manifest.title || exp.manifest.experiment
      }</a></li>`
    )
  }</ul>`;
  return layout({ title: "Not found", root: base, body });
}
