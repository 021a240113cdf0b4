import assert from "node:assert/strict";
import { cloudBarcode } from "../../src/experiment/snapshot.ts";
import { labelCellCycles } from "../../src/experiment/cell_cycles.ts";
import { cycleChart } from "../../src/plots/cycle.ts";
import { renderSvg } from "../../src/plots/render.ts";
import { createRandom } from "../../src/data/random.ts";

/** n points on a circle of radius 1 in R^4 (tilted), label = the quadrant of the angle. */
function circleCloud(n: number, seed: number) {
  const random = createRandom(seed);
  const data = new Float32Array(4 * n), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = 2 * Math.PI * random.next();
    const c = Math.cos(a), s = Math.sin(a);
    data.set([c, s * 0.8, s * 0.6, 0.03 * random.normal()], 4 * i);
    labels[i] = Math.floor((a / (2 * Math.PI)) * 4) % 4;
  }
  return { cloud: { data, n, d: 4 }, labels };
}

Deno.test("cell cycles: longest bars first, landmark indices mapped to samples, labels", () => {
  const { cloud, labels } = circleCloud(300, 5);
  const { barcode, diagrams, cycles } = cloudBarcode(cloud, {
    maxDim: 1,
    points: 80,
    metric: "euclidean",
    seed: 3,
    cycles: 3,
  });
  assert.ok(cycles);
  assert.equal(barcode.sampled, 80);
  assert.equal(cycles.landmarks.length, 80);
  assert.ok(cycles.landmarks.every((s) => s >= 0 && s < 300));
  assert.equal(new Set(cycles.landmarks).size, 80);
  const h1 = diagrams[1];
  assert.equal(cycles.bars.length, Math.min(3, h1.length));
  const lengths = cycles.bars.map((b) => (b.death ?? barcode.threshold) - b.birth);
  assert.deepEqual(lengths, [...lengths].sort((a, b) => b - a), "longest first");
  const longest = Math.max(...h1.map(([b, d]) => Math.min(d, barcode.threshold) - b));
  assert.equal(lengths[0], longest);
  const landmarkSet = new Set(cycles.landmarks);
  const dist = (u: number, v: number) => {
    let s = 0;
    for (let k = 0; k < 4; k++) s += (cloud.data[4 * u + k] - cloud.data[4 * v + k]) ** 2;
    return Math.sqrt(s);
  };
  for (const bar of cycles.bars) {
    assert.deepEqual([bar.birth, bar.death ?? Infinity], h1[bar.index]);
    assert.ok(bar.edges.flat().every((s) => landmarkSet.has(s)), "edges join landmarks");
    // walk order: each edge starts where the last ended, and the loop closes
    bar.edges.forEach(([, v], k) => assert.equal(v, bar.edges[(k + 1) % bar.edges.length][0]));
    assert.deepEqual(bar.samples, bar.edges.map(([u]) => u));
    const longestEdge = Math.max(...bar.edges.map(([u, v]) => dist(u, v)));
    assert.ok(
      Math.abs(longestEdge - bar.birth) <= 1e-5 * bar.birth,
      `${longestEdge} vs ${bar.birth}`,
    );
  }
  const labelled = labelCellCycles(cycles, { labels });
  assert.deepEqual(labelled.labels, cycles.landmarks.map((s) => labels[s]));
  for (const bar of labelled.bars) assert.deepEqual(bar.labels, bar.samples.map((s) => labels[s]));
  assert.equal(labelled.images, undefined);
  assert.throws(
    () => labelCellCycles(cycles, { labels: new Int32Array(10) }),
    /outside the split's 10 labels/,
  );
});

Deno.test("cycle chart: the loop over the PCA plane, and the samples' pictures in order", () => {
  const { cloud, labels } = circleCloud(60, 9);
  const { cycles } = cloudBarcode(cloud, {
    maxDim: 1,
    points: 60,
    metric: "euclidean",
    seed: 1,
    cycles: 5,
  });
  // the cloud's rows as 2×2 "pictures"
  const labelled = labelCellCycles(cycles!, { labels, images: { cloud, width: 2, height: 2 } });
  const bar = labelled.bars[0];
  assert.deepEqual(
    Object.keys(labelled.images!.pixels).map(Number).sort((a, b) => a - b),
    [
      ...new Set(bar.samples),
      ...labelled.bars.slice(1).flatMap((b) => b.samples),
    ].filter((s, i, all) => all.indexOf(s) === i).sort((a, b) => a - b),
  );
  for (const text of Object.values(labelled.images!.pixels)) assert.equal(atob(text).length, 4);
  const svg = renderSvg(cycleChart(labelled, 0, { title: "circle" }));
  const loop = /<g[^>]*aria-label="link"[^>]*>([\s\S]*?)<\/g>/.exec(svg);
  assert.ok(loop);
  assert.equal((loop[1].match(/<path/g) ?? []).length, bar.edges.length, "one line per edge");
  assert.ok(svg.includes("in order around the loop"), "the pictures panel is there");
  assert.throws(() => cycleChart(labelled, 99), /bar 99 is not one of/);
});
