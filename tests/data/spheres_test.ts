import assert from "node:assert/strict";
import { concentricSpheres, intersectingSpheres } from "../../src/data/spheres.ts";
import type { Dataset } from "../../src/data/dataset.ts";

function norms(data: Dataset, centre: (cls: number) => number): Float64Array {
  const out = new Float64Array(data.n);
  for (let i = 0; i < data.n; i++) {
    let s = 0;
    for (let j = 0; j < data.d; j++) {
      const v = data.x[i * data.d + j] - (j === 0 ? centre(data.y[i]) : 0);
      s += v * v;
    }
    out[i] = Math.sqrt(s);
  }
  return out;
}

function meanOf(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

Deno.test("concentricSpheres: shape, balanced labels, radii as expected with noise", () => {
  const data = concentricSpheres({ n: 4000, seed: 3 });
  assert.equal(data.n, 8000);
  assert.equal(data.d, 10);
  assert.equal(data.x.length, 80000);
  assert.equal(data.classes, 2);
  const counts = [0, 0];
  for (const label of data.y) counts[label]++;
  assert.deepEqual(counts, [4000, 4000]);
  const r = norms(data, () => 0);
  const sigma = 0.75;
  for (const [cls, radius] of [[0, 3], [1, 6]]) {
    const rs = [...r].filter((_, i) => data.y[i] === cls);
    // E‖r·u + ε‖² = r² + d·σ² exactly; E‖r·u + ε‖ is a little below its square root.
    const meanSquare = meanOf(rs.map((v) => v * v));
    const expected = radius * radius + 10 * sigma * sigma;
    assert.ok(Math.abs(meanSquare - expected) < 0.4, `class ${cls}: ${meanSquare} vs ${expected}`);
    const meanNorm = meanOf(rs);
    assert.ok(
      meanNorm < Math.sqrt(expected) && meanNorm > Math.sqrt(expected) - 0.1,
      `class ${cls}: mean norm ${meanNorm}`,
    );
  }
  // Shuffled: the first 100 rows are not all of one class.
  const head = [...data.y.subarray(0, 100)].reduce((a, b) => a + b, 0);
  assert.ok(head > 20 && head < 80, `labels of the first 100 rows sum to ${head}`);
});

Deno.test("concentricSpheres: noise standard deviation is recovered", () => {
  // With r = 0 for both classes every point is pure noise.
  const data = concentricSpheres({ d: 4, n: 5000, r1: 0, r2: 0, noise: 0.5, seed: 11 });
  let s = 0, s2 = 0;
  for (const v of data.x) {
    s += v;
    s2 += v * v;
  }
  const m = s / data.x.length;
  const std = Math.sqrt(s2 / data.x.length - m * m);
  assert.ok(Math.abs(m) < 0.02, `mean ${m}`);
  assert.ok(Math.abs(std - 0.5) < 0.01, `std ${std}`);
  // Without noise, points lie exactly on the spheres.
  const clean = concentricSpheres({ d: 5, n: 200, noise: 0, seed: 2 });
  const r = norms(clean, () => 0);
  for (let i = 0; i < clean.n; i++) {
    assert.ok(Math.abs(r[i] - (clean.y[i] === 0 ? 3 : 6)) < 1e-5);
  }
});

Deno.test("concentricSpheres: same seed gives identical arrays, another seed differs", () => {
  const a = concentricSpheres({ n: 300, seed: 5 });
  const b = concentricSpheres({ n: 300, seed: 5 });
  const c = concentricSpheres({ n: 300, seed: 6 });
  assert.deepEqual(a.x, b.x);
  assert.deepEqual(a.y, b.y);
  assert.notDeepEqual(a.x, c.x);
});

Deno.test("spheres: bad options throw errors that name the option", () => {
  assert.throws(() => concentricSpheres({ d: 0 }), /concentricSpheres: option "d"/);
  assert.throws(() => concentricSpheres({ n: 2.5 }), /option "n": expected a positive integer/);
  assert.throws(() => concentricSpheres({ r1: -1 }), /option "r1"/);
  assert.throws(() => concentricSpheres({ noise: NaN }), /option "noise"/);
  assert.throws(() => intersectingSpheres({ offset: Infinity }), /option "offset"/);
});

// Density of u1 for u uniform on the unit sphere in R^d is ∝ (1 − t²)^((d−3)/2).
function capProbability(t: number, d: number): number {
  const f = (s: number) => Math.pow(1 - s * s, (d - 3) / 2);
  const steps = 20000;
  let all = 0, cap = 0;
  for (let k = 0; k < steps; k++) {
    const s = -1 + (2 * (k + 0.5)) / steps;
    all += f(s);
    if (s > t) cap += f(s);
  }
  return cap / all;
}

Deno.test("intersectingSpheres: the noise-free cap outside the outer sphere is as predicted", () => {
  const n = 20000;
  const data = intersectingSpheres({ n, noise: 0, seed: 1 });
  const offset = 3.5;
  const outside = [...norms(data, () => 0)].filter((r, i) => data.y[i] === 0 && r > 6).length;
  const measured = outside / n;
  const predicted = capProbability((36 - 9 - offset * offset) / (2 * 3 * offset), 10);
  const se = Math.sqrt(predicted * (1 - predicted) / n);
  assert.ok(predicted > 0.003 && predicted < 0.02, `predicted cap ${predicted}`);
  assert.ok(Math.abs(measured - predicted) < 4 * se, `cap ${measured} vs ${predicted}`);
  // The inner sphere is centred at offset·e1.
  const r = norms(data, (cls) => (cls === 0 ? offset : 0));
  for (let i = 0; i < data.n; i++) {
    assert.ok(Math.abs(r[i] - (data.y[i] === 0 ? 3 : 6)) < 1e-5);
  }
});

/** Share of points closer to the other class's noisy shell than to their own. */
function overlap(data: Dataset, offset: number, sigma: number): number {
  const shell = [Math.sqrt(9 + 10 * sigma * sigma), Math.sqrt(36 + 10 * sigma * sigma)];
  const r0 = norms(data, () => offset), r1 = norms(data, () => 0);
  let wrong = 0;
  for (let i = 0; i < data.n; i++) {
    const closerTo0 = Math.abs(r0[i] - shell[0]) < Math.abs(r1[i] - shell[1]);
    if (closerTo0 !== (data.y[i] === 0)) wrong++;
  }
  return wrong / data.n;
}

Deno.test("intersectingSpheres: classes overlap a few percent more than concentric ones", () => {
  const concentric = overlap(concentricSpheres({ n: 5000, seed: 4 }), 0, 0.75);
  const intersecting = overlap(intersectingSpheres({ n: 5000, seed: 4 }), 3.5, 0.75);
  console.log(`overlap: concentric ${concentric}, intersecting ${intersecting}`);
  assert.ok(concentric > 0.01 && concentric < 0.06, `concentric ${concentric}`);
  assert.ok(intersecting - concentric > 0.03, `intersecting ${intersecting}`);
  assert.ok(intersecting < 0.2, `intersecting ${intersecting}`);
});
