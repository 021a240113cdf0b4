/**
 * Atomic file writes: nothing half-written survives an interruption.
 *
 * A file is written next to its destination under a temporary name and then
 * renamed over it, which POSIX makes atomic within one file system.
 *
 * @module
 */

import { dirname } from "node:path";

/**
 * Write bytes or text to `path` atomically (temp file + rename), creating the
 * parent directory.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeFileAtomic } from "./atomic.ts";
 * const dir = await Deno.makeTempDir();
 * await writeFileAtomic(`${dir}/a/b.txt`, "hello");
 * assert.equal(await Deno.readTextFile(`${dir}/a/b.txt`), "hello");
 * ```
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${Deno.pid}.tmp`;
  try {
    if (typeof content === "string") await Deno.writeTextFile(tmp, content);
    else await Deno.writeFile(tmp, content);
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}
