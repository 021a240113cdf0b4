import assert from "node:assert/strict";
import { createRandom } from "../../src/data/random.ts";
import { knnDistances } from "../../src/geometry/knn.ts";
import { pca } from "../../src/geometry/pca.ts";
import { computeLens } from "../../src/mapper/lens.ts";
import { blobs, noisyCircles } from "./_shapes.ts";

const close = (a: number, b: number, tol = 1e-6) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≉ ${b}`);

Deno.test("pca: recovers the axes of an anisotropic Gaussian", () => {
  const random = createRandom(1);
  const n = 2000, d = 3;
  // Axis u = (1, 1, 0)/√2 with sd 5, v = (0, 0, 1) with sd 2, w = (1, −1, 0)/√2 with sd 0.5.
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const a = 5 * random.normal(), b = 2 * random.normal(), c = 0.5 * random.normal();
    data[3 * i] = (a + c) / Math.SQRT2 + 1;
    data[3 * i + 1] = (a - c) / Math.SQRT2 - 2;
    data[3 * i + 2] = b + 3;
  }
  const result = pca({ data, n, d }, 2, { seed: 4 });
  close(Math.abs(result.components[0]), Math.SQRT1_2, 0.02);
  close(Math.abs(result.components[1]), Math.SQRT1_2, 0.02);
  close(Math.abs(result.components[5]), 1, 0.01);
  close(result.variances[0], 25, 0.1);
  close(result.variances[1], 4, 0.1);
  close(result.mean[2], 3, 0.05);
  // Scores are projections of centred points.
  const s = (data[0] - result.mean[0]) * result.components[0] +
    (data[1] - result.mean[1]) * result.components[1] +
    (data[2] - result.mean[2]) * result.components[2];
  close(result.scores[0], s, 1e-6);
  assert.deepEqual(result, pca({ data, n, d }, 2, { seed: 4 }));
});

Deno.test("knn: distances match a brute-force sort", () => {
  const { cloud } = blobs(2, [[0, 0], [3, 3]], 20, 1);
  const k = 4;
  const knn = knnDistances(cloud, k);
  for (let i = 0; i < cloud.n; i++) {
    const all: number[] = [];
    for (let j = 0; j < cloud.n; j++) {
      if (j !== i) {
        all.push(
          Math.hypot(
            cloud.data[2 * i] - cloud.data[2 * j],
            cloud.data[2 * i + 1] - cloud.data[2 * j + 1],
          ),
        );
      }
    }
    all.sort((a, b) => a - b);
    for (let p = 0; p < k; p++) close(knn[i * k + p], all[p], 1e-6);
  }
  assert.throws(() => knnDistances(cloud, cloud.n), /"k" must be/);
});

Deno.test("lenses: simple lenses match their definitions", () => {
  const cloud = { data: new Float32Array([0, 0, 3, 4, 6, 0, 3, -4]), n: 4, d: 2 };
  assert.deepEqual([...computeLens(cloud, "l2norm").values], [0, 5, 6, 5]);
  // Mean is (3, 0).
  assert.deepEqual([...computeLens(cloud, "distanceToMean").values], [3, 4, 3, 4]);
  assert.deepEqual([...computeLens(cloud, { name: "coordinate", index: 1 }).values], [0, 4, 0, -4]);
  // Eccentricity: root mean squared distance to all points (self included).
  const ecc = computeLens(cloud, "eccentricity").values;
  for (let i = 0; i < 4; i++) {
    let s = 0;
    for (let j = 0; j < 4; j++) {
      s += (cloud.data[2 * i] - cloud.data[2 * j]) ** 2 +
        (cloud.data[2 * i + 1] - cloud.data[2 * j + 1]) ** 2;
    }
    close(ecc[i], Math.sqrt(s / 4));
  }
  const knn = computeLens(cloud, { name: "knnDistance", k: 2 }).values;
  close(knn[0], 5);
  const density = computeLens(cloud, { name: "density", k: 2 }).values;
  close(density[0], 2 / 10);
  const pc = computeLens(cloud, { name: "pca", component: 0 }).values;
  close(Math.abs(pc[1] - pc[3]), 8, 1e-6); // the y axis has the larger spread
  assert.throws(() => computeLens(cloud, { name: "coordinate", index: 2 }), /"index" must be/);
});

Deno.test("lenses: t-SNE and UMAP lenses are seeded and two-dimensional", () => {
  const cloud = noisyCircles(3, [{ cx: 0, cy: 0, r: 1 }], 60);
  const t1 = computeLens(cloud, { name: "tsne", seed: 2, iterations: 300 });
  const t2 = computeLens(cloud, { name: "tsne", seed: 2, iterations: 300 });
  assert.equal(t1.dim, 2);
  assert.equal(t1.values.length, 120);
  assert.deepEqual(t1, t2);
  const u = computeLens(cloud, { name: "umap", seed: 2, epochs: 50 });
  assert.equal(u.dim, 2);
  assert.deepEqual(u, computeLens(cloud, { name: "umap", seed: 2, epochs: 50 }));
  assert.notDeepEqual(u, computeLens(cloud, { name: "umap", seed: 3, epochs: 50 }));
});
