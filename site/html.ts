/**
 * Safe HTML building for the site's templates: the `html` tag escapes every
 * interpolated value unless it is already {@linkcode SafeHtml} (the output of
 * another `html` call, or markup marked with {@linkcode raw} such as an SVG
 * rendered by src/plots). Experiment names, labels and spec values all pass
 * through it, so a name holding `<script>` shows as text.
 *
 * @module
 */

/**
 * Markup that is known to be safe and is inserted as is.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SafeHtml } from "./html.ts";
 * assert.equal(new SafeHtml("<b>x</b>").value, "<b>x</b>");
 * ```
 */
export class SafeHtml {
  /** The markup. */
  readonly value: string;
  /** Wrap markup that must not be escaped. */
  constructor(value: string) {
    this.value = value;
  }
  /** The markup. */
  toString(): string {
    return this.value;
  }
}

/**
 * Escape text for HTML content and double-quoted attribute values.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { escapeHtml } from "./html.ts";
 * assert.equal(escapeHtml(`<a href="x">&'`), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Mark trusted markup (an SVG from `renderSvg`, a fixed snippet) as safe.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { html, raw } from "./html.ts";
 * assert.equal(html`<p>${raw("<b>x</b>")}</p>`.value, "<p><b>x</b></p>");
 * ```
 */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** What a template may interpolate. */
export type HtmlValue =
  | SafeHtml
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly HtmlValue[];

/**
 * Tagged template: interpolations are escaped, arrays are joined, `null`,
 * `undefined` and `false` vanish, {@linkcode SafeHtml} goes in as is.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { html } from "./html.ts";
 * const name = "<script>alert(1)</script>";
 * assert.equal(html`<h1>${name}</h1>`.value, "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>");
 * assert.ok(html`<ul>${[1, 2].map((i) => html`<li>${i}</li>`)}</ul>`.value ===
 *   "<ul><li>1</li><li>2</li></ul>");
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) {
    // Appending builds a rope that is flattened once, when the page is used;
    // join would copy each level of nested templates again.
    let out = "";
    for (const item of value) out += render(item);
    return out;
  }
  return escapeHtml(String(value));
}
