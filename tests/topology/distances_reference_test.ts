/**
 * Differential tests of the diagram distances against plain reference
 * implementations kept here: the bottleneck distance as the least candidate
 * value at which the augmented graph (each diagram with the other's diagonal
 * copies, complete between the copies) has a perfect matching, found by
 * trying every candidate in order with simple augmenting paths; the
 * Wasserstein distance by building the augmented cost matrix entry by entry
 * and solving it with the same assignment. Values must agree to the last bit
 * (Object.is), on generated diagrams with ties, duplicates, zero-length and
 * essential bars, empty diagrams, very different sizes and extreme values.
 */
import assert from "node:assert/strict";
import { createRandom, type Random } from "../../src/data/random.ts";
import { bottleneckDistance, bottleneckMatching } from "../../src/topology/bottleneck.ts";
import { assignment, type DiagramInput, hopcroftKarp } from "../../src/topology/matching.ts";
import { wassersteinDistance, wassersteinMatching } from "../../src/topology/wasserstein.ts";

type Pair = [number, number];

/** Indices of the finite off-diagonal points, and the essential ones by kind. */
function parts(d: DiagramInput) {
  const finite: number[] = [], kinds: number[][] = [[], [], []];
  d.forEach(([b, e], i) => {
    if (b === e) return;
    if (Number.isFinite(b) && Number.isFinite(e)) finite.push(i);
    else kinds[Number.isFinite(b) ? 0 : Number.isFinite(e) ? 1 : 2].push(i);
  });
  return { finite, kinds };
}

/** Sorted per-kind essential costs, or null when some kind's counts differ. */
function essentialCosts(a: DiagramInput, b: DiagramInput): number[] | null {
  const pa = parts(a).kinds, pb = parts(b).kinds, costs: number[] = [];
  for (let k = 0; k < 3; k++) {
    if (pa[k].length !== pb[k].length) return null;
    const key = (d: DiagramInput) => (i: number) => k === 2 ? 0 : d[i][k === 0 ? 0 : 1];
    const xs = pa[k].map(key(a)).sort((x, y) => x - y);
    const ys = pb[k].map(key(b)).sort((x, y) => x - y);
    xs.forEach((x, i) => costs.push(Math.abs(x - ys[i])));
  }
  return costs;
}

/** The augmented graph at radius r as adjacency lists (left: a, b's copies; right: b, a's copies). */
function augmentedGraph(a: Pair[], b: Pair[], r: number): number[][] {
  const nA = a.length, nB = b.length, lists: number[][] = [];
  const cost = (p: Pair, q: Pair) => Math.max(Math.abs(p[0] - q[0]), Math.abs(p[1] - q[1]));
  for (let i = 0; i < nA; i++) {
    const list = b.flatMap((q, j) => cost(a[i], q) <= r ? [j] : []);
    if ((a[i][1] - a[i][0]) / 2 <= r) list.push(nB + i);
    lists.push(list);
  }
  for (let j = 0; j < nB; j++) {
    const list = (b[j][1] - b[j][0]) / 2 <= r ? [j] : [];
    for (let i = 0; i < nA; i++) list.push(nB + i);
    lists.push(list);
  }
  return lists;
}

/** Whether the graph has a perfect matching (Kuhn's augmenting paths, recursive). */
function perfect(lists: number[][]): boolean {
  const mate = new Array<number>(lists.length).fill(-1);
  for (let u = 0; u < lists.length; u++) {
    const seen = new Set<number>();
    const tryLeft = (x: number): boolean =>
      lists[x].some((v) => {
        if (seen.has(v)) return false;
        seen.add(v);
        if (mate[v] >= 0 && !tryLeft(mate[v])) return false;
        mate[v] = x;
        return true;
      });
    if (!tryLeft(u)) return false;
  }
  return true;
}

function finitePoints(d: DiagramInput): Pair[] {
  return parts(d).finite.map((i) => [d[i][0], d[i][1]]);
}

/** The reference bottleneck distance of the finite points: the least feasible candidate. */
function referenceFiniteBottleneck(fa: Pair[], fb: Pair[]): number {
  if (fa.length + fb.length === 0) return 0;
  const candidates = new Set<number>();
  for (const [x, y] of [...fa, ...fb]) candidates.add((y - x) / 2);
  for (const p of fa) {
    for (const q of fb) candidates.add(Math.max(Math.abs(p[0] - q[0]), Math.abs(p[1] - q[1])));
  }
  const sorted = [...candidates].sort((x, y) => x - y);
  // Binary search, then check that the value before is infeasible (the test is monotone).
  let lo = 0, hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (perfect(augmentedGraph(fa, fb, sorted[mid]))) hi = mid;
    else lo = mid + 1;
  }
  assert.ok(perfect(augmentedGraph(fa, fb, sorted[lo])));
  if (lo > 0) assert.ok(!perfect(augmentedGraph(fa, fb, sorted[lo - 1])));
  return sorted[lo];
}

/**
 * The matching the bottleneck distance has always returned: Hopcroft–Karp on
 * the augmented graph at the distance, edges in the order above, in local
 * indices of the finite points.
 */
function referenceFiniteMatching(fa: Pair[], fb: Pair[], r: number): Pair[] {
  const n = fa.length + fb.length;
  const lists = augmentedGraph(fa, fb, r);
  const offsets = new Int32Array(n + 1);
  lists.forEach((list, u) => offsets[u + 1] = offsets[u] + list.length);
  const { leftMate } = hopcroftKarp(n, n, offsets, Int32Array.from(lists.flat()));
  const pairs: Pair[] = [];
  for (let u = 0; u < fa.length; u++) pairs.push([u, leftMate[u] < fb.length ? leftMate[u] : -1]);
  for (let j = 0; j < fb.length; j++) if (leftMate[fa.length + j] === j) pairs.push([-1, j]);
  return pairs;
}

/** The reference p-Wasserstein distance (internal L∞ or L^q) with its row-to-column assignment. */
function referenceWasserstein(a: DiagramInput, b: DiagramInput, p: number, q: number) {
  const essential = essentialCosts(a, b);
  const fa = finitePoints(a), fb = finitePoints(b), nA = fa.length, n = nA + fb.length;
  const ground = (x: number, y: number) =>
    q === Infinity
      ? Math.max(x, y)
      : q === 1
      ? x + y
      : q === 2
      ? Math.hypot(x, y)
      : (x ** q + y ** q) ** (1 / q);
  const toDiagonal = ([x, y]: Pair) => q === Infinity ? (y - x) / 2 : (y - x) / 2 * 2 ** (1 / q);
  const cost = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const value = r < nA && c < fb.length
        ? ground(Math.abs(fa[r][0] - fb[c][0]), Math.abs(fa[r][1] - fb[c][1]))
        : r < nA
        ? toDiagonal(fa[r])
        : c < fb.length
        ? toDiagonal(fb[c])
        : 0;
      cost[r * n + c] = value ** p;
    }
  }
  const rowToColumn = n > 0 ? assignment(cost, n) : new Int32Array(0);
  let total = 0;
  for (let r = 0; r < n; r++) total += cost[r * n + rowToColumn[r]];
  for (const c of essential ?? []) total += c ** p;
  return { distance: essential === null ? Infinity : total ** (1 / p), rowToColumn, nA };
}

/** A coordinate on a coarse grid (ties) or continuous. */
function coordinate(random: Random, scale: number): number {
  return random.next() < 0.4 ? Math.round(random.next() * 6) * scale / 6 : random.next() * scale;
}

function randomDiagram(random: Random, size: number, essential: number[]): Pair[] {
  const d: Pair[] = [];
  for (let k = 0; k < size; k++) {
    const birth = coordinate(random, 2), kind = random.next();
    if (kind < 0.08) d.push([birth, birth]); // zero length
    else if (kind < 0.14 && d.length > 0) d.push([...d[random.int(d.length)]]); // duplicate
    else if (kind < 0.2) d.push([birth, birth + random.next() * 1e-9]); // near the diagonal
    else d.push([birth, birth + coordinate(random, 1.5)]);
  }
  for (let k = 0; k < essential[0]; k++) d.push([coordinate(random, 2), Infinity]);
  for (let k = 0; k < essential[1]; k++) d.push([-Infinity, coordinate(random, 2)]);
  for (let k = 0; k < essential[2]; k++) d.push([-Infinity, Infinity]);
  for (let i = d.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [d[i], d[j]] = [d[j], d[i]];
  }
  return d;
}

/** A perturbed copy, some points dropped and some added: the study's consecutive snapshots. */
function neighbour(random: Random, d: Pair[]): Pair[] {
  const out: Pair[] = [];
  for (const [x, y] of d) {
    if (Number.isFinite(y) && random.next() < 0.1) continue;
    const shift = random.next() < 0.3 ? 0 : (random.next() - 0.5) * 0.05;
    out.push(Number.isFinite(y) ? [x + shift, Math.max(x + shift, y + shift * 2)] : [x, y]);
  }
  return out.concat(randomDiagram(random, random.int(5), [0, 0, 0]));
}

/** Pairs of diagrams: empty ones, very different sizes, neighbours, essential counts that differ. */
function makeCases(seed: number, count: number): Array<[Pair[], Pair[]]> {
  const random = createRandom(seed);
  const cases: Array<[Pair[], Pair[]]> = [[[], []], [[[0, 1]], []], [[], [[0, 0]]]];
  while (cases.length < count) {
    const shape = random.int(4);
    const sizeA = [random.int(3), random.int(40), random.int(90), 1 + random.int(4)][shape];
    const sizeB = [random.int(40), random.int(40), random.int(90), 60 + random.int(60)][shape];
    const essential = [random.int(3), random.int(2), random.int(2)];
    const a = randomDiagram(random, sizeA, essential);
    const same = random.next() < 0.9;
    const essentialB = same ? essential : [random.int(3), random.int(2), random.int(2)];
    const b = random.next() < 0.5 ? neighbour(random, a) : randomDiagram(random, sizeB, essentialB);
    cases.push(random.next() < 0.5 ? [a, b] : [b, a]);
  }
  return cases;
}

/** Hand-made corners: diagonal distances that underflow to 0 or overflow to Infinity, one point each side. */
const CORNERS: Array<[Pair[], Pair[]]> = [
  [[[0, 5e-324]], [[0, 1e-323]]],
  [[[0, 5e-324], [1, 1]], []],
  [[[-1e308, 1e308]], [[0, 1]]],
  [[[-1e308, 1e308], [0, 1]], [[-1e308, 1.5e308], [0, 2]]],
  [[[0, 1], [0, 1], [0, 1]], [[0, 1]]],
  [[[0, 2], [1, 3]], [[1, 3], [0, 2]]],
  [[[0, Infinity], [0, 1]], [[0, Infinity]]],
];

Deno.test("bottleneck distance: bit-identical to the reference on generated diagrams", () => {
  const cases = [...CORNERS, ...makeCases(20261202, 600)];
  let infinite = 0, positive = 0;
  cases.forEach(([a, b], k) => {
    const fa = finitePoints(a), fb = finitePoints(b), essential = essentialCosts(a, b);
    const finiteDistance = referenceFiniteBottleneck(fa, fb);
    const want = essential === null ? Infinity : Math.max(finiteDistance, ...essential);
    const what = `case ${k} (|a| = ${a.length}, |b| = ${b.length})`;
    assert.ok(Object.is(bottleneckDistance(a, b), want), `${what}: expected ${want}`);
    assert.ok(Object.is(bottleneckDistance(b, a), want), `${what} swapped: expected ${want}`);
    const { distance, matching } = bottleneckMatching(a, b);
    assert.ok(Object.is(distance, want), `${what} matching's distance`);
    if (want === Infinity) infinite++;
    else if (want > 0) positive++;
    // The finite points' part of the matching is the one the augmented graph always gave.
    const ia = parts(a).finite, ib = parts(b).finite;
    const expected = referenceFiniteMatching(fa, fb, finiteDistance).map(([u, v]) =>
      JSON.stringify([u < 0 ? -1 : ia[u], v < 0 ? -1 : ib[v]])
    );
    const finite = new Set([...ia.map((i) => `a${i}`), ...ib.map((j) => `b${j}`)]);
    const found = matching.filter(([i, j]) => finite.has(`a${i}`) || finite.has(`b${j}`));
    assert.deepEqual(found.map((m) => JSON.stringify(m)), expected, `${what} matching`);
  });
  assert.ok(infinite > 0 && positive > cases.length / 2, `${infinite} infinite, ${positive} > 0`);
});

Deno.test("Wasserstein distance: bit-identical to the reference on generated diagrams", () => {
  const cases = [...CORNERS.slice(0, 2), ...CORNERS.slice(4), ...makeCases(20261203, 150)];
  for (const [k, [a, b]] of cases.entries()) {
    for (const [p, q] of [[1, Infinity], [2, Infinity], [3, 2], [1.5, 1]]) {
      const want = referenceWasserstein(a, b, p, q);
      const what = `case ${k} (|a| = ${a.length}, |b| = ${b.length}) p = ${p}, q = ${q}`;
      const found = wassersteinDistance(a, b, { p, internalP: q });
      assert.ok(Object.is(found, want.distance), `${what}: ${found} ≠ ${want.distance}`);
      const { distance, matching } = wassersteinMatching(a, b, { p, internalP: q });
      assert.ok(Object.is(distance, want.distance), `${what}: matching's distance`);
      const ia = parts(a).finite, ib = parts(b).finite, nB = ib.length;
      const expected: string[] = [];
      want.rowToColumn.forEach((c, r) => {
        if (r < want.nA) expected.push(JSON.stringify([ia[r], c < nB ? ib[c] : -1]));
        else if (c < nB) expected.push(JSON.stringify([-1, ib[c]]));
      });
      assert.deepEqual(matching.slice(0, expected.length).map((m) => JSON.stringify(m)), expected);
    }
  }
});
