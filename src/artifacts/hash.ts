/**
 * Content hashes for the manifest.
 *
 * @module
 */

/**
 * Hex SHA-256 of some bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sha256Hex } from "./hash.ts";
 * const h = await sha256Hex(new TextEncoder().encode("abc"));
 * assert.ok(h.startsWith("ba7816bf"));
 * ```
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * SHA-256 of every file under `root` (recursively, hidden entries skipped),
 * keyed by the path relative to root with `/` separators, in sorted order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hashTree } from "./hash.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "abc");
 * assert.equal(Object.keys(await hashTree(dir))[0], "a.txt");
 * ```
 */
export async function hashTree(
  root: string,
  skip: (relative: string) => boolean = () => false,
): Promise<Record<string, string>> {
  const paths: string[] = [];
  const walk = async (dir: string, prefix: string) => {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.name.startsWith(".")) continue;
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (skip(relative)) continue;
      if (entry.isDirectory) await walk(`${dir}/${entry.name}`, relative);
      else if (entry.isFile) paths.push(relative);
    }
  };
  await walk(root, "");
  paths.sort();
  const out: Record<string, string> = {};
  for (const p of paths) out[p] = await sha256Hex(await Deno.readFile(`${root}/${p}`));
  return out;
}
