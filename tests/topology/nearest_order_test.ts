import assert from "node:assert/strict";
import { NearestOrder } from "../../src/topology/rips_cohomology.ts";
import { createRandom } from "../../src/data/random.ts";

/** A symmetric n×n float32 matrix with a zero diagonal: generic, near-tied or tied distances. */
function matrix(n: number, kind: "generic" | "near" | "ties", seed: number): Float32Array {
  const random = createRandom(seed);
  const full = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const x = kind === "ties" ? random.int(4) : kind === "near"
        ? 1 + random.int(64) * 2 ** -23 // neighbouring floats: the order is in the lowest bits
        : random.next() * 10 ** (random.int(6) - 3);
      full[i * n + j] = full[j * n + i] = x;
    }
  }
  return full;
}

Deno.test("NearestOrder: each row is the vertices by increasing distance, ties by index", () => {
  let seed = 1;
  for (const n of [1, 2, 7, 256, 1000]) {
    for (const kind of ["generic", "near", "ties"] as const) {
      const full = matrix(n, kind, seed++);
      const nearest = new NearestOrder(full, n);
      for (let v = 0; v < n; v += Math.max(1, n >> 4)) {
        const order = nearest.rows(v, (v + 1) % n).subarray(v * n, v * n + n);
        const expected = Array.from({ length: n }, (_, j) => j)
          .sort((a, b) => full[v * n + a] - full[v * n + b] || a - b);
        assert.deepEqual([...order], expected, `${n} vertices, ${kind}, row ${v}`);
      }
    }
  }
});
