import assert from "node:assert/strict";
import { clusterSubset } from "../../src/mapper/cluster.ts";
import { dbscan } from "../../src/mapper/dbscan.ts";
import { firstGapLabels } from "../../src/mapper/first_gap.ts";
import { singleLinkage } from "../../src/mapper/single_linkage.ts";
import { kmeans, kmeansPlusPlus } from "../../src/mapper/kmeans.ts";
import { tsneKmeans, umapKmeans } from "../../src/mapper/embedded_kmeans.ts";
import { tsne } from "../../src/mapper/tsne.ts";
import { blobs } from "./_shapes.ts";

const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

/** The clustering agrees with the truth up to renaming clusters. */
function samePartition(labels: Int32Array, truth: Int32Array): boolean {
  const forward = new Map<number, number>(), backward = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    if ((forward.get(labels[i]) ?? truth[i]) !== truth[i]) return false;
    if ((backward.get(truth[i]) ?? labels[i]) !== labels[i]) return false;
    forward.set(labels[i], truth[i]);
    backward.set(truth[i], labels[i]);
  }
  return true;
}

const centres = [[0, 0, 0], [12, 0, 0], [0, 12, 3]];

Deno.test("single linkage: MST heights match brute-force Kruskal on a small set", () => {
  const { cloud } = blobs(1, centres, 8, 1);
  const { heights } = singleLinkage(cloud, all(cloud.n));
  // Kruskal over all pairs.
  const pairs: Array<[number, number, number]> = [];
  for (let i = 0; i < cloud.n; i++) {
    for (let j = i + 1; j < cloud.n; j++) {
      let s = 0;
      for (let c = 0; c < 3; c++) s += (cloud.data[3 * i + c] - cloud.data[3 * j + c]) ** 2;
      pairs.push([Math.sqrt(s), i, j]);
    }
  }
  pairs.sort((a, b) => a[0] - b[0]);
  const parent = all(cloud.n);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
  const expected: number[] = [];
  for (const [w, i, j] of pairs) {
    if (find(i) !== find(j)) {
      parent[find(i)] = find(j);
      expected.push(w);
    }
  }
  assert.equal(heights.length, cloud.n - 1);
  heights.forEach((h, k) => assert.ok(Math.abs(h - expected[k]) < 1e-6));
});

Deno.test("single linkage + first gap separates well-separated blobs", () => {
  const { cloud, truth } = blobs(2, centres, 30, 0.4);
  const labels = clusterSubset(cloud, all(cloud.n));
  assert.ok(samePartition(labels, truth));
  // Clusters are numbered by first appearance.
  assert.equal(labels[0], 0);
});

Deno.test("first gap: evenly spaced points stay one cluster; a big relative gap splits", () => {
  const line = { data: Float32Array.from({ length: 20 }, (_, i) => i), n: 20, d: 1 };
  assert.ok(firstGapLabels(singleLinkage(line, all(20)), 20).every((l) => l === 0));
  const two = { data: Float32Array.from([0, 1, 2, 3, 4, 5.2]), n: 6, d: 1 };
  // Heights 1,1,1,1,1.2: the 0.2 jump is below 0.3 × 1.2 but above 0.1 × 1.2.
  assert.ok(firstGapLabels(singleLinkage(two, all(6)), 6).every((l) => l === 0));
  assert.deepEqual([...firstGapLabels(singleLinkage(two, all(6)), 6, 0.1)], [0, 0, 0, 0, 0, 1]);
});

Deno.test("dbscan: blobs become clusters, a far point is noise", () => {
  const { cloud, truth } = blobs(3, centres, 30, 0.4);
  const data = new Float32Array([...cloud.data, 50, 50, 50]);
  const labels = dbscan({ data, n: cloud.n + 1, d: 3 }, all(cloud.n + 1), { eps: 2, minPts: 4 });
  assert.equal(labels[cloud.n], -1);
  assert.ok(samePartition(labels.subarray(0, cloud.n), truth));
  assert.throws(() => dbscan(cloud, all(3), { eps: 0, minPts: 2 }), /"eps"/);
});

Deno.test("kmeans: seeded, recovers blobs, same seed gives same labels", () => {
  const { cloud, truth } = blobs(4, centres, 40, 0.8);
  const a = kmeans(cloud, 3, { seed: 9 });
  const b = kmeans(cloud, 3, { seed: 9 });
  assert.deepEqual(a, b);
  assert.ok(samePartition(a.labels, truth));
  assert.equal(a.centroids?.length, 9);
  const seeds = kmeansPlusPlus(cloud, 3, { seed: 5 });
  assert.equal(new Set(seeds).size, 3);
});

Deno.test("tsne: seeded and keeps blobs apart; tsneKmeans and umapKmeans recover blobs", () => {
  const { cloud, truth } = blobs(5, centres, 25, 0.5);
  const y1 = tsne(cloud, { seed: 3, iterations: 400 });
  const y2 = tsne(cloud, { seed: 3, iterations: 400 });
  assert.deepEqual(y1, y2);
  const t = tsneKmeans(cloud, 3, { seed: 1, iterations: 400 });
  assert.ok(samePartition(t.labels, truth));
  assert.equal(t.embedding?.length, cloud.n * 2);
  const u = umapKmeans(cloud, 3, { seed: 1, epochs: 100 });
  assert.ok(samePartition(u.labels, truth));
  assert.deepEqual(u, umapKmeans(cloud, 3, { seed: 1, epochs: 100 }));
});

Deno.test("tsne: the Barnes-Hut gradient also separates blobs, and is seeded", () => {
  const centres6 = Array.from(
    { length: 4 },
    (_, b) => Array.from({ length: 6 }, (_, c) => (c === b ? 10 : 0)),
  );
  const { cloud, truth } = blobs(6, centres6, 50, 1);
  const y = tsne(cloud, { seed: 4, method: "barnesHut", iterations: 400 });
  assert.deepEqual(y, tsne(cloud, { seed: 4, method: "barnesHut", iterations: 400 }));
  const { labels } = kmeans({ data: y, n: cloud.n, d: 2 }, 4, { seed: 1, restarts: 5 });
  assert.ok(samePartition(labels, truth));
  assert.throws(() => tsne(cloud, { seed: 1, method: "barnesHut", dim: 3 }), /needs dim = 2/);
});

Deno.test("kmeans: restarts never end with a larger inertia than the first run", () => {
  const { cloud } = blobs(7, [[0, 0], [3, 0], [0, 3], [3, 3], [1.5, 1.5]], 30, 0.8);
  const inertia = (labels: Int32Array, centroids: Float64Array) => {
    let s = 0;
    for (let i = 0; i < cloud.n; i++) {
      for (let c = 0; c < 2; c++) s += (cloud.data[2 * i + c] - centroids[2 * labels[i] + c]) ** 2;
    }
    return s;
  };
  for (const seed of [1, 2, 3]) {
    const one = kmeans(cloud, 5, { seed });
    const many = kmeans(cloud, 5, { seed, restarts: 6 });
    assert.ok(inertia(many.labels, many.centroids!) <= inertia(one.labels, one.centroids!) + 1e-9);
  }
});
