import assert from "node:assert/strict";
import { renderSvg } from "../../src/plots/render.ts";
import { forceLayout } from "../../src/plots/graph_layout.ts";
import { mapperGraphChart } from "../../src/plots/mapper_graph.ts";
import { heatmapChart } from "../../src/plots/heatmap.ts";
import { labelCompositionChart } from "../../src/plots/label_composition.ts";
import { weightImagesChart } from "../../src/plots/weight_images.ts";
import { classColor } from "../../src/plots/class_colors.ts";
import { countInGroup } from "./svg_count.ts";
import { threeMapperNodes } from "./mapper_nodes.ts";
import { separateBoxes } from "../../src/plots/filter_mapper.ts";
import { createRandom } from "../../src/data/random.ts";

// Two triangles and an isolated node.
const EDGES: Array<[number, number]> = [[0, 1], [1, 2], [0, 2], [3, 4], [4, 5], [3, 5]];

Deno.test("forceLayout: seeded, inside the unit square, joined nodes closer than the rest", () => {
  const a = forceLayout(7, EDGES, { seed: 3 });
  const b = forceLayout(7, EDGES, { seed: 3 });
  assert.deepEqual(a, b, "same seed, same positions");
  const c = forceLayout(7, EDGES, { seed: 4 });
  assert.notDeepEqual(a.x, c.x, "another seed, another start");
  for (const v of [...a.x, ...a.y]) assert.ok(v >= 0 && v <= 1, `position ${v} outside [0, 1]`);
  const dist = (i: number, j: number) => Math.hypot(a.x[i] - a.x[j], a.y[i] - a.y[j]);
  const joined = EDGES.map(([i, j]) => dist(i, j));
  const apart: number[] = [];
  for (let i = 0; i < 3; i++) for (let j = 3; j < 6; j++) apart.push(dist(i, j));
  assert.ok(Math.max(...joined) < Math.min(...apart), "each triangle stays together");
  assert.deepEqual(forceLayout(1, []), { x: Float64Array.of(0.5), y: Float64Array.of(0.5) });
  assert.throws(() => forceLayout(2, [[0, 2]]), /edge 0 \[0, 2\] names a node outside \[0, 2\)/);
});

Deno.test("mapperGraphChart: one dot per node, one link per edge, class colours", () => {
  const nodes = threeMapperNodes();
  const links: Array<[string, string]> = [["n0", "n1"], ["n1", "n2"]];
  const svg = renderSvg(mapperGraphChart({ nodes, links }, { title: "G" }));
  assert.equal(countInGroup(svg, "dot", "circle"), 3);
  assert.equal(countInGroup(svg, "link", "path"), 2);
  for (let c = 0; c < 3; c++) assert.ok(svg.includes(classColor(c)), `class ${c} colour`);
  const byAccuracy = renderSvg(mapperGraphChart({ nodes, links }, { colorBy: "accuracy" }));
  assert.ok(byAccuracy.includes("accuracy 0.5") && byAccuracy.includes("accuracy 0.7"));
  assert.throws(
    () => mapperGraphChart({ nodes, links: [["n0", "zz"]] }),
    /link \[n0, zz\] names a node that does not exist/,
  );
});

Deno.test("heatmapChart: one cell per entry, checks the matrix size", () => {
  const svg = renderSvg(
    heatmapChart({ rows: ["a", "b"], columns: ["1", "2", "3"], values: [0, 1, 0, 0.5, 0, 1] }),
  );
  assert.equal(countInGroup(svg, "cell", "rect"), 6);
  assert.throws(
    () => heatmapChart({ rows: ["a"], columns: ["1", "2"], values: [1] }),
    /rows × columns = 1 × 2 = 2 entries, found 1/,
  );
});

Deno.test("labelCompositionChart: a segment per class present, an accuracy bar per cluster", () => {
  const svg = renderSvg(labelCompositionChart([
    { cluster: "c0", labelHistogram: { "3": 8, "5": 2 }, accuracy: 0.9 },
    { cluster: "c1", labelHistogram: { "1": 4 }, accuracy: 1 },
  ]));
  // 3 class segments in the top panel + 2 accuracy bars below.
  assert.equal(countInGroup(svg, "bar", "rect"), 5);
  assert.ok(svg.includes("class 3") && svg.includes("class 5") && svg.includes("class 1"));
});

Deno.test("weightImagesChart: a rect per visible pixel plus a frame per image; size checked", () => {
  const image = Float32Array.from(
    { length: 16 },
    (_, p) => (p % 3 === 0 ? 1 : p % 3 === 1 ? -0.5 : 0),
  );
  const visible = image.filter((v) => v !== 0).length;
  const svg = renderSvg(weightImagesChart([
    { label: "row A", images: [{ label: "i0", data: image }, { label: "i1", data: image }] },
    { label: "row B", images: [{ label: "i2", data: image }] },
  ]));
  assert.equal(countInGroup(svg, "rect", "rect"), 3 + 3 * visible);
  assert.ok(svg.includes("row A") && svg.includes("i2"));
  assert.throws(
    () =>
      weightImagesChart([{
        label: "r",
        images: [{ label: "x", data: image }, {
          label: "y",
          data: [1, 2],
        }],
      }]),
    /rows\[0\]\.images\[1\] \("y"\) must hold 4×4 = 16 values, found 2/,
  );
});

Deno.test("filter Mapper chart: node images never overlap, whatever the layout put together", () => {
  const random = createRandom(7);
  for (let trial = 0; trial < 20; trial++) {
    const n = 2 + Math.floor(random.next() * 40);
    // clumped centres, as a force layout leaves nodes that share members
    const x = Array.from({ length: n }, () => 0.5 + 0.05 * (random.next() - 0.5));
    const y = Array.from({ length: n }, () => 0.5 + 0.05 * (random.next() - 0.5));
    const half = Array.from({ length: n }, () => 0.02 + 0.05 * random.next());
    const apart = separateBoxes(x, y, half);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const gap = half[i] + half[j];
        const clear = Math.abs(apart.x[i] - apart.x[j]) >= gap - 1e-9 ||
          Math.abs(apart.y[i] - apart.y[j]) >= gap - 1e-9;
        assert(clear, `trial ${trial}: nodes ${i} and ${j} overlap`);
      }
    }
    assert.deepEqual(separateBoxes(x, y, half), apart, "deterministic");
  }
});
