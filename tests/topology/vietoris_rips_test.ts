import assert from "node:assert/strict";
import { estimateMemory, vietorisRips } from "../../src/topology/vietoris_rips.ts";
import { explicitRipsDiagrams } from "../../src/topology/explicit_rips.ts";
import { RipsCohomology, ripsCohomology } from "../../src/topology/rips_cohomology.ts";
import { enclosingRadius } from "../../src/topology/enclosing_radius.ts";
import { plainDistances } from "../../src/geometry/distances.ts";
import type { Diagram } from "../../src/topology/diagram.ts";
import { diagramDifference, hasRipser, runRipser } from "./ripser_oracle.ts";
import {
  cliffordTorus,
  gaussianClusters,
  integerGrid,
  noisyCircle,
  noisySphere,
  uniformCloud,
} from "./shapes.ts";
import { createRandom } from "../../src/data/random.ts";
import { sortSimplices } from "../../src/topology/simplex_sort.ts";
import { bottleneckDistance } from "../../src/topology/bottleneck.ts";

const lifetimes = (diagram: Diagram) => diagram.map(([b, d]) => d - b).sort((x, y) => y - x);
const longBars = (diagram: Diagram, cut: number) => lifetimes(diagram).filter((l) => l > cut);

Deno.test("noisy circle: exactly one long H1 bar", () => {
  const barcode = vietorisRips(noisyCircle(100, 0.05, 1), { maxDim: 1 });
  assert.equal(barcode.diagrams.length, 2);
  assert.equal(longBars(barcode.diagrams[1], 0.5).length, 1);
  assert.equal(barcode.diagrams[0].filter(([, d]) => d === Infinity).length, 1);
});

Deno.test("2-sphere: one long H2 bar, no long H1 bar", () => {
  const barcode = vietorisRips(noisySphere(120, 3, 0.02, 2), {
    maxDim: 2,
    threshold: 1.3,
  });
  assert.equal(longBars(barcode.diagrams[2], 0.6).length, 1);
  assert.equal(longBars(barcode.diagrams[1], 0.6).length, 0);
});

Deno.test("flat torus in R^4: two long H1 bars, one long H2 bar", () => {
  const barcode = vietorisRips(cliffordTorus(14, 0.02, 3), { maxDim: 2, threshold: 1.2 });
  assert.equal(longBars(barcode.diagrams[1], 0.5).length, 2);
  assert.equal(longBars(barcode.diagrams[2], 0.5).length, 1);
});

Deno.test("default threshold is the enclosing radius; diagrams sorted by birth then death", () => {
  const cloud = uniformCloud(60, 3, 4);
  const barcode = vietorisRips(cloud, { maxDim: 2 });
  assert.equal(barcode.n, 60);
  assert.equal(
    barcode.threshold,
    enclosingRadius(plainDistances(cloud, { rounding: "ripser" }).data, 60),
  );
  for (const diagram of barcode.diagrams) {
    for (let i = 1; i < diagram.length; i++) {
      const [b0, d0] = diagram[i - 1], [b1, d1] = diagram[i];
      assert.ok(b0 < b1 || (b0 === b1 && d0 <= d1), `not sorted at ${i}`);
    }
    for (const [b, d] of diagram) assert.ok(d > b);
  }
});

/**
 * A generated input for the reduction variants: `points[0]` plus up to
 * `points[1]` − 1 points in R^2 to R^4, an integer grid for odd seeds, else uniform;
 * Ripser-rounded distances at the enclosing radius; maxDim 1 to `dims`.
 */
function generatedInput(seed: number, stream: number, points: [number, number], dims: number) {
  const random = createRandom(stream + seed);
  const n = points[0] + random.int(points[1]), d = 2 + random.int(3), maxDim = 1 + random.int(dims);
  const cloud = seed % 2 ? integerGrid(n, d, 4, seed) : uniformCloud(n, d, seed);
  const lower = plainDistances(cloud, { rounding: "ripser" }).data;
  return { n, maxDim, lower, threshold: Math.fround(enclosingRadius(lower, n)) };
}

Deno.test("top-dimensional indices shifted by −2^53 give the same intervals in the same order", () => {
  for (let seed = 1; seed <= 16; seed++) {
    const { n, maxDim, lower, threshold } = generatedInput(seed, 100, [12, 30], 3);
    for (const mode of ["dense", "sparse"] as const) {
      const plain = ripsCohomology(lower, n, maxDim, threshold, mode);
      const shifted = ripsCohomology(lower, n, maxDim, threshold, mode, { shiftTop: true });
      assert.deepEqual(shifted, plain, `seed ${seed}, ${mode}, maxDim ${maxDim}`);
      assert.ok(plain[maxDim].length + plain[0].length > 0);
    }
  }
});

Deno.test("columns turned into buckets give the same intervals in the same order", () => {
  let conversions = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const { n, maxDim, lower, threshold } = generatedInput(seed, 200, [50, 40], 2);
    for (const sparse of [false, true]) {
      const plain = ripsCohomology(lower, n, maxDim, threshold, sparse ? "sparse" : "dense");
      const engine = new RipsCohomology(lower, n, maxDim, threshold, sparse, { bucketAfter: 0 });
      assert.deepEqual(engine.compute(), plain, `seed ${seed}, sparse ${sparse}, maxDim ${maxDim}`);
      conversions += engine.work.conversions + engine.reduction.conversions;
    }
  }
  assert.ok(conversions > 20, `only ${conversions} columns turned into buckets`);
});

Deno.test("dense, sparse and explicit reductions agree exactly on tie-heavy inputs", () => {
  for (let seed = 1; seed <= 24; seed++) {
    const random = createRandom(seed);
    const n = 10 + random.int(22), d = 2 + random.int(3), maxDim = random.int(4);
    const cloud = seed % 2 ? integerGrid(n, d, 4, seed) : gaussianClusters(n, 3, d, seed);
    const lower = plainDistances(cloud, { rounding: "ripser" }).data;
    const threshold = Math.fround(
      seed % 3 === 0 ? enclosingRadius(lower, n) : 1 + 2 * random.next(),
    );
    const reference = explicitRipsDiagrams(lower, n, maxDim, threshold, 2 ** 30);
    for (const mode of ["dense", "sparse", "dense, nearest orders at once"] as const) {
      const ours = mode === "dense, nearest orders at once"
        ? ripsCohomology(lower, n, maxDim, threshold, "dense", { nearestAfter: 0 })
        : ripsCohomology(lower, n, maxDim, threshold, mode);
      for (let k = 0; k <= maxDim; k++) {
        const difference = diagramDifference(ours[k], reference[k], 0, false);
        assert.equal(difference, null, `seed ${seed}, ${mode}, H${k}: ${difference}`);
      }
    }
  }
});

Deno.test("point cloud, packed lower and full matrices give the same barcode", () => {
  const cloud = uniformCloud(40, 4, 5);
  const lower = plainDistances(cloud, { rounding: "ripser" });
  const full = new Float32Array(40 * 40);
  for (let i = 1, k = 0; i < 40; i++) {
    for (let j = 0; j < i; j++, k++) full[i * 40 + j] = full[j * 40 + i] = lower.data[k];
  }
  const a = vietorisRips(cloud, { maxDim: 2 });
  const b = vietorisRips(lower, { maxDim: 2 });
  const c = vietorisRips({ kind: "full", data: full, n: 40 }, { maxDim: 2 });
  assert.deepEqual(b, a);
  assert.deepEqual(c, a);
});

Deno.test("cosine and correlation metrics: scaled copies are at distance 0", () => {
  const base = uniformCloud(20, 3, 6);
  const data = new Float32Array(120);
  data.set(base.data);
  for (let i = 0; i < 60; i++) data[60 + i] = 3 * base.data[i];
  for (const metric of ["cosine", "correlation"] as const) {
    const lower = plainDistances({ data, n: 40, d: 3 }, { metric, rounding: "ripser" }).data;
    for (let i = 20; i < 40; i++) {
      assert.ok(lower[(i * (i - 1)) / 2 + i - 20] < 1e-6, `${metric}: copy ${i}`);
    }
    const barcode = vietorisRips({ data, n: 40, d: 3 }, { maxDim: 1, metric });
    // the 20 merges of a point with its copy happen at (nearly) 0: at most 20
    // such bars (those at exactly 0 are dropped), and the rest is base's barcode
    assert.ok(barcode.diagrams[0].filter(([, d]) => d < 1e-6).length <= 20);
    assert.ok(barcode.diagrams[0].length >= 20 && barcode.diagrams[0].length <= 40);
    const alone = vietorisRips(base, { maxDim: 1, metric });
    for (let k = 0; k <= 1; k++) {
      const distance = bottleneckDistance(barcode.diagrams[k], alone.diagrams[k]);
      assert.ok(distance < 1e-5, `${metric} H${k}: bottleneck to the base cloud's ${distance}`);
    }
  }
});

Deno.test("index space beyond 2^53: 4096 points at dimension 3", async () => {
  const cloud = uniformCloud(4096, 3, 7);
  for (let i = 0; i < cloud.data.length; i++) cloud.data[i] = Math.round(cloud.data[i] * 24);
  const threshold = 1.5;
  const barcode = vietorisRips(cloud, { maxDim: 3, threshold });
  assert.equal(barcode.diagrams.length, 4);
  assert.ok(barcode.diagrams[1].length > 0, "the grid has square holes");
  if (!hasRipser()) return;
  const theirs = await runRipser(cloud, 3, threshold);
  for (let k = 0; k <= 3; k++) {
    assert.equal(diagramDifference(barcode.diagrams[k], theirs[k]), null, `H${k}`);
  }
});

Deno.test("memory guard names the knobs", () => {
  const cloud = uniformCloud(300, 3, 8);
  assert.throws(
    () => vietorisRips(cloud, { maxDim: 3, maxMemoryBytes: 1e6 }),
    (error: Error) =>
      error instanceof RangeError && /threshold/.test(error.message) &&
      /maxDim = 3/.test(error.message) && /n = 300/.test(error.message),
  );
  assert.ok(estimateMemory(2000, { maxDim: 2 }) > estimateMemory(2000, { maxDim: 1 }));
  assert.ok(
    estimateMemory(2000, { maxDim: 2, edgeDensity: 0.01 }) <
      estimateMemory(2000, { maxDim: 2, edgeDensity: 1 }),
  );
});

Deno.test("input validation: named errors", () => {
  const ok = uniformCloud(5, 2, 9);
  assert.throws(() => vietorisRips({ data: new Float32Array(2), n: 1, d: 2 }), RangeError);
  const nan = uniformCloud(5, 2, 9);
  nan.data[3] = NaN;
  assert.throws(() => vietorisRips(nan), /finite/);
  assert.throws(() => vietorisRips(ok, { threshold: -1 }), RangeError);
  assert.throws(() => vietorisRips(ok, { maxDim: -1 }), RangeError);
  assert.throws(() => vietorisRips(ok, { maxDim: 1.5 }), /maxDim/);
  assert.throws(
    () => vietorisRips({ kind: "lower", data: new Float32Array([1, Infinity, 2]), n: 3 }),
    /finite/,
  );
  assert.throws(
    () => vietorisRips({ kind: "lower", data: new Float32Array([1, 2]), n: 3 }),
    /n\(n−1\)\/2/,
  );
});

Deno.test("H0 only (maxDim 0) and two points", () => {
  const two = vietorisRips({ data: new Float32Array([0, 0, 3, 4]), n: 2, d: 2 }, {
    maxDim: 0,
  });
  assert.deepEqual(two.diagrams, [[[0, 5], [0, Infinity]]]);
});

Deno.test("threshold is compared in float32, as Ripser parses it", async () => {
  const two = { data: new Float32Array([0, 0, 1, 0]), n: 2, d: 2 };
  const threshold = 1 - 1e-12; // rounds to 1 in float32
  const barcode = vietorisRips(two, { maxDim: 1, threshold });
  assert.equal(barcode.threshold, threshold);
  assert.deepEqual(barcode.diagrams[0], [[0, 1], [0, Infinity]]);
  if (!hasRipser()) return;
  const theirs = await runRipser(two, 1, threshold);
  assert.equal(diagramDifference(barcode.diagrams[0], theirs[0]), null);
});

Deno.test("dense edges: the order of a stable sort of every edge within the threshold", () => {
  for (let seed = 0; seed < 12; seed++) {
    const random = createRandom(seed + 7);
    const n = 2 + random.int(60), size = (n * (n - 1)) / 2;
    // ties, zeros and a threshold that leaves some edges out (or none)
    const lower = Float32Array.from(
      { length: size },
      () => seed % 2 ? random.int(5) / 2 : random.next() * 3,
    );
    const threshold = seed % 3 === 0 ? Infinity : 1.5;
    const engine = new RipsCohomology(lower, n, 1, threshold, false);
    const edges = engine.edges();
    const d: number[] = [], index: number[] = [];
    for (let k = size - 1; k >= 0; k--) {
      if (lower[k] <= threshold) {
        d.push(lower[k]);
        index.push(k);
      }
    }
    const wantD = Float32Array.from(d), wantIndex = Float64Array.from(index);
    sortSimplices(wantD, wantIndex, d.length, false, false);
    assert.equal(edges.size, d.length);
    assert.deepEqual(Array.from(edges.diameter.subarray(0, edges.size)), Array.from(wantD));
    assert.deepEqual(Array.from(edges.index.subarray(0, edges.size)), Array.from(wantIndex));
  }
});
