import assert from "node:assert/strict";
import * as Plot from "@observablehq/plot";
import {
  barcodeChart,
  bettiCurvePoints,
  bettiCurvesChart,
  dimensionColor,
  lossRmseChart,
  metricOverEpochsChart,
  niceTicks,
  persistenceDiagramChart,
  renderSvg,
} from "../../src/plots/mod.ts";
import type { Diagram } from "../../src/topology/diagram.ts";
import { countInGroup } from "./svg_count.ts";
import { createRandom } from "../../src/data/random.ts";

const small: Diagram[] = [
  [[0, 0.2], [0, 0.5], [0, Infinity]],
  [[0.3, 0.45], [0.35, 0.6]],
];

Deno.test("barcodeChart draws one rect per interval, an arrow per infinite bar, title and legend", () => {
  const svg = renderSvg(barcodeChart(small, { title: "Barcode T", threshold: 1 }));
  assert.ok(svg.startsWith("<svg") && svg.includes('xmlns="http://www.w3.org/2000/svg"'));
  assert.equal(countInGroup(svg, "rect", "rect"), 5);
  assert.equal(countInGroup(svg, "dot", "path"), 1); // the ▸ of the one infinite bar
  assert.ok(svg.includes("Barcode T"));
  assert.ok(svg.includes("threshold 1"));
  assert.ok(svg.includes(">H0<") && svg.includes(">H1<"));
  assert.ok(svg.includes(`fill="${dimensionColor(1)}"`));
  assert.ok(!svg.includes("<div") && !svg.includes("<figure"));
});

Deno.test("barcodeChart: a threshold far past the finite bars does not squash them", () => {
  // Finite deaths ≤ 0.6; threshold 10 would leave them in the left 6% of the axis.
  const far = barcodeChart(small, { threshold: 10 });
  const domain = far.panels[0].x?.domain as number[];
  assert.ok(domain[1] > 0.6 && domain[1] < 1, `x domain ${domain}`);
  assert.match(far.subtitle ?? "", /never die: they run off this axis.*threshold 10\./);
  const svg = renderSvg(far);
  assert.ok(svg.includes("threshold 10 →"));
  assert.equal(countInGroup(svg, "rule", "line"), 1, "only the rule at 0, no threshold rule");
  // A threshold the finite bars fill at least half of stays on the axis, dashed rule and all.
  const near = barcodeChart(small, { threshold: 1 });
  assert.equal((near.panels[0].x?.domain as number[])[1], 1 * 1.02);
  assert.match(near.subtitle ?? "", /drawn up to the threshold 1\./);
  assert.equal(countInGroup(renderSvg(near), "rule", "line"), 2);
});

Deno.test("persistenceDiagramChart: a far threshold leaves the axes on the finite points", () => {
  const far = persistenceDiagramChart(small, { threshold: 10 });
  const top = (far.panels[0].x?.domain as number[])[1];
  assert.ok(top > 0.6 && top < 1, `axis end ${top}`);
  assert.match(far.subtitle ?? "", /threshold 10 lies far past these axes/);
  const near = persistenceDiagramChart(small, { threshold: 1 });
  assert.ok((near.panels[0].x?.domain as number[])[1] > 1);
  assert.ok(!(near.subtitle ?? "").includes("far past"));
});

Deno.test("barcodeChart shows the longest maxBars per dimension and says so", () => {
  const h0: Diagram = Array.from({ length: 50 }, (_, i) => [0, (i + 1) / 50]);
  const chart = barcodeChart([h0], { maxBars: 10 });
  assert.match(chart.subtitle ?? "", /showing 10 longest of 50/);
  const svg = renderSvg(chart);
  assert.equal(countInGroup(svg, "rect", "rect"), 10);
  // the longest ten end at 0.82 … 1.0: the shortest shown is 41/50
  assert.ok(svg.includes("H0 [0, 0.82)") && !svg.includes("H0 [0, 0.8)"));
});

Deno.test("barcodeChart shows the bars a full sort by length picks, ties and infinite bars too", () => {
  const random = createRandom(21);
  const level = () => Math.floor(random.next() * 6) / 4; // few values: many equal lengths
  const diagram: Diagram = Array.from({ length: 300 }, () => {
    const b = level();
    return [b, random.next() < 0.05 ? Infinity : b + level()];
  });
  const length = (i: number) => diagram[i][1] - diagram[i][0];
  for (const maxBars of [1, 7, 40, 100, 101, 299, 300]) {
    const picked = diagram.map((_, i) => i)
      .sort((i, j) => length(j) - length(i) || diagram[i][0] - diagram[j][0] || i - j)
      .slice(0, maxBars)
      .sort((i, j) =>
        diagram[i][0] - diagram[j][0] ||
        (diagram[i][1] === diagram[j][1] ? 0 : diagram[i][1] < diagram[j][1] ? -1 : 1) || i - j
      );
    const shown: number[] = [];
    barcodeChart([[], diagram], { maxBars, href: (_dim, i) => void shown.push(i) });
    assert.deepEqual(shown, picked, `maxBars ${maxBars}`);
  }
});

Deno.test("barcodeChart rejects malformed intervals with the position", () => {
  assert.throws(() => barcodeChart([[[0, 1]], [[2, 1]]]), /diagrams\[1\]\[0\]/);
  assert.throws(() => barcodeChart([[[0, 1]]], { maxBars: 0 }), /maxBars/);
});

Deno.test("barcodeChart of empty diagrams still renders", () => {
  const svg = renderSvg(barcodeChart([[], []], { title: "empty" }));
  assert.ok(svg.includes("no intervals"));
});

Deno.test("persistenceDiagramChart: one dot per interval, infinite ones on the ∞ line", () => {
  const chart = persistenceDiagramChart(small, { title: "PD", threshold: 1 });
  const svg = renderSvg(chart);
  assert.equal(countInGroup(svg, "dot", "circle"), 5);
  assert.ok(svg.includes(">∞<"));
  assert.ok(svg.includes("PD"));
  assert.match(chart.subtitle ?? "", /H0: 3 points \(1 at ∞\)/);
  // the infinite point sits on the dashed rule: same y
  const rule = /aria-label="rule"[^>]*>.*?<line[^>]*y1="([\d.]+)"/s.exec(svg);
  assert.ok(rule);
  const cys = [...svg.matchAll(/<circle[^>]*cy="([\d.]+)"/g)].map((m) => m[1]);
  assert.ok(cys.includes(rule[1]), `no dot at the ∞ line y=${rule[1]} among ${cys}`);
});

Deno.test("bettiCurvePoints counts intervals alive at t, half-open at death", () => {
  const points = bettiCurvePoints(small, [0, 0.2, 0.4, 0.5, 2]);
  const b0 = points.filter((p) => p.dim === 0).map((p) => p.betti);
  const b1 = points.filter((p) => p.dim === 1).map((p) => p.betti);
  assert.deepEqual(b0, [3, 2, 2, 1, 1]);
  assert.deepEqual(b1, [0, 0, 2, 1, 0]);
});

Deno.test("bettiCurvePoints equals a count over every bar, with ties, empty and infinite bars", () => {
  const random = createRandom(11);
  const level = () => Math.floor(random.next() * 8) / 4; // few values: many ties
  const diagrams: Diagram[] = [0, 1, 2].map(() =>
    Array.from({ length: 120 }, (): [number, number] => {
      const b = level(), r = random.next();
      return [b, r < 0.1 ? Infinity : r < 0.2 ? b : b + level()];
    })
  );
  diagrams.push([]);
  const grid = [-1, ...Array.from({ length: 17 }, (_, i) => i / 8), 0.3, 100];
  const counted = diagrams.flatMap((diagram, dim) =>
    grid.map((t) => ({ dim, t, betti: diagram.filter(([b, d]) => b <= t && t < d).length }))
  );
  assert.deepEqual(bettiCurvePoints(diagrams, grid), counted);
});

Deno.test("bettiCurvesChart: one panel and one step line per dimension", () => {
  const chart = bettiCurvesChart(small, { title: "Betti" });
  assert.equal(chart.panels.length, 2);
  const svg = renderSvg(chart);
  assert.equal(countInGroup(svg, "line", "path"), 2);
  assert.ok(svg.includes("β0") && svg.includes("β1") && svg.includes("Betti"));
  // precomputed points work too
  const again = bettiCurvesChart(bettiCurvePoints(small, [0, 0.5, 1]));
  assert.equal(again.panels.length, 2);
});

Deno.test("lossRmseChart: two panels, train dashed and test solid, non-finite values dropped", () => {
  const m = (loss: number) => ({ loss, accuracy: 0.5, rmse: loss / 4 });
  const history = [
    { epoch: 0, train: m(2.3), test: m(2.4) },
    { epoch: 1, train: m(1.1), test: m(NaN) },
    { epoch: 2, train: m(0.6), test: m(0.9) },
  ];
  const chart = lossRmseChart(history, { title: "Loss T" });
  assert.equal(chart.panels.length, 2);
  const svg = renderSvg(chart);
  assert.equal(countInGroup(svg, "line", "path"), 4);
  assert.equal(countInGroup(svg, "dot", "circle"), 2 * (3 + 2));
  assert.ok(svg.includes('stroke-dasharray="6,4"'));
  assert.ok(svg.includes(">loss<") && svg.includes(">RMSE<") && svg.includes("Loss T"));
  assert.throws(() => lossRmseChart([{ epoch: 0 } as never]), /history\[0\]/);
});

Deno.test("metricOverEpochsChart: one line per layer, a facet per network", () => {
  const rows = ["learner", "crippled"].flatMap((network) =>
    [0, 1, 2].flatMap((epoch) =>
      [0, 1, 2].map((layer) => ({ network, epoch, layer, value: layer }))
    )
  );
  const svg = renderSvg(metricOverEpochsChart(rows, { yLabel: "H1 count", title: "M" }));
  assert.equal(countInGroup(svg, "line", "path"), 6); // 3 layers × 2 facets
  assert.ok(svg.includes(">learner<") && svg.includes(">crippled<"));
  assert.ok(svg.includes("H1 count") && svg.includes(">layer 2<"));
  const single = renderSvg(
    metricOverEpochsChart(rows.filter((r) => r.network === "learner"), { yLabel: "x" }),
  );
  assert.equal(countInGroup(single, "line", "path"), 3);
  assert.throws(() => metricOverEpochsChart(rows, { yLabel: "" }), /options\.yLabel/);
});

Deno.test("renderSvg is deterministic, escapes text and lifts bare Plot titles into SVG", () => {
  const chart = barcodeChart(small, { title: "a <b> & c" });
  assert.equal(renderSvg(chart), renderSvg(chart));
  assert.ok(renderSvg(chart).includes("a &lt;b&gt; &amp; c"));
  const bare = renderSvg({ title: "bare", marks: [] });
  assert.ok(bare.includes(">bare<") && !bare.includes("<h2"));
  assert.throws(
    () =>
      renderSvg({
        panels: [{
          color: { legend: true },
          marks: [Plot.dot(["a", "b"], { x: (d) => d, fill: (d) => d })],
        }],
      }),
    /panels\[0\] rendered a <figure>/,
  );
});

Deno.test("niceTicks gives round values inside the interval", () => {
  assert.deepEqual(niceTicks(0, 0.97, 8), [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
  assert.deepEqual(niceTicks(3, 17, 3), [5, 10, 15]);
  assert.deepEqual(niceTicks(1, 0, 3), []);
});
