/**
 * The versions recorded in every manifest: nntopo, the runtime and the pinned
 * npm packages (read from deno.json, the single place they are pinned).
 *
 * @module
 */

import denoConfig from "../../deno.json" with { type: "json" };

/**
 * nntopo's version, Deno's, V8's, TypeScript's and every pinned npm package's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { versions } from "./versions.ts";
 * assert.equal(versions().deno, Deno.version.deno);
 * ```
 */
export function versions(): Record<string, string> {
  const out: Record<string, string> = {
    nntopo: denoConfig.version,
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
  };
  for (const [name, specifier] of Object.entries(denoConfig.imports as Record<string, string>)) {
    const match = /^npm:(@?[^@]+)@(.+)$/.exec(specifier);
    // The runtime's own TypeScript is the one that compiled the run; the npm
    // `typescript` pin is a test tool (the function-shape test's parser).
    if (match && !(name in out)) out[name] = match[2];
  }
  return out;
}
