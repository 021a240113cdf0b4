import assert from "node:assert/strict";
import { createRandom } from "../../src/data/random.ts";
import type { PointCloud } from "../../src/data/point_cloud.ts";
import { maxminLandmarks } from "../../src/geometry/landmarks.ts";
import { squaredEuclidean } from "../../src/geometry/distances.ts";

function randomCloud(n: number, d: number, seed: number): PointCloud {
  const random = createRandom(seed);
  return { data: new Float32Array(n * d).map(() => random.next()), n, d };
}

function dist(cloud: PointCloud, i: number, j: number): number {
  let s = 0;
  for (let k = 0; k < cloud.d; k++) {
    const t = cloud.data[i * cloud.d + k] - cloud.data[j * cloud.d + k];
    s += t * t;
  }
  return Math.sqrt(s);
}

/** Distance from point i to the nearest of the given landmarks, by brute force. */
function toLandmarks(cloud: PointCloud, i: number, landmarks: ArrayLike<number>): number {
  let best = Infinity;
  for (let l = 0; l < landmarks.length; l++) best = Math.min(best, dist(cloud, i, landmarks[l]));
  return best;
}

Deno.test("maxminLandmarks is deterministic for a seed and depends on it", () => {
  const cloud = randomCloud(300, 3, 2);
  const a = maxminLandmarks(cloud, 20, { seed: 7 }), b = maxminLandmarks(cloud, 20, { seed: 7 });
  assert.deepEqual(a.indices, b.indices);
  assert.equal(a.coveringRadius, b.coveringRadius);
  const firsts = new Set(
    [1, 2, 3, 4, 5].map((s) => maxminLandmarks(cloud, 1, { seed: s }).indices[0]),
  );
  assert.ok(firsts.size > 1, "different seeds should start from different points");
});

Deno.test("covering radius equals the brute-force maximum nearest-landmark distance", () => {
  const cloud = randomCloud(250, 4, 3);
  for (const m of [1, 5, 40]) {
    const { indices, coveringRadius } = maxminLandmarks(cloud, m, { seed: 11 });
    assert.equal(indices.length, m);
    assert.equal(new Set(indices).size, m, "landmarks are distinct");
    let want = 0;
    for (let i = 0; i < cloud.n; i++) want = Math.max(want, toLandmarks(cloud, i, indices));
    assert.ok(Math.abs(coveringRadius - want) <= 1e-12, `${coveringRadius} vs ${want}`);
  }
});

Deno.test("greedy property: each landmark is the farthest point from the previous ones", () => {
  const cloud = randomCloud(200, 2, 4);
  const { indices } = maxminLandmarks(cloud, 15, { seed: 5 });
  for (let l = 1; l < indices.length; l++) {
    const chosen = indices.subarray(0, l);
    let far = -1, farIndex = -1;
    for (let i = 0; i < cloud.n; i++) {
      const r = toLandmarks(cloud, i, chosen);
      if (r > far) {
        far = r;
        farIndex = i;
      }
    }
    assert.equal(indices[l], farIndex, `landmark ${l}`);
  }
});

Deno.test("ties are broken by the lowest index; duplicates never repeat a landmark", () => {
  // Points 0..3 on a line; 0 and 4 coincide. Start is seeded, then ties.
  const cloud = { data: new Float32Array([0, 1, 2, 3, 0]), n: 5, d: 1 };
  const { indices } = maxminLandmarks(cloud, 5, { seed: 1 });
  assert.deepEqual(Array.from(indices), [0, 1, 2, 3, 4]); // m ≥ n
  const three = maxminLandmarks(cloud, 4, { seed: 1 });
  assert.equal(new Set(three.indices).size, 4);
  // Symmetric square: from corner 0, corners 1 and 2 are equally near; farthest is 3.
  const square = { data: new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]), n: 4, d: 2 };
  for (let seed = 0; seed < 20; seed++) {
    const { indices: sq } = maxminLandmarks(square, 3, { seed });
    if (sq[0] === 0) {
      assert.deepEqual(Array.from(sq), [0, 3, 1]);
      return;
    }
  }
  assert.fail("no seed in 0..19 started at point 0");
});

Deno.test("m ≥ n returns every point with radius 0; bad m is rejected", () => {
  const cloud = randomCloud(6, 2, 1);
  for (const m of [6, 10]) {
    const { indices, coveringRadius } = maxminLandmarks(cloud, m, { seed: 3 });
    assert.deepEqual(Array.from(indices), [0, 1, 2, 3, 4, 5]);
    assert.equal(coveringRadius, 0);
  }
  assert.throws(() => maxminLandmarks(cloud, 0, { seed: 1 }), /argument "m".*found 0/);
  assert.throws(() => maxminLandmarks(cloud, 2.5, { seed: 1 }), /argument "m"/);
});

/** Farthest-point sampling scanning every point at every step: the reference. */
function fullScan(cloud: PointCloud, m: number, first: number): Int32Array {
  const nearest = new Float64Array(cloud.n).fill(Infinity);
  const chosen = new Uint8Array(cloud.n);
  const out = new Int32Array(m);
  let next = first;
  for (let l = 0; l < m; l++) {
    out[l] = next;
    chosen[next] = 1;
    let far = -1, farIndex = 0;
    for (let i = 0; i < cloud.n; i++) {
      let s = 0;
      for (let k = 0; k < cloud.d; k++) {
        const t = cloud.data[i * cloud.d + k] - cloud.data[next * cloud.d + k];
        s += t * t;
      }
      if (s < nearest[i]) nearest[i] = s;
      if (nearest[i] > far && !chosen[i]) {
        far = nearest[i];
        farIndex = i;
      }
    }
    next = farIndex;
  }
  return out;
}

Deno.test("pruning by the triangle inequality picks exactly the full scan's landmarks", () => {
  for (let seed = 0; seed < 12; seed++) {
    const random = createRandom(100 + seed);
    const n = 200 + random.int(400), d = 1 + random.int(12);
    // Clustered clouds with exact duplicates and an integer grid: ties and
    // zero distances are where a pruned scan could go wrong.
    const centres = Array.from(
      { length: 1 + random.int(6) },
      () => Array.from({ length: d }, () => random.next() * 10),
    );
    const data = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      const c = centres[random.int(centres.length)];
      for (let k = 0; k < d; k++) {
        data[i * d + k] = seed % 3 === 0
          ? random.int(3)
          : c[k] + (random.next() - 0.5) * (seed % 2 ? 0.1 : 2);
      }
      if (i > 0 && random.next() < 0.1) data.copyWithin(i * d, (i - 1) * d, i * d);
    }
    const cloud = { data, n, d };
    const m = Math.min(n - 1, 5 + random.int(120));
    const got = maxminLandmarks(cloud, m, { seed });
    assert.deepEqual(
      Array.from(got.indices),
      Array.from(fullScan(cloud, m, got.indices[0])),
      `seed ${seed}`,
    );
  }
});

/**
 * Farthest-point sampling the plain way, every point at every step, with the
 * same float64 distances (squaredEuclidean, no bound) and the same rule for
 * ties: what maxminLandmarks must return bit for bit, whatever it skips.
 */
function referenceMaxmin(
  cloud: PointCloud,
  m: number,
  first: number,
): { indices: number[]; coveringRadius: number } {
  const { data, n, d } = cloud;
  const nearest = new Float64Array(n).fill(Infinity);
  const chosen = new Uint8Array(n);
  const indices: number[] = [];
  let next = first;
  for (let l = 0; l < m; l++) {
    indices.push(next);
    chosen[next] = 1;
    for (let i = 0; i < n; i++) {
      nearest[i] = Math.min(nearest[i], squaredEuclidean(data, d, i, next));
    }
    let far = -1;
    for (let i = 0; i < n; i++) {
      if (!chosen[i] && nearest[i] > far) [far, next] = [nearest[i], i];
    }
  }
  return { indices, coveringRadius: Math.sqrt(Math.max(...nearest)) };
}

/** Clouds where a skipped distance would show: ties, duplicates, degenerate and badly scaled ones. */
const STRESS_KINDS = [
  "uniform",
  "grid",
  "relu",
  "sphere",
  "line",
  "few",
  "offset",
  "clusters",
] as const;

function stressCloud(
  kind: (typeof STRESS_KINDS)[number],
  n: number,
  d: number,
  seed: number,
): PointCloud {
  const random = createRandom(seed);
  const data = new Float32Array(n * d);
  const direction = Array.from({ length: d }, () => random.normal());
  const centres = Array.from({ length: 3 }, () => Array.from({ length: d }, () => random.int(4)));
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: d }, () => random.normal());
    const norm = Math.hypot(...row) || 1;
    const c = centres[random.int(3)];
    for (let k = 0; k < d; k++) {
      data[i * d + k] = {
        uniform: random.next(),
        grid: random.int(3),
        relu: Math.max(0, row[k]),
        sphere: (1 + random.int(2)) * row[k] / norm,
        line: direction[k] * random.int(40) / 8,
        few: c[k],
        offset: 4096 + row[k] * 2 ** -8,
        clusters: c[k] + row[k] * 1e-3,
      }[kind];
    }
    // Exact copies of earlier points
    if (i > 0 && random.next() < 0.15) {
      data.copyWithin(i * d, random.int(i) * d, random.int(i) * d + d);
    }
  }
  return { data, n, d };
}

Deno.test("maxminLandmarks equals the plain loop bit for bit: dims 1–10, ties, duplicates, degenerate clouds", () => {
  let cases = 0;
  for (let d = 1; d <= 10; d++) {
    for (const [k, kind] of STRESS_KINDS.entries()) {
      const seed = 1000 * d + k, random = createRandom(seed);
      const n = 120 + random.int(300);
      const cloud = stressCloud(kind, n, d, seed);
      for (const m of [1 + random.int(n - 1), n - 1]) {
        const got = maxminLandmarks(cloud, m, { seed });
        const want = referenceMaxmin(cloud, m, got.indices[0]);
        const what = `${kind}, d ${d}, n ${n}, m ${m}`;
        assert.deepEqual(Array.from(got.indices), want.indices, what);
        assert.ok(Object.is(got.coveringRadius, want.coveringRadius), `${what}: radius`);
        cases++;
      }
    }
  }
  assert.equal(cases, 160);
});
