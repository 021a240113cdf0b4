import assert from "node:assert/strict";
import { graphComponents, graphCycleRank } from "../../src/mapper/graph.ts";
import { mapper } from "../../src/mapper/mapper.ts";
import { uniformCover } from "../../src/mapper/cover.ts";
import { nerveEdges } from "../../src/mapper/nerve.ts";
import { mapperGraphToJson } from "../../src/mapper/graph_json.ts";
import { blobs, noisyCircles } from "./_shapes.ts";

const xLens = { name: "coordinate", index: 0 } as const;

Deno.test("mapper: a noisy circle gives one component with exactly one cycle", () => {
  const graph = mapper(noisyCircles(11, [{ cx: 0, cy: 0, r: 1 }]), {
    lens: xLens,
    intervals: 10,
    overlap: 0.3,
  });
  assert.equal(graphComponents(graph).length, 1);
  assert.equal(graphCycleRank(graph), 1);
  // End intervals hold one arc, the eight middle ones two (top and bottom).
  assert.equal(graph.nodes.length, 18);
});

Deno.test("mapper: two disjoint circles give two components and two cycles", () => {
  const cloud = noisyCircles(12, [{ cx: 0, cy: 0, r: 1 }, { cx: 4, cy: 1, r: 1.5 }]);
  const graph = mapper(cloud, { lens: xLens, intervals: 10, overlap: 0.3 });
  const components = graphComponents(graph);
  assert.equal(components.length, 2);
  assert.equal(graphCycleRank(graph), 2);
  // Each component is made of one circle's points only.
  for (const component of components) {
    const circles = new Set(
      component.flatMap((v) => graph.nodes[v].members.map((p) => (p < 400 ? 0 : 1))),
    );
    assert.equal(circles.size, 1);
  }
});

Deno.test("mapper: an arc (a circle with a wedge removed) has no cycle", () => {
  const cloud = noisyCircles(13, [{ cx: 0, cy: 0, r: 1 }]);
  const keep: number[] = [];
  for (let i = 0; i < cloud.n; i++) {
    if (cloud.data[2 * i] < 0.6 || Math.abs(cloud.data[2 * i + 1]) > 0.5) keep.push(i);
  }
  const data = new Float32Array(keep.length * 2);
  keep.forEach((p, k) => data.set(cloud.data.subarray(2 * p, 2 * p + 2), 2 * k));
  const graph = mapper({ data, n: keep.length, d: 2 }, { lens: xLens });
  assert.equal(graphComponents(graph).length, 1);
  assert.equal(graphCycleRank(graph), 0);
});

Deno.test("mapper: node ids and graph are identical across reruns and sorted", () => {
  const cloud = noisyCircles(14, [{ cx: 0, cy: 0, r: 1 }]);
  const a = mapper(cloud, { lens: "eccentricity", intervals: 6 });
  const b = mapper(cloud, { lens: "eccentricity", intervals: 6 });
  assert.deepEqual(a, b);
  const ids = a.nodes.map((node) => node.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const node of a.nodes) {
    assert.equal(node.id, `${node.interval.join(".")}:${node.members[0]}`);
    assert.equal(node.size, node.members.length);
  }
  for (let k = 1; k < a.nodes.length; k++) {
    const [p, q] = [a.nodes[k - 1], a.nodes[k]];
    assert.ok(
      p.interval[0] < q.interval[0] ||
        (p.interval[0] === q.interval[0] && p.members[0] < q.members[0]),
    );
  }
});

Deno.test("mapper: node statistics from labels and correctness", () => {
  const { cloud, truth } = blobs(3, [[0, 0], [20, 0]], 50, 0.5);
  const correct = Array.from({ length: cloud.n }, (_, i) => i % 5 !== 0);
  const graph = mapper(cloud, {
    lens: xLens,
    intervals: 2,
    overlap: 0.2,
    clusterer: { name: "dbscan", eps: 3, minPts: 3 },
    labels: truth,
    correct,
  });
  assert.equal(graph.nodes.length, 2);
  for (const node of graph.nodes) {
    assert.equal(node.purity, 1);
    const label = String(truth[node.members[0]]);
    assert.deepEqual(node.labelHistogram, { [label]: 50 });
    assert.equal(node.accuracy, 40 / 50);
    const meanX = node.members.reduce((s, p) => s + cloud.data[2 * p], 0) / node.size;
    assert.ok(Math.abs(node.meanLens[0] - meanX) < 1e-9);
  }
  assert.equal(graph.edges.length, 0);
});

Deno.test("mapper: a 2-D lens array with lensDim and a custom clusterer", () => {
  const cloud = noisyCircles(15, [{ cx: 0, cy: 0, r: 1 }], 200);
  const lens = Float64Array.from(cloud.data);
  const oneCluster = (_: unknown, indices: Int32Array) => new Int32Array(indices.length);
  const graph = mapper(cloud, {
    lens,
    lensDim: 2,
    intervals: [3, 3],
    overlap: 0.25,
    clusterer: oneCluster,
  });
  for (const node of graph.nodes) assert.equal(node.interval.length, 2);
  // The centre cube of a ring is empty.
  assert.ok(!graph.nodes.some((node) => node.interval[0] === 1 && node.interval[1] === 1));
  assert.equal(graphComponents(graph).length, 1);
  assert.equal(graphCycleRank(graph) >= 1, true);
});

Deno.test("mapper: errors name the field", () => {
  const cloud = noisyCircles(16, [{ cx: 0, cy: 0, r: 1 }], 20);
  assert.throws(() => mapper(cloud, { lens: new Float64Array(3) }), /"lens" must hold/);
  assert.deepEqual(mapper({ data: new Float32Array(), n: 0, d: 2 }, { lens: "l2norm" }), {
    nodes: [],
    edges: [],
  });
  assert.throws(() => mapper(cloud, { lens: xLens, overlap: 1 }), /"overlap"/);
  assert.throws(() => mapper(cloud, { lens: xLens, labels: new Int32Array(2) }), /"labels"/);
  assert.throws(
    () => mapper(cloud, { lens: xLens, clusterer: () => new Int32Array(1) }),
    /expected an Int32Array of/,
  );
});

Deno.test("cover: intervals span [min, max] with the requested overlap", () => {
  const lens = Float64Array.from({ length: 101 }, (_, i) => i / 100);
  const cubes = uniformCover(lens, 1, { intervals: 4, overlap: 0.25 });
  assert.equal(cubes.length, 4);
  const length = 1 / (1 + 3 * 0.75);
  assert.ok(Math.abs(cubes[1].lower[0] - 0.75 * length) < 1e-12);
  assert.ok(Math.abs(cubes[1].upper[0] - 1.75 * length) < 1e-12);
  // Every point is covered, and points in an overlap lie in two cubes.
  const seen = new Int32Array(101);
  for (const cube of cubes) for (const p of cube.members) seen[p]++;
  assert.ok(seen.every((c) => c >= 1 && c <= 2));
  assert.equal(seen[Math.round(100 * 0.8 * length)], 2);
});

Deno.test("nerve: minIntersection filters weak overlaps", () => {
  const sets = [[0, 1, 2], [2, 3], [1, 2, 4]];
  assert.deepEqual(nerveEdges(sets), [[0, 1], [0, 2], [1, 2]]);
  assert.deepEqual(nerveEdges(sets, 2), [[0, 2]]);
});

Deno.test("graph JSON: links by id, stats kept, members only on request, survives a round trip", () => {
  const { cloud, truth } = blobs(5, [[0, 0], [4, 0]], 30, 0.3);
  const graph = mapper(cloud, { lens: xLens, intervals: 3, labels: truth });
  const json = mapperGraphToJson(graph, { lens: "x", layer: 2 });
  assert.equal(json.nodes.length, graph.nodes.length);
  assert.equal(json.links.length, graph.edges.length);
  graph.edges.forEach(([i, j], k) =>
    assert.deepEqual(json.links[k], [graph.nodes[i].id, graph.nodes[j].id])
  );
  assert.equal(json.nodes[0].members, undefined);
  assert.deepEqual(json.nodes[0].labelHistogram, graph.nodes[0].labelHistogram);
  assert.deepEqual(JSON.parse(JSON.stringify(json)), json);
  const full = mapperGraphToJson(graph, { members: true });
  assert.deepEqual(full.nodes[1].members, graph.nodes[1].members);
  assert.equal(full.lens, undefined);
});
