import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import { renderSvg, type SvgDocument } from "../../src/plots/render.ts";
import { svgDocument } from "../../src/plots/svg_dom.ts";
import type { Chart } from "../../src/plots/chart.ts";
import {
  barcodeChart,
  bettiCurvesChart,
  lossRmseChart,
  metricOverEpochsChart,
  persistenceDiagramChart,
} from "../../src/plots/mod.ts";
import { cycleChart } from "../../src/plots/cycle.ts";
import { mapperGraphChart } from "../../src/plots/mapper_graph.ts";
import { heatmapChart } from "../../src/plots/heatmap.ts";
import { labelCompositionChart } from "../../src/plots/label_composition.ts";
import { weightImagesChart } from "../../src/plots/weight_images.ts";
import { filterMapperChart } from "../../src/plots/filter_mapper.ts";
import { cloudBarcode } from "../../src/experiment/snapshot.ts";
import { labelCellCycles } from "../../src/experiment/cell_cycles.ts";
import { createRandom } from "../../src/data/random.ts";
import type { Diagram } from "../../src/topology/diagram.ts";
import { threeMapperNodes } from "./mapper_nodes.ts";

/** Every kind of chart the study writes as PNG, with titles that need escaping. */
function charts(): Array<[string, Chart]> {
  const random = createRandom(5);
  const diagrams: Diagram[] = [
    [...Array.from({ length: 150 }, (): [number, number] => [0, random.next()]), [0, Infinity]],
    Array.from({ length: 60 }, (): [number, number] => {
      const b = random.next();
      return [b, b + random.next() / 3];
    }),
  ];
  const opts = { title: `a <b> & "c" · it's`, subtitle: "x\xa0y", threshold: 1.5 };
  const m = (loss: number) => ({ loss, accuracy: 0.5, rmse: loss / 4 });
  const rows = ["learner", "crippled"].flatMap((network) =>
    [0, 1, 2].flatMap((epoch) =>
      [0, 1, 2].map((layer) => ({ network, epoch, layer, value: layer }))
    )
  );
  const nodes = threeMapperNodes();
  const image = Float32Array.from({ length: 16 }, (_, p) => (p % 3 === 0 ? 1 : -0.5 * (p % 3)));
  return [
    ["barcode", barcodeChart(diagrams, opts)],
    ["barcode without tooltips", barcodeChart(diagrams, { ...opts, tooltips: false })],
    ["diagram", persistenceDiagramChart(diagrams, opts)],
    ["betti", bettiCurvesChart(diagrams, opts)],
    ["loss", lossRmseChart([0, 1, 2].map((e) => ({ epoch: e, train: m(2 - e), test: m(3 - e) })))],
    ["metric", metricOverEpochsChart(rows, { yLabel: "H1 count", title: opts.title })],
    ["cycle", cycleChart(circleCycles(), 0, opts)],
    ["mapper", mapperGraphChart({ nodes, links: [["n0", "n1"], ["n1", "n2"]] }, opts)],
    ["heatmap", heatmapChart({ rows: ["a", "b"], columns: ["1", "2"], values: [0, 1, 0.5, 0] })],
    ["labels", labelCompositionChart([{ cluster: "c0", labelHistogram: { "3": 8 }, accuracy: 1 }])],
    ["weights", weightImagesChart([{ label: "r", images: [{ label: "i", data: image }] }])],
    [
      "filters",
      filterMapperChart({
        kh: 2,
        kw: 2,
        nodes: [{ id: "a", size: 3, x: 0.2, y: 0.2, filter: [-1, 0, 1, 0.5] }],
        links: [],
      }, opts),
    ],
  ];
}

/** A noisy circle's longest H1 bar, with class labels and 2×2 sample pictures. */
function circleCycles() {
  const random = createRandom(9), n = 60;
  const data = new Float32Array(4 * n), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = 2 * Math.PI * random.next();
    data.set([Math.cos(a), Math.sin(a) * 0.8, Math.sin(a) * 0.6, 0.03 * random.normal()], 4 * i);
    labels[i] = Math.floor((a / (2 * Math.PI)) * 4) % 4;
  }
  const cloud = { data, n, d: 4 };
  const { cycles } = cloudBarcode(cloud, {
    maxDim: 1,
    points: n,
    metric: "euclidean",
    seed: 1,
    cycles: 3,
  });
  return labelCellCycles(cycles!, { labels, images: { cloud, width: 2, height: 2 } });
}

Deno.test("the lean DOM gives linkedom's markup for every chart kind drawn as PNG", () => {
  for (const [name, chart] of charts()) {
    const theirs = renderSvg(chart);
    assert.equal(renderSvg(chart, { document: svgDocument() }), theirs, name);
    assert.ok(theirs.length > 1000, `${name}: a chart was drawn`);
  }
});

Deno.test("the lean DOM escapes text and attribute quotes as linkedom does", () => {
  const linkedom = (parseHTML("<!doctype html><html><body></body></html>") as unknown as {
    document: SvgDocument;
  }).document;
  for (const doc of [svgDocument(), linkedom]) {
    const node = doc.createElementNS("http://www.w3.org/2000/svg", "text");
    node.setAttribute("aria-label", `"q" & <t>`);
    node.setAttribute("x", "1");
    node.textContent = `a < b & "c"\xa0`;
    assert.equal(
      node.outerHTML,
      `<text x="1" aria-label="&quot;q&quot; & <t>">a &lt; b &amp; "c"&#160;</text>`,
    );
    node.setAttribute("aria-label", "again"); // an attribute set again keeps its place
    node.textContent = "";
    assert.equal(node.outerHTML, `<text x="1" aria-label="again" />`);
    (node as unknown as { removeAttribute(name: string): void }).removeAttribute("x"); // removed, then set again: now the last
    node.setAttribute("y", "2");
    node.setAttribute("x", "3");
    assert.equal(node.getAttribute("x"), "3");
    assert.equal(node.outerHTML, `<text x="3" y="2" aria-label="again" />`);
  }
});
