/**
 * Plot numbers the ids of markers and clip paths from a process-wide counter,
 * so the same chart gets different ids in different builds. Renumbering them
 * per page, in order of appearance, keeps them unique within the page and
 * makes the built site byte-identical for the same artifacts.
 *
 * @module
 */

const ID = /\bid="(plot-[a-z]+-\d+)"/g;
const TOKEN = /\bplot-[a-z]+-\d+(?!\d)/g;

/**
 * Rename every `plot-<kind>-<n>` id of a page (and its `url(#…)`/`#…`
 * references) to `plot-<kind>-p<k>`, k counting from 1 in order of appearance.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stableIds } from "./stable_ids.ts";
 * const page = '<marker id="plot-marker-41"/><path marker-end="url(#plot-marker-41)"/>';
 * assert.equal(stableIds(page), '<marker id="plot-marker-p1"/><path marker-end="url(#plot-marker-p1)"/>');
 * ```
 */
export function stableIds(page: string): string {
  const renamed = new Map<string, string>();
  for (const m of page.matchAll(ID)) {
    if (!renamed.has(m[1])) {
      const kind = m[1].slice(0, m[1].lastIndexOf("-"));
      renamed.set(m[1], `${kind}-p${renamed.size + 1}`);
    }
  }
  if (renamed.size === 0) return page;
  return page.replace(TOKEN, (token) => renamed.get(token) ?? token);
}
