/**
 * Differential tests of the diagram distances against GUDHI 3.7.1
 * (`gudhi.bottleneck_distance` with e = 0, `gudhi.hera.wasserstein_distance`
 * with delta = 1e-10), on seeded random diagrams with ties, zero-length bars,
 * points near the diagonal and essential bars.
 */
import assert from "node:assert/strict";
import { createRandom, type Random } from "../../src/data/random.ts";
import { bottleneckDistance, bottleneckMatching } from "../../src/topology/bottleneck.ts";
import { wassersteinDistance, wassersteinMatching } from "../../src/topology/wasserstein.ts";
import type { Diagram } from "../../src/topology/diagram.ts";

const ORACLE = `
import sys, json, math
import numpy as np
import gudhi, gudhi.hera
def arr(d):
    return np.array([[b, math.inf if x is None else x] for b, x in d], dtype=float).reshape(-1, 2)
def out(v):
    return None if math.isinf(v) else v
res = []
for case in json.load(sys.stdin):
    a, b = arr(case["a"]), arr(case["b"])
    r = {"bottleneck": out(gudhi.bottleneck_distance(a, b, 0))}
    for p in (1, 2, 3):
        r["w%d" % p] = out(gudhi.hera.wasserstein_distance(a, b, order=p, internal_p=math.inf, delta=1e-10))
    r["w2l2"] = out(gudhi.hera.wasserstein_distance(a, b, order=2, internal_p=2, delta=1e-10))
    res.append(r)
print(json.dumps({"version": gudhi.__version__, "results": res}))
`;

interface OracleResult {
  bottleneck: number | null;
  w1: number | null;
  w2: number | null;
  w3: number | null;
  w2l2: number | null;
}

async function runOracle(
  cases: Array<{ a: Diagram; b: Diagram }>,
): Promise<{ version: string; results: OracleResult[] }> {
  const input = JSON.stringify(cases.map(({ a, b }) => ({
    a: a.map(([x, y]) => [x, Number.isFinite(y) ? y : null]),
    b: b.map(([x, y]) => [x, Number.isFinite(y) ? y : null]),
  })));
  const errors: string[] = [];
  // Debian's python3-gudhi lives in the system interpreter; a pyenv python3 on PATH lacks it.
  for (const python of ["/usr/bin/python3", "python3"]) {
    try {
      const child = new Deno.Command(python, {
        args: ["-c", ORACLE],
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const writer = child.stdin.getWriter();
      await writer.write(new TextEncoder().encode(input));
      await writer.close();
      const { code, stdout, stderr } = await child.output();
      if (code === 0) return JSON.parse(new TextDecoder().decode(stdout));
      errors.push(`${python}: exit ${code}: ${new TextDecoder().decode(stderr).slice(-300)}`);
    } catch (error) {
      errors.push(`${python}: ${error}`);
    }
  }
  throw new Error(
    `distances_gudhi_test: GUDHI oracle unavailable (install Debian python3-gudhi):\n${
      errors.join("\n")
    }`,
  );
}

/** A value on a coarse grid (ties) or a continuous one. */
function coordinate(random: Random, scale: number): number {
  return random.next() < 0.3 ? Math.round(random.next() * 8) * scale / 8 : random.next() * scale;
}

function randomDiagram(random: Random, size: number, essential: number): Diagram {
  const diagram: Diagram = [];
  for (let k = 0; k < size; k++) {
    const birth = coordinate(random, 2);
    const kind = random.next();
    let length: number;
    if (kind < 0.1) length = 0; // on the diagonal
    else if (kind < 0.2) length = random.next() * 1e-6; // near the diagonal
    else length = coordinate(random, 1.5);
    diagram.push([birth, birth + length]);
  }
  for (let k = 0; k < essential; k++) diagram.push([coordinate(random, 2), Infinity]);
  // Shuffle so essential points are not all at the end.
  for (let i = diagram.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [diagram[i], diagram[j]] = [diagram[j], diagram[i]];
  }
  return diagram;
}

function makeCases(seed: number, count: number): Array<{ a: Diagram; b: Diagram }> {
  const random = createRandom(seed);
  const cases: Array<{ a: Diagram; b: Diagram }> = [];
  for (let k = 0; k < count; k++) {
    const sizeA = k < 4 ? k % 2 : random.int(81), sizeB = k < 4 ? (k >> 1) : random.int(81);
    const u = random.next();
    const essentialA = u < 0.5 ? 0 : 1 + random.int(3);
    const essentialB = u < 0.9 ? essentialA : random.int(4); // sometimes different counts
    cases.push({
      a: randomDiagram(random, sizeA, essentialA),
      b: randomDiagram(random, sizeB, essentialB),
    });
  }
  return cases;
}

function assertClose(actual: number, expected: number | null, what: string): void {
  const want = expected === null ? Infinity : expected;
  if (want === Infinity || actual === Infinity) {
    assert.equal(actual, want, what);
    return;
  }
  const error = Math.abs(actual - want);
  assert.ok(
    error <= 1e-6 * Math.max(Math.abs(want), 1e-12) || error <= 1e-12,
    `${what}: expected ${want} (GUDHI), found ${actual} (error ${error})`,
  );
}

/** Check that a matching uses every point once and that its cost is the distance. */
function assertMatchingValid(
  a: Diagram,
  b: Diagram,
  matching: Array<[number, number]>,
  costOf: (costs: number[]) => number,
  distance: number,
  what: string,
): void {
  const seenA = new Set<number>(), seenB = new Set<number>();
  const costs: number[] = [];
  for (const [i, j] of matching) {
    assert.ok(i >= 0 || j >= 0, `${what}: pair [-1, -1]`);
    if (i >= 0) {
      assert.ok(!seenA.has(i), `${what}: point ${i} of a matched twice`);
      seenA.add(i);
    }
    if (j >= 0) {
      assert.ok(!seenB.has(j), `${what}: point ${j} of b matched twice`);
      seenB.add(j);
    }
    if (i >= 0 && j >= 0) {
      const [b1, d1] = a[i], [b2, d2] = b[j];
      assert.equal(
        Number.isFinite(d1),
        Number.isFinite(d2),
        `${what}: finite matched to essential`,
      );
      costs.push(Math.max(Math.abs(b1 - b2), Number.isFinite(d1) ? Math.abs(d1 - d2) : 0));
    } else {
      const [birth, death] = i >= 0 ? a[i] : b[j];
      costs.push((death - birth) / 2);
    }
  }
  assert.equal(seenA.size, a.length, `${what}: every point of a matched`);
  assert.equal(seenB.size, b.length, `${what}: every point of b matched`);
  assertClose(costOf(costs), distance, `${what}: matching cost`);
}

Deno.test("bottleneck and Wasserstein distances agree with GUDHI on random diagrams", async () => {
  const cases = makeCases(20261121, 60);
  const { version, results } = await runOracle(cases);
  assert.equal(version, "3.7.1", "GUDHI version the conventions were checked against");
  let infinite = 0;
  cases.forEach(({ a, b }, k) => {
    const want = results[k];
    const what = `case ${k} (|a| = ${a.length}, |b| = ${b.length})`;
    const bottleneck = bottleneckMatching(a, b);
    assertClose(bottleneck.distance, want.bottleneck, `${what} bottleneck`);
    assertClose(bottleneckDistance(b, a), want.bottleneck, `${what} bottleneck (swapped)`);
    if (bottleneck.distance === Infinity) infinite++;
    else {
      assertMatchingValid(
        a,
        b,
        bottleneck.matching,
        (c) => Math.max(0, ...c),
        bottleneck.distance,
        `${what} bottleneck matching`,
      );
    }
    for (const p of [1, 2, 3] as const) {
      const w = wassersteinMatching(a, b, { p });
      assertClose(w.distance, want[`w${p}`], `${what} W${p}`);
      if (w.distance !== Infinity) {
        assertMatchingValid(
          a,
          b,
          w.matching,
          (c) => c.reduce((s, x) => s + x ** p, 0) ** (1 / p),
          w.distance,
          `${what} W${p} matching`,
        );
      }
    }
    assertClose(wassersteinDistance(a, b, { p: 2, internalP: 2 }), want.w2l2, `${what} W2 L2`);
  });
  // The generator must exercise both the finite and the infinite outcome.
  assert.ok(infinite > 0 && infinite < cases.length, `infinite outcomes: ${infinite}`);
});

Deno.test("distances: GUDHI conventions for essential points, by hand", () => {
  // Finite (0,1)↔(0,2) costs 1 (< 0.5 + 1 via the diagonal); essential births 0↔1 cost 1.
  assert.equal(bottleneckDistance([[0, 1], [0, Infinity]], [[0, 2], [1, Infinity]]), 1);
  assert.equal(wassersteinDistance([[0, 1], [0, Infinity]], [[0, 2], [1, Infinity]]), 2);
  assert.equal(
    wassersteinDistance([[0, 1], [0, Infinity]], [[0, 2], [1, Infinity]], { p: 2 }),
    Math.SQRT2,
  );
  // Different essential counts, or different kinds: Infinity.
  assert.equal(bottleneckDistance([[0, Infinity]], [[0, Infinity], [2, Infinity]]), Infinity);
  assert.equal(wassersteinDistance([[0, Infinity]], [[-Infinity, 3]]), Infinity);
  assert.equal(bottleneckDistance([[-Infinity, 2]], [[-Infinity, 3]]), 1);
  assert.equal(wassersteinDistance([[-Infinity, Infinity]], [[-Infinity, Infinity]]), 0);
  // The internal L2 metric moves a point to the diagonal at ℓ / √2.
  assert.equal(wassersteinDistance([[0, 1]], [], { internalP: 2 }), Math.SQRT1_2);
  // Identical diagrams (any order) are at distance 0; the empty pair too.
  const d: Diagram = [[0, 1], [0.5, 2], [1, 1], [0, Infinity]];
  assert.equal(bottleneckDistance(d, [...d].reverse()), 0);
  assert.equal(wassersteinDistance(d, [...d].reverse(), { p: 2 }), 0);
  assert.equal(bottleneckDistance([], []), 0);
  assert.equal(wassersteinDistance([], []), 0);
});

Deno.test("distances: bad input is named", () => {
  assert.throws(
    () => bottleneckDistance([[1, 0]], []),
    /first diagram\[0\]: expected birth ≤ death/,
  );
  assert.throws(
    () => wassersteinDistance([], [[0, NaN]]),
    /second diagram\[0\]: expected two numbers/,
  );
  assert.throws(() => wassersteinDistance([], [], { p: 0.5 }), /option "p"/);
  assert.throws(() => wassersteinDistance([], [], { p: Infinity }), /option "p"/);
});
