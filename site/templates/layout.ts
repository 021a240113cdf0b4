/**
 * The page frame every site page shares: head, header with the way home,
 * main content, footer; styles and the client script from `assets/`.
 *
 * @module
 */

import { html, type SafeHtml } from "../html.ts";

/** What {@linkcode layout} needs. */
export interface LayoutInput {
  /** The page title (escaped). */
  title: string;
  /** Relative (or absolute) prefix to the site root, ending in `/` (e.g. `../../`). */
  root: string;
  /** The main content. */
  body: SafeHtml;
  /** Optional short description for `<meta name="description">`. */
  description?: string;
}

/**
 * A complete HTML document.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { layout } from "./layout.ts";
 * import { html } from "../html.ts";
 * const page = layout({ title: "<x>", root: "./", body: html`<p>hi</p>` });
 * assert.ok(page.value.startsWith("<!doctype html>"))
 * assert.ok(page.value.includes("&lt;x&gt;"));
 * ```
 */
export function layout(input: LayoutInput): SafeHtml {
  const { root } = input;
  const description = input.description
    ? html`<meta name="description" content="${input.description}">\n`
    : "";
  // deno-fmt-ignore
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${input.title} · nntopo</title>
${description}<link rel="icon" href="${root}assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${root}assets/site.css">
<script src="${root}assets/site.js" defer></script>
</head>
<body>
<header class="site-header"><a class="home" href="${root}index.html">nntopo reports</a></header>
<main>
${input.body}
</main>
<footer class="site-footer">Built by <code>deno task site</code> from the experiment folders' JSON artifacts. Charts are static SVG; the small script only adds toggles and tooltips.</footer>
</body>
</html>
`;
}
