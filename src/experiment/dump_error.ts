/**
 * The error of an activation dump that cannot be analysed.
 *
 * @module
 */

/**
 * A dump that cannot be analysed: the message names the file (or folder),
 * what was expected and what was found.
 *
 * @example
 * ```ts
 * import { DumpError } from "./dump_error.ts";
 * import assert from "node:assert/strict";
 * assert.equal(new DumpError("d/labels.npy", "shape (n,)", "(3, 2)").message, "d/labels.npy: expected shape (n,), found (3, 2)");
 * ```
 */
export class DumpError extends Error {
  override name = "DumpError";
  constructor(readonly file: string, readonly expected: string, readonly found: string) {
    super(`${file}: expected ${expected}, found ${found}`);
  }
}
