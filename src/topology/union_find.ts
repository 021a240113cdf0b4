/**
 * Disjoint sets over 0..n−1 with path halving and union by rank: the
 * connected components behind H0.
 *
 * @module
 */

/**
 * Union–find on the integers 0..n−1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { UnionFind } from "./union_find.ts";
 * const sets = new UnionFind(3);
 * sets.link(sets.find(0), sets.find(2));
 * assert.equal(sets.find(0), sets.find(2));
 * assert.equal(sets.find(1), 1);
 * ```
 */
export class UnionFind {
  /** Parent of each element (a root is its own parent). */
  readonly parent: Int32Array;
  /** Upper bound on the height of each root's tree. */
  readonly rank: Uint8Array;

  /** Start with n singleton sets. */
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
    this.rank = new Uint8Array(n);
  }

  /** The root of x's set. */
  find(x: number): number {
    const parent = this.parent;
    while (parent[x] !== x) {
      const up = parent[parent[x]];
      parent[x] = up;
      x = up;
    }
    return x;
  }

  /** Merge the sets of two distinct roots. */
  link(x: number, y: number): void {
    const rank = this.rank;
    if (rank[x] > rank[y]) this.parent[y] = x;
    else {
      this.parent[x] = y;
      if (rank[x] === rank[y]) rank[y]++;
    }
  }
}
