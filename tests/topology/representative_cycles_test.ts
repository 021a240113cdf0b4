import assert from "node:assert/strict";
import { vietorisRips } from "../../src/topology/vietoris_rips.ts";
import { plainDistances } from "../../src/geometry/distances.ts";
import { createRandom } from "../../src/data/random.ts";
import type { Barcode } from "../../src/topology/diagram.ts";
import { noisyCircle, uniformCloud } from "./shapes.ts";
import { distanceOf, longestEdge, oddVertices, triangleSpan } from "./cycle_checks.ts";

/** A random symmetric matrix of small integers: many ties in the filtration. */
function integerMatrix(n: number, seed: number, levels: number): Float32Array {
  const random = createRandom(seed);
  const lower = new Float32Array((n * (n - 1)) / 2);
  for (let k = 0; k < lower.length; k++) lower[k] = 1 + Math.floor(random.next() * levels);
  return lower;
}

/**
 * The three properties of every H1 cycle, checked by rank over GF(2): closed,
 * longest edge equal to the birth, not a boundary of triangles of diameter
 * below the death — and a boundary once the death is reached.
 */
function checkCycles(lower: Float32Array, n: number, barcode: Barcode, what: string): number {
  const cycles = barcode.cycles?.H1;
  assert.ok(cycles, `${what}: no cycles`);
  const h1 = barcode.diagrams[1];
  assert.equal(cycles.length, h1.length, `${what}: one cycle per H1 interval`);
  const threshold = barcode.threshold;
  const spans = new Map<string, ReturnType<typeof triangleSpan>>();
  const span = (key: string, keep: (d: number) => boolean) => {
    if (!spans.has(key)) spans.set(key, triangleSpan(lower, n, keep));
    return spans.get(key)!;
  };
  h1.forEach(([birth, death], k) => {
    const cycle = cycles[k], at = `${what}: H1 interval ${k} [${birth}, ${death})`;
    assert.ok(cycle.length >= 3, `${at}: a cycle has at least three edges, found ${cycle.length}`);
    assert.deepEqual(oddVertices(cycle), [], `${at}: vertices of odd degree`);
    assert.equal(longestEdge(lower, cycle), birth, `${at}: longest edge`);
    for (const [u, v] of cycle) assert.ok(distanceOf(lower, u, v) <= threshold);
    const below = span(`<${death}`, (d) => d < death && d <= threshold);
    assert.ok(!below.contains(cycle), `${at}: a boundary of triangles below the death`);
    if (Number.isFinite(death)) {
      const upTo = span(`<=${death}`, (d) => d <= death);
      assert.ok(upTo.contains(cycle), `${at}: not a boundary once the death is reached`);
    }
  });
  return h1.length;
}

/** Cycles must not change the diagrams. */
function barcodeWithCycles(
  lower: Float32Array,
  n: number,
  options: { maxDim?: number; threshold?: number },
): Barcode {
  const matrix = { kind: "lower" as const, data: lower, n };
  const plain = vietorisRips(matrix, options);
  const barcode = vietorisRips(matrix, { ...options, cycles: true });
  assert.deepEqual(barcode.diagrams, plain.diagrams);
  return barcode;
}

Deno.test("cycles: random clouds in the plane and in space, dense and sparse", () => {
  let checked = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const n = 16 + (seed % 3) * 4, d = seed % 2 === 0 ? 2 : 3;
    const lower = plainDistances(uniformCloud(n, d, seed), { rounding: "ripser" }).data;
    // the enclosing radius (dense), and a small threshold (sparse, essential classes)
    for (const threshold of [undefined, 0.35]) {
      const barcode = barcodeWithCycles(lower, n, { maxDim: 1, threshold });
      checked += checkCycles(lower, n, barcode, `seed ${seed}, n ${n}, threshold ${threshold}`);
    }
  }
  assert.ok(checked >= 30, `expected at least 30 H1 intervals over the inputs, found ${checked}`);
});

Deno.test("cycles: integer distance matrices, full of ties", () => {
  let checked = 0, essential = 0;
  for (let seed = 1; seed <= 10; seed++) {
    const n = 14 + seed % 4, lower = integerMatrix(n, 100 + seed, 3 + seed % 4);
    for (const threshold of [undefined, 2]) {
      const barcode = barcodeWithCycles(lower, n, { maxDim: 1, threshold });
      checked += checkCycles(lower, n, barcode, `integer seed ${seed}, threshold ${threshold}`);
      essential += barcode.diagrams[1].filter(([, d]) => d === Infinity).length;
    }
  }
  assert.ok(checked >= 20, `expected at least 20 H1 intervals, found ${checked}`);
  assert.ok(essential >= 1, "expected some essential H1 intervals below a threshold");
});

Deno.test("cycles: with maxDim 2 (recorded apparent pairs) the H1 cycles hold too", () => {
  for (let seed = 1; seed <= 4; seed++) {
    const lower = plainDistances(uniformCloud(18, 3, 40 + seed), { rounding: "ripser" }).data;
    const barcode = barcodeWithCycles(lower, 18, { maxDim: 2 });
    checkCycles(lower, 18, barcode, `maxDim 2, seed ${seed}`);
  }
});

Deno.test("cycles: a noisy circle's longest bar is a loop through the circle", () => {
  const cloud = noisyCircle(60, 0.05, 3);
  const barcode = vietorisRips(cloud, { maxDim: 1, cycles: true });
  const h1 = barcode.diagrams[1];
  const longest = h1.reduce((a, _, k) => h1[k][1] - h1[k][0] > h1[a][1] - h1[a][0] ? k : a, 0);
  const cycle = barcode.cycles!.H1[longest];
  // a simple loop: consecutive edges share a vertex and each vertex is visited once
  cycle.forEach(([, v], k) => assert.equal(v, cycle[(k + 1) % cycle.length][0]));
  assert.equal(new Set(cycle.map(([u]) => u)).size, cycle.length);
  let turn = 0;
  cycle.forEach(([u, v]) => {
    const a = Math.atan2(cloud.data[2 * u + 1], cloud.data[2 * u]);
    const b = Math.atan2(cloud.data[2 * v + 1], cloud.data[2 * v]);
    turn += Math.atan2(Math.sin(b - a), Math.cos(b - a));
  });
  assert.equal(
    Math.abs(Math.round(turn / (2 * Math.PI))),
    1,
    `winding number ${turn / 2 / Math.PI}`,
  );
});

Deno.test("cycles: refused without H1", () => {
  assert.throws(
    () => vietorisRips(uniformCloud(5, 2, 1), { maxDim: 0, cycles: true }),
    /option "cycles": expected maxDim ≥ 1/,
  );
});

Deno.test("cycles: { longest: k } gives the k longest intervals' cycles, the same as all of them", () => {
  let compared = 0;
  for (let seed = 1; seed <= 8; seed++) {
    const n = 24,
      lower = seed % 2
        ? plainDistances(uniformCloud(n, 2 + seed % 2, 70 + seed), { rounding: "ripser" }).data
        : integerMatrix(n, 80 + seed, 4);
    const matrix = { kind: "lower" as const, data: lower, n };
    for (const options of [{}, { threshold: seed % 2 ? 0.4 : 2 }, { ripserOrder: true }]) {
      const all = vietorisRips(matrix, { ...options, cycles: true });
      const k = 1 + seed % 3;
      const some = vietorisRips(matrix, { ...options, cycles: { longest: k } });
      assert.deepEqual(some.diagrams, all.diagrams);
      const h1 = all.diagrams[1], threshold = all.threshold;
      const length = (i: number) => Math.min(h1[i][1], threshold) - h1[i][0];
      const longest = h1.map((_, i) => i).sort((a, b) => length(b) - length(a) || a - b)
        .slice(0, k);
      h1.forEach((_, i) => {
        const want = longest.includes(i) ? all.cycles!.H1[i] : [];
        assert.deepEqual(some.cycles!.H1[i], want, `seed ${seed}, interval ${i}`);
      });
      compared += longest.length;
    }
  }
  assert.ok(compared >= 20, `expected at least 20 cycles compared, found ${compared}`);
  assert.throws(
    () => vietorisRips(uniformCloud(10, 2, 1), { cycles: { longest: -1 } }),
    /"cycles.longest": expected an integer ≥ 0, found -1/,
  );
});
