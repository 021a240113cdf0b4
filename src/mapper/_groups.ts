/**
 * Internal: clusters given as one label per point, or as member lists.
 *
 * @module
 */

/** Clusters: one label per point (−1 = in none) or explicit member lists (may overlap). */
export type Groups = Int32Array | ArrayLike<number>[];

/**
 * Resolve clusters to ids and member lists; label clusters keep their label as id.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveGroups } from "./_groups.ts";
 * const { ids } = resolveGroups(Int32Array.from([1, 1, 0]), 3, "labels");
 * assert.equal(ids.length, 2);
 * ```
 */
export function resolveGroups(groups: Groups, n: number, what: string): {
  ids: number[];
  members: number[][];
} {
  if (groups instanceof Int32Array) {
    if (groups.length !== n) {
      throw new RangeError(`${what}: expected ${n} cluster labels, found ${groups.length}`);
    }
    const byLabel = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      if (groups[i] < 0) continue;
      const list = byLabel.get(groups[i]);
      if (list) list.push(i);
      else byLabel.set(groups[i], [i]);
    }
    const ids = [...byLabel.keys()].sort((a, b) => a - b);
    return { ids, members: ids.map((id) => byLabel.get(id)!) };
  }
  const members = groups.map((set, g) =>
    Array.from(set, (p) => {
      if (!(Number.isInteger(p) && p >= 0 && p < n)) {
        throw new RangeError(`${what}: cluster ${g} names point ${p}, outside [0, ${n})`);
      }
      return p;
    })
  );
  return { ids: members.map((_, g) => g), members };
}
