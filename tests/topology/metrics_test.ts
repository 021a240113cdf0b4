import assert from "node:assert/strict";
import { createRandom } from "../../src/data/random.ts";
import { bettiCurve, bettiNumber } from "../../src/topology/betti.ts";
import { bottleneckDistance } from "../../src/topology/bottleneck.ts";
import type { Diagram } from "../../src/topology/diagram.ts";
import { normalizedPersistentEntropy, persistentEntropy } from "../../src/topology/entropy.ts";
import { lifetimes, truncateDiagram } from "../../src/topology/lifetimes.ts";
import { amplitude, diagramMetrics, diagramTotalPersistence } from "../../src/topology/metrics.ts";
import { wassersteinDistance } from "../../src/topology/wasserstein.ts";

const close = (actual: number, expected: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)),
    `${what}: expected ${expected}, found ${actual}`,
  );

function assertAllFinite(m: object): void {
  for (const [key, value] of Object.entries(m)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) assert.ok(Number.isFinite(v), `${key} = ${v} is not a finite number`);
  }
}

Deno.test("diagramMetrics: hand-computed values with an infinite bar", () => {
  const d: Diagram = [[0, 1], [0, 3], [1, 2], [0.5, Infinity]];
  const m = diagramMetrics(d, { infinity: 4, grid: [0, 0.5, 1, 2, 3, 10] });
  // Lifetimes after cutting at 4: 1, 3, 1, 3.5 (sum 8.5).
  assert.equal(m.bars, 4);
  assert.equal(m.infiniteBars, 1);
  assert.equal(m.truncatedAt, 4);
  assert.equal(m.lifetimeMax, 3.5);
  close(m.lifetimeMean, 2.125, "mean");
  close(m.lifetimeMedian, 2, "median");
  close(m.lifetimeStd, Math.sqrt(5.1875 / 4), "std");
  close(m.totalPersistence1, 8.5, "total persistence 1");
  close(m.totalPersistence2, Math.sqrt(23.25), "total persistence 2");
  close(m.secondLongestRatio, 3 / 3.5, "second / longest");
  close(m.thirdLongestRatio, 1 / 3.5, "third / longest");
  const q = [1, 3, 1, 3.5].map((l) => l / 8.5);
  const h = -q.reduce((s, x) => s + x * Math.log(x), 0);
  close(m.entropy, h, "entropy");
  close(m.normalizedEntropy, h / Math.log(4), "normalised entropy");
  close(m.birthMean, 0.375, "birth mean");
  close(m.birthStd, Math.sqrt((0.140625 * 2 + 0.390625 + 0.015625) / 4), "birth std");
  close(m.deathMean, 2.5, "death mean");
  close(m.deathStd, Math.sqrt(1.25), "death std");
  close(m.amplitudeBottleneck, 1.75, "bottleneck amplitude");
  close(m.amplitudeWasserstein1, 4.25, "W1 amplitude");
  close(m.amplitudeWasserstein2, Math.sqrt(23.25) / 2, "W2 amplitude");
  // Essential bars stay alive in the Betti curve beyond the cut.
  assert.deepEqual(m.bettiCurve, [2, 3, 3, 2, 1, 1]);
  assert.deepEqual(JSON.parse(JSON.stringify(m)), m);
  assertAllFinite(m);
});

Deno.test("diagramMetrics: empty diagram is all zeros, never NaN", () => {
  const m = diagramMetrics([], { infinity: 1, grid: [0, 1] });
  assertAllFinite(m);
  for (const [key, value] of Object.entries(m)) {
    if (key === "truncatedAt") assert.equal(value, 1);
    else if (key === "bettiCurve") assert.deepEqual(value, [0, 0]);
    else assert.equal(value, 0, key);
  }
  assert.equal("bettiCurve" in diagramMetrics([], { infinity: 1 }), false);
});

Deno.test("diagramMetrics: one bar, all zero-length bars", () => {
  const one = diagramMetrics([[0.5, 2.5]], { infinity: 10 });
  assert.equal(one.lifetimeMax, 2);
  assert.equal(one.lifetimeMedian, 2);
  assert.equal(one.lifetimeStd, 0);
  assert.equal(one.entropy, 0);
  assert.equal(one.normalizedEntropy, 0);
  assert.equal(one.secondLongestRatio, 0);
  assert.equal(one.thirdLongestRatio, 0);
  assert.equal(one.infiniteBars, 0);
  const zero = diagramMetrics([[1, 1], [2, 2], [3, 3]], { infinity: 10 });
  assertAllFinite(zero);
  assert.equal(zero.lifetimeMax, 0);
  assert.equal(zero.entropy, 0);
  assert.equal(zero.normalizedEntropy, 0);
  assert.equal(zero.secondLongestRatio, 0);
  close(zero.birthMean, 2, "birth mean");
  close(zero.deathStd, Math.sqrt(2 / 3), "death std");
});

Deno.test("infinite bars: explicit cut, error without it, cut below birth gives 0", () => {
  assert.throws(
    () => lifetimes([[0, 1], [0, Infinity]]),
    /diagram\[1\]: death is Infinity; pass \{ infinity \}/,
  );
  assert.throws(() => diagramMetrics([[0, 1]], {} as { infinity: number }), /option "infinity"/);
  assert.throws(() => lifetimes([[0, 1]], { infinity: Infinity }), /option "infinity"/);
  assert.deepEqual(truncateDiagram([[2, Infinity]], { infinity: 1 }), [[2, 2]]);
  assert.deepEqual(lifetimes([[0, 1], [0.25, Infinity]], { infinity: 1 }), [1, 0.75]);
  const all = diagramMetrics([[0, Infinity], [1, Infinity]], { infinity: 3 });
  assert.equal(all.infiniteBars, 2);
  assert.equal(all.totalPersistence1, 5);
  assert.throws(
    () => diagramMetrics([[2, 1]], { infinity: 3 }),
    /diagram\[0\]: expected birth ≤ death/,
  );
});

Deno.test("Betti numbers count birth ≤ t < death", () => {
  const d: Diagram = [[0, 1], [1, 2], [1, 1]];
  assert.equal(bettiNumber(d, -1), 0);
  assert.equal(bettiNumber(d, 0), 1);
  assert.equal(bettiNumber(d, 1), 1); // [0,1) has died, [1,2) is born, [1,1) is empty
  assert.equal(bettiNumber(d, 2), 0);
  assert.deepEqual(bettiCurve(d, new Float32Array([0, 0.5, 1, 1.5, 2])), [1, 1, 1, 1, 0]);
  assert.deepEqual(bettiCurve([], [0, 1]), [0, 0]);
});

Deno.test("persistent entropy: uniform bars give ln n; normalised in [0, 1]", () => {
  for (const n of [2, 3, 5, 17]) {
    const d: Diagram = Array.from({ length: n }, (_, i) => [i, i + 0.5]);
    close(persistentEntropy(d), Math.log(n), `entropy of ${n} equal bars`);
    close(normalizedPersistentEntropy(d), 1, `normalised entropy of ${n} equal bars`);
  }
  // Two bars 1 and 3: −(¼ ln ¼ + ¾ ln ¾).
  close(
    persistentEntropy([[0, 1], [0, 3]]),
    -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)),
    "1,3",
  );
  // Zero-length bars do not change the entropy but count for the normalisation.
  close(persistentEntropy([[0, 1], [0, 1], [2, 2]]), Math.LN2, "with a zero bar");
  close(
    normalizedPersistentEntropy([[0, 1], [0, 1], [2, 2]]),
    Math.LN2 / Math.log(3),
    "normalised",
  );
  const random = createRandom(7);
  for (let k = 0; k < 20; k++) {
    const d: Diagram = Array.from({ length: 1 + random.int(30) }, () => {
      const b = random.next();
      return [b, b + random.next()];
    });
    const e = normalizedPersistentEntropy(d);
    assert.ok(e >= 0 && e <= 1, `normalised entropy ${e} outside [0, 1]`);
  }
});

Deno.test("amplitude and total persistence agree with distances to the empty diagram", () => {
  const random = createRandom(11);
  for (let k = 0; k < 20; k++) {
    const d: Diagram = Array.from({ length: random.int(25) }, () => {
      const b = random.next();
      return [b, b + random.next() * 2];
    });
    close(amplitude(d, { metric: "bottleneck" }), bottleneckDistance(d, []), "bottleneck");
    for (const p of [1, 2, 3]) {
      close(
        amplitude(d, { metric: "wasserstein", p }),
        wassersteinDistance(d, [], { p }),
        `Wasserstein-${p}`,
      );
    }
    const m = diagramMetrics(d, { infinity: 10 });
    close(m.amplitudeWasserstein2, wassersteinDistance(d, [], { p: 2 }), "metrics W2");
    close(m.totalPersistence2, diagramTotalPersistence(d, { p: 2 }), "total persistence 2");
  }
  close(diagramTotalPersistence([[0, Infinity]], { p: 1, infinity: 2 }), 2, "cut bar");
});
