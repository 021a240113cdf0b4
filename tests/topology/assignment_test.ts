import assert from "node:assert/strict";
import { createRandom } from "../../src/data/random.ts";
import { assignment } from "../../src/topology/matching.ts";

/** The least total cost over every permutation (n ≤ 8): the oracle. */
function bruteForce(cost: Float64Array, n: number): number {
  const used = new Uint8Array(n);
  let best = Infinity;
  const walk = (row: number, total: number) => {
    if (total >= best) return;
    if (row === n) {
      best = total;
      return;
    }
    for (let c = 0; c < n; c++) {
      if (used[c]) continue;
      used[c] = 1;
      walk(row + 1, total + cost[row * n + c]);
      used[c] = 0;
    }
  };
  walk(0, 0);
  return best;
}

function totalOf(cost: Float64Array, n: number, rowToColumn: Int32Array): number {
  let total = 0;
  for (let r = 0; r < n; r++) total += cost[r * n + rowToColumn[r]];
  return total;
}

Deno.test("assignment: a permutation of least total cost, against every permutation", () => {
  const random = createRandom(41);
  for (let trial = 0; trial < 400; trial++) {
    const n = 1 + random.int(8);
    // Small integer costs make ties (several optimal assignments, equal
    // distances in the path search) the common case; the rest are continuous.
    const ties = trial % 2 === 0;
    const cost = new Float64Array(n * n).map(() => ties ? random.int(4) : random.next() * 10);
    const rowToColumn = assignment(cost, n);
    assert.deepEqual(
      [...rowToColumn].sort((a, b) => a - b),
      [...Array(n).keys()],
      `trial ${trial}`,
    );
    const got = totalOf(cost, n, rowToColumn), want = bruteForce(cost, n);
    assert.ok(
      Math.abs(got - want) <= 1e-9 * Math.max(1, want),
      `trial ${trial}: ${got} vs ${want}`,
    );
  }
});

Deno.test("assignment: diagram-shaped matrices (constant and zero blocks) stay optimal", () => {
  const random = createRandom(7);
  for (let trial = 0; trial < 100; trial++) {
    const nA = random.int(5), nB = random.int(5), n = nA + nB;
    if (n === 0) continue;
    const a = Array.from({ length: nA }, () => random.next() * 3);
    const b = Array.from({ length: nB }, () => random.next() * 3);
    const cost = new Float64Array(n * n);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        if (r < nA && c < nB) cost[r * n + c] = Math.abs(a[r] - b[c]);
        else if (r < nA) cost[r * n + c] = a[r] / 2;
        else if (c < nB) cost[r * n + c] = b[c] / 2;
      }
    }
    const got = totalOf(cost, n, assignment(cost, n)), want = bruteForce(cost, n);
    assert.ok(
      Math.abs(got - want) <= 1e-12 * Math.max(1, want),
      `trial ${trial}: ${got} vs ${want}`,
    );
  }
});
