/**
 * Independent checks of representative cycles: parity of vertex degrees,
 * longest edge, and membership in the span of triangle boundaries over GF(2)
 * (Gaussian elimination on bit vectors indexed by edge).
 *
 * @module
 */

import type { Cycle } from "../../src/topology/diagram.ts";

/** Distance between vertices u ≠ v in a packed lower-triangular matrix. */
export function distanceOf(lower: Float32Array, u: number, v: number): number {
  return u > v ? lower[(u * (u - 1)) / 2 + v] : lower[(v * (v - 1)) / 2 + u];
}

/**
 * Vertices of odd degree in the mod-2 chain, or a description of a repeated edge.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { oddVertices } from "./cycle_checks.ts";
 * assert.equal(oddVertices([[0, 1], [1, 2], [2, 0]]).length, 0);
 * ```
 */
export function oddVertices(cycle: Cycle): number[] {
  const degree = new Map<number, number>();
  const seen = new Set<string>();
  for (const [u, v] of cycle) {
    const key = `${Math.min(u, v)},${Math.max(u, v)}`;
    if (seen.has(key) || u === v) return [-1];
    seen.add(key);
    degree.set(u, (degree.get(u) ?? 0) + 1);
    degree.set(v, (degree.get(v) ?? 0) + 1);
  }
  return [...degree].filter(([, k]) => k % 2 === 1).map(([x]) => x);
}

/** The longest edge of a cycle. */
export function longestEdge(lower: Float32Array, cycle: Cycle): number {
  return Math.max(...cycle.map(([u, v]) => distanceOf(lower, u, v)));
}

/** A GF(2) basis of bit vectors over the edges of n vertices, reduced by leading bit. */
export class BoundarySpan {
  readonly words: number;
  readonly basis = new Map<number, Uint32Array>();
  constructor(readonly n: number) {
    this.words = Math.ceil((n * (n - 1)) / 2 / 32);
  }

  /** The bit vector of a chain of edges. */
  chain(edges: Array<[number, number]>): Uint32Array {
    const x = new Uint32Array(this.words);
    for (const [u, v] of edges) {
      const e = u > v ? (u * (u - 1)) / 2 + v : (v * (v - 1)) / 2 + u;
      x[e >>> 5] ^= 1 << (e & 31);
    }
    return x;
  }

  /** Reduce x by the basis in place; returns its leading bit after reduction, or −1. */
  reduce(x: Uint32Array): number {
    for (;;) {
      const lead = leadingBit(x);
      if (lead < 0) return -1;
      const b = this.basis.get(lead);
      if (!b) return lead;
      for (let w = 0; w < x.length; w++) x[w] ^= b[w];
    }
  }

  /** Add the boundary of the triangle {i, j, k}. */
  addTriangle(i: number, j: number, k: number): void {
    const x = this.chain([[i, j], [i, k], [j, k]]);
    const lead = this.reduce(x);
    if (lead >= 0) this.basis.set(lead, x);
  }

  /** Whether the cycle is a sum of the triangle boundaries added so far. */
  contains(cycle: Cycle): boolean {
    return this.reduce(this.chain(cycle)) < 0;
  }
}

function leadingBit(x: Uint32Array): number {
  for (let w = x.length - 1; w >= 0; w--) if (x[w] !== 0) return 32 * w + 31 - Math.clz32(x[w]);
  return -1;
}

/** The span of the boundaries of all triangles whose diameter passes `keep`. */
export function triangleSpan(
  lower: Float32Array,
  n: number,
  keep: (diameter: number) => boolean,
): BoundarySpan {
  const span = new BoundarySpan(n);
  for (let i = 2; i < n; i++) {
    for (let j = 1; j < i; j++) {
      for (let k = 0; k < j; k++) {
        const d = Math.max(
          distanceOf(lower, i, j),
          distanceOf(lower, i, k),
          distanceOf(lower, j, k),
        );
        if (keep(d)) span.addTriangle(i, j, k);
      }
    }
  }
  return span;
}
