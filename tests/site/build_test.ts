/**
 * The site build without a browser: pages and sections from the fixture,
 * numbers in the summary computed from the artifacts, escaping, relative links
 * that resolve on disk, determinism, the 404 page's base path, the output
 * folder guard, and the static handler's path rules.
 */

import assert from "node:assert/strict";
import { buildSite, normalizeBase, SITE_MARKER } from "../../site/build.ts";
import { loadSite } from "../../site/data.ts";
import { staticHandler } from "../../site/static_server.ts";
import { compactSvg } from "../../site/charts/compact_svg.ts";
import { renderSvg } from "../../src/plots/render.ts";
import { mapperGraphChart } from "../../src/plots/mapper_graph.ts";
import { trackingRows } from "../../src/plots/tracking.ts";
import { main as siteMain } from "../../src/cli/site.ts";
import { writeFixtureExperiment } from "./fixture.ts";
import { mapper } from "../../src/mapper/mapper.ts";
import { writeArtifactJson } from "../../src/artifacts/json.ts";
import { mapperGraphToJson } from "../../src/mapper/graph_json.ts";
import { forceLayout } from "../../src/plots/graph_layout.ts";
import type { BarcodeDataFile } from "../../src/artifacts/schema.ts";

const XSS = `<script>alert("owned")</script>`;

async function fixtureRoot(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "nntopo-site-build-" });
  await writeFixtureExperiment(`${root}/results`, { attribution: true });
  await writeFixtureExperiment(`${root}/results`, {
    experiment: "plain",
    title: XSS,
    networks: ["good", `bad<img src=x onerror=alert(1)>`],
    mapper: false,
    tracking: false,
  });
  return root;
}

const root = await fixtureRoot();
const built = await buildSite({ artifacts: `${root}/results`, out: `${root}/a`, base: "/nntopo/" });
const fixtureHtml = await Deno.readTextFile(
  `${root}/a/experiments/spheres-fixture/index.html`,
);
const plainHtml = await Deno.readTextFile(`${root}/a/experiments/spheres-plain/index.html`);

Deno.test("site: one page per experiment plus index and 404", () => {
  assert.equal(built.experiments, 2);
  assert.deepEqual(built.pages, [
    "404.html",
    "experiments/spheres-fixture/index.html",
    "experiments/spheres-plain/index.html",
    "index.html",
  ]);
  for (const page of [fixtureHtml, plainHtml]) assert.ok(page.startsWith("<!doctype html>\n"));
});

Deno.test("site: sections appear only when their artifacts exist", () => {
  for (const id of ["summary", "training", "snapshots", "metrics", "tracking", "mapper", "spec"]) {
    assert.ok(fixtureHtml.includes(`<section id="${id}"`), `fixture page lacks #${id}`);
  }
  assert.ok(fixtureHtml.includes(`<section id="neural-persistence"`));
  assert.ok(!plainHtml.includes(`<section id="mapper"`), "no Mapper artifacts → no section");
  assert.ok(!plainHtml.includes(`<section id="tracking"`), "no tracking → no section");
  // 2 epochs × 3 splits snapshot blocks, 4 layers each, 2 networks; Betti curves for train+test.
  assert.equal(fixtureHtml.match(/<section class="snapshot"/g)?.length, 6);
  assert.equal(fixtureHtml.match(/class="chart barcode"/g)?.length, 6 * 4 * 2);
  assert.equal(fixtureHtml.match(/class="chart diagram"/g)?.length, 6 * 4 * 2);
  assert.equal(fixtureHtml.match(/class="chart betti"/g)?.length, 2 * 4 * 2);
  // Majority label, lens and accuracy colourings of the two graphs of "good"
  // (the fixture's layer 3, the Mapper stage's layer 2).
  assert.equal(fixtureHtml.match(/class="chart mapper"/g)?.length, 2 * 3);
  // Attribution of the Mapper stage: Mapper and k-means, one network.
  assert.equal(fixtureHtml.match(/class="chart heatmap"/g)?.length, 2);
  assert.equal(fixtureHtml.match(/class="chart composition"/g)?.length, 2);
  assert.equal(fixtureHtml.match(/class="chart weights"/g)?.length, 2);
});

Deno.test("site: summary numbers come from the artifacts", async () => {
  const site = await loadSite(`${root}/results`);
  const exp = site.experiments.find((e) => e.manifest.experiment === "fixture")!;
  const longest = (net: string) => {
    const file = JSON.parse(
      Deno.readTextFileSync(
        `${exp.dir}/weights_graphs_${net}_DataAmount1/barcodes/barcode_data.json`,
      ),
    ) as BarcodeDataFile;
    const h1 = file.epochs["2"].layers["3"].all!.diagrams.H1;
    return Math.max(...h1.filter(([, d]) => d !== null).map(([b, d]) => d! - b));
  };
  const fmt = (x: number) => Number(x.toPrecision(3)).toString();
  const sentence =
    `At epoch 2, layer 3 (train+test), the longest H1 bar of the good network lives ${
      fmt(longest("good"))
    } vs ${fmt(longest("bad"))} for the bad one.`;
  assert.ok(fixtureHtml.includes(sentence), `expected the sentence: ${sentence}`);
  const acc = exp.networks[0].manifest.final.test?.accuracy;
  assert.ok(typeof acc === "number", `final test accuracy: ${acc}`);
  assert.ok(fixtureHtml.includes(`test accuracy: good ${fmt(acc)}`));
});

Deno.test("site: names holding markup are escaped everywhere", async () => {
  const index = await Deno.readTextFile(`${root}/a/index.html`);
  const notFound = await Deno.readTextFile(`${root}/a/404.html`);
  for (const page of [index, plainHtml, notFound]) {
    assert.ok(!page.includes(XSS), "raw <script> title found");
    assert.ok(!page.includes("<img src=x"), "raw <img> network name found");
    assert.ok(page.includes("&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;"));
  }
  assert.ok(plainHtml.includes("bad&lt;img src=x onerror=alert(1)&gt;"));
  // Only our own script tags: the client script (no inline scripts at all).
  const scripts = [...plainHtml.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  assert.deepEqual(scripts, [`<script src="../../assets/site.js" defer>`]);
});

Deno.test("site: every relative link and asset resolves on disk", async () => {
  const out = `${root}/a`;
  for (const page of built.pages) {
    if (page === "404.html") continue;
    const text = await Deno.readTextFile(`${out}/${page}`);
    const dir = page.includes("/") ? page.slice(0, page.lastIndexOf("/")) : ".";
    const refs = [...text.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
    assert.ok(refs.length > 3, `${page}: expected links`);
    for (const ref of refs) {
      if (ref.startsWith("#")) {
        assert.ok(text.includes(`id="${ref.slice(1)}"`), `${page}: anchor ${ref} missing`);
        continue;
      }
      assert.ok(!/^[a-z]+:|^\//i.test(ref), `${page}: link ${ref} is not relative`);
      const target = new URL(ref, `file:///site/${dir}/`).pathname.replace("/site/", "");
      const info = await Deno.stat(`${out}/${target}`);
      assert.ok(info.isFile, `${page}: ${ref} → ${target} is not a file`);
    }
  }
  const notFound = await Deno.readTextFile(`${out}/404.html`);
  assert.ok(notFound.includes(`href="/nntopo/assets/site.css"`));
  assert.ok(notFound.includes(`href="/nntopo/experiments/spheres-fixture/index.html"`));
});

Deno.test("site: same artifacts → byte-identical site", async () => {
  const again = await buildSite({
    artifacts: `${root}/results`,
    out: `${root}/b`,
    base: "/nntopo/",
  });
  assert.deepEqual(again.pages, built.pages);
  for (const page of built.pages) {
    assert.equal(
      await Deno.readTextFile(`${root}/b/${page}`),
      await Deno.readTextFile(`${root}/a/${page}`),
      page,
    );
  }
});

Deno.test("site: a rebuild replaces a built site but refuses a foreign folder", async () => {
  await Deno.writeTextFile(`${root}/a/stale.html`, "old");
  await buildSite({ artifacts: `${root}/results`, out: `${root}/a` });
  await assert.rejects(Deno.stat(`${root}/a/stale.html`), Deno.errors.NotFound);
  assert.ok((await Deno.stat(`${root}/a/${SITE_MARKER}`)).isFile);
  const foreign = await Deno.makeTempDir();
  await Deno.writeTextFile(`${foreign}/keep.txt`, "mine");
  await assert.rejects(
    buildSite({ artifacts: `${root}/results`, out: foreign }),
    /expected an empty folder or a site built before/,
  );
  assert.equal(await Deno.readTextFile(`${foreign}/keep.txt`), "mine");
  await Deno.remove(foreign, { recursive: true });
});

Deno.test("site: the page names the experiment folder relative to the artifacts root", () => {
  assert.ok(!fixtureHtml.includes(root), `the build machine's path ${root} is on the page`);
  assert.match(
    fixtureHtml,
    /<dt>folder<\/dt><dd><code>spheres\/spheres_output\/exp_fixture<\/code>/,
  );
});

Deno.test("site: a malformed manifest names the file and field", async () => {
  const bad = await Deno.makeTempDir();
  await Deno.mkdir(`${bad}/x`, { recursive: true });
  await Deno.writeTextFile(
    `${bad}/x/manifest.json`,
    JSON.stringify({ schema: "nntopo/history@1" }),
  );
  await assert.rejects(
    loadSite(bad),
    /x\/manifest\.json: \$\.schema: expected "nntopo\/manifest@1"/,
  );
  const manifest = {
    schema: "nntopo/manifest@1",
    experiment: "x",
    title: "",
    description: "",
    dataset: "d",
    seed: 0,
    spec: {},
    networks: [],
    versions: {},
    timings: {},
    createdAt: "2026-11-21T12:00:00.000Z",
    files: {},
  };
  await Deno.writeTextFile(`${bad}/x/manifest.json`, JSON.stringify({ ...manifest, networks: 3 }));
  await assert.rejects(
    loadSite(bad),
    /manifest\.json: \$\.networks: expected array, found 3 \(a number\)/,
  );
  await Deno.writeTextFile(
    `${bad}/x/manifest.json`,
    JSON.stringify({ ...manifest, networks: [{ name: "n" }] }),
  );
  await assert.rejects(
    loadSite(bad),
    /manifest\.json: \$\.networks\[0\]\.role: expected string, found nothing \(the key is missing\)/,
  );
  await Deno.remove(bad, { recursive: true });
});

Deno.test("site: CLI builds from --artifacts into --out and rejects unknown flags", async () => {
  const out = `${root}/cli`;
  assert.equal(
    await siteMain(["--artifacts", `${root}/results`, "--out", out, "--base", "repo"]),
    0,
  );
  assert.ok((await Deno.stat(`${out}/index.html`)).isFile);
  assert.ok((await Deno.readTextFile(`${out}/404.html`)).includes(`href="/repo/index.html"`));
  assert.equal(await siteMain(["--bogus"]), 2);
  assert.equal(normalizeBase("/a/b/"), "/a/b/");
  assert.throws(() => normalizeBase("/a b/"), /--base: expected a URL path/);
});

Deno.test("site: static handler serves under the base and keeps to its folder", async () => {
  const handler = staticHandler(`${root}/a`, { base: "/nntopo/" });
  const ok = await handler(new Request("http://x/nntopo/experiments/spheres-fixture/"));
  assert.equal(ok.status, 200);
  assert.match(ok.headers.get("content-type")!, /text\/html/);
  await ok.body?.cancel();
  const redirect = await handler(new Request("http://x/nntopo/experiments/spheres-fixture"));
  assert.equal(redirect.status, 301);
  const outside = await handler(new Request("http://x/nntopo/..%2f..%2f..%2fetc%2fpasswd"));
  assert.equal(outside.status, 403);
  await outside.body?.cancel();
  const dotted = await handler(new Request("http://x/nntopo/%2e%2e/%2e%2e/etc/passwd"));
  assert.equal(dotted.status, 404, "URL parsing resolves the dots: outside the base");
  await dotted.body?.cancel();
  const missing = await handler(new Request("http://x/nntopo/nope.html"));
  assert.equal(missing.status, 404);
  assert.ok((await missing.text()).includes("Page not found"));
  const injected = staticHandler(`${root}/a`, { inject: "<!--reload-->" });
  const page = await (await injected(new Request("http://x/index.html"))).text();
  assert.ok(page.includes("<!--reload-->\n</body>") || page.includes("<!--reload--></body>"));
});

Deno.test("site: tracking rows read the runner's betweenEpochs/betweenLayers", () => {
  const rows = trackingRows({
    convention: "x",
    betweenEpochs: [{
      layer: 2,
      from: 0,
      to: 10,
      split: "all",
      dim: 1,
      bottleneck: 0.5,
      bottleneckBound: 0,
      wasserstein1: 1,
      wasserstein2: 0.75,
    }],
    betweenLayers: [{
      epoch: 10,
      from: 1,
      to: 2,
      split: "test",
      dim: 0,
      bottleneck: 0.25,
      bottleneckBound: 0.125,
      wasserstein1: 0.5,
      wasserstein2: 0.375,
    }],
    complexity: [{ epoch: 0, layer: 0, split: "all", scale: 0.1, t: 0.2, betti: [1], total: 1 }],
  });
  assert.deepEqual(
    rows.map((r) => [r.family, r.at, r.split, r.dim, `${r.from}→${r.to}`, r.metric, r.value]),
    [
      ["betweenEpochs", 2, "all", "H1", "0→10", "bottleneck", 0.5],
      ["betweenEpochs", 2, "all", "H1", "0→10", "bottleneckBound", 0],
      ["betweenEpochs", 2, "all", "H1", "0→10", "wasserstein1", 1],
      ["betweenEpochs", 2, "all", "H1", "0→10", "wasserstein2", 0.75],
      ["betweenLayers", 10, "test", "H0", "1→2", "bottleneck", 0.25],
      ["betweenLayers", 10, "test", "H0", "1→2", "bottleneckBound", 0.125],
      ["betweenLayers", 10, "test", "H0", "1→2", "wasserstein1", 0.5],
      ["betweenLayers", 10, "test", "H0", "1→2", "wasserstein2", 0.375],
    ],
  );
});

Deno.test("site: a default-sized experiment (3 epochs × 5 layers × 3 splits, 100 points) stays under 5 MB", async () => {
  const big = `${root}/big`;
  await writeFixtureExperiment(big, {
    experiment: "big",
    epochs: [0, 10, 25],
    layers: [0, 1, 2, 3, 4],
    points: 100,
  });
  const result = await buildSite({ artifacts: big, out: `${root}/big_site` });
  assert.ok(result.bytes < 5e6, `site weighs ${result.bytes} bytes`);
  const page = await Deno.readTextFile(`${root}/big_site/experiments/spheres-big/index.html`);
  assert.equal(page.match(/class="chart barcode"/g)?.length, 3 * 5 * 3 * 2);
  assert.ok(!page.includes("<style>"), "Plot's per-panel styles are stripped");
  const positions = [...page.matchAll(/\s(?:x|y|cx|cy|x1|y1|transform)="([^"]*)"/g)];
  assert.ok(positions.length > 1000);
  const unrounded = positions.filter((m) => /\d\.\d/.test(m[1]) && !/\d(?:em|%)/.test(m[1]));
  assert.deepEqual(unrounded.slice(0, 3).map((m) => m[0]), [], "positions are whole pixels");
  assert.ok(page.includes(`y="0.32em"`), "relative offsets are kept");
});

Deno.test("site: a graph from src/mapper, as written to mapper/epoch<k>/, is drawn", async () => {
  // A noisy circle: its Mapper graph over the x coordinate is a cycle.
  const n = 200;
  const data = new Float32Array(n * 2);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    data[2 * i] = Math.cos(a) + 0.01 * Math.sin(7 * i);
    data[2 * i + 1] = Math.sin(a);
    labels[i] = data[2 * i + 1] > 0 ? 1 : 0;
  }
  const correct = Array.from({ length: n }, (_, i) => i % 5 !== 0);
  const graph = mapper({ data, n, d: 2 }, {
    lens: { name: "coordinate", index: 0 },
    intervals: 8,
    labels,
    correct,
  });
  assert.ok(graph.nodes.length > 4 && graph.edges.length > 3);
  const exp = await writeFixtureExperiment(`${root}/mapper_results`, {
    experiment: "m",
    mapper: false,
  });
  const dir = `${exp}/weights_graphs_good_DataAmount1/mapper/epoch2`;
  await Deno.mkdir(dir, { recursive: true });
  // As the runner's Mapper stage writes it: laid out once, links as id pairs.
  const json = mapperGraphToJson(graph, { lens: "coordinate 0", layer: 1 });
  const layout = forceLayout(graph.nodes.length, graph.edges, { seed: 3 });
  await writeArtifactJson(`${dir}/layer1.json`, "mapper", {
    network: "good",
    epoch: 2,
    split: "test",
    points: n,
    layer: 1,
    transform: "none",
    lens: "coordinate 0",
    lensDim: 1,
    intervals: 8,
    overlap: 0.5,
    clusterer: "single linkage, first gap",
    nodes: json.nodes.map((node, i) => ({
      ...node,
      majorityLabel: Number(
        Object.entries(node.labelHistogram ?? {}).sort((a, b) => b[1] - a[1])[0][0],
      ),
      x: layout.x[i],
      y: layout.y[i],
    })),
    edges: graph.edges.length,
    components: 1,
    cycles: 1,
    links: json.links,
  });
  const site = await loadSite(`${root}/mapper_results`);
  const read = site.experiments[0].networks[0].mapper[0].graph;
  assert.equal(read.nodes.length, graph.nodes.length);
  assert.equal(read.links.length, graph.edges.length);
  assert.ok(
    read.nodes.every((node) =>
      typeof node.majorityLabel === "number" && Number.isFinite(node.x) &&
      node.meanLens.length === 1
    ),
  );
  await buildSite({ artifacts: `${root}/mapper_results`, out: `${root}/mapper_site` });
  const page = await Deno.readTextFile(`${root}/mapper_site/experiments/spheres-m/index.html`);
  const figures = [...page.matchAll(/<figure class="chart mapper"[\s\S]*?<\/figure>/g)].map((m) =>
    m[0]
  );
  assert.equal(figures.length, 3, "majority label, lens, accuracy");
  for (const f of figures) {
    // Node dots carry a tooltip; the two legend swatches do not.
    assert.equal(f.match(/<circle[^>]*><title>/g)?.length, graph.nodes.length, "one dot per node");
  }
  assert.ok(page.includes(`${graph.nodes.length} nodes, ${graph.edges.length} edges`));
});

Deno.test("site: the Mapper stage's graph and attribution are drawn with src/plots", async () => {
  const site = await loadSite(`${root}/results`);
  const exp = site.experiments.find((e) => e.manifest.experiment === "fixture")!;
  const good = exp.networks[0];
  const dir = `${good.dir}/mapper/epoch2`;
  // The graph: drawn at the positions the stage stored, by src/plots' chart.
  const file = JSON.parse(await Deno.readTextFile(`${dir}/layer2.json`));
  assert.ok(file.nodes.every((n: { x: unknown }) => typeof n.x === "number"));
  const expected = compactSvg(renderSvg(mapperGraphChart(file, { width: 340 })));
  const circles = (svg: string) => svg.match(/<circle[^>]*><title>[^<]*<\/title>/g) ?? [];
  assert.equal(circles(expected).length, file.nodes.length);
  const figures = [...fixtureHtml.matchAll(/<figure class="chart mapper"[\s\S]*?<\/figure>/g)]
    .map((m) => m[0]).filter((f) => f.includes(`${file.nodes.length} nodes`));
  assert.ok(figures.length >= 1);
  assert.deepEqual(circles(figures[0]), circles(expected), "same dots at the stored positions");
  // Attribution: one heatmap cell per (shown cluster, column) the stage recorded.
  const attribution = good.attribution[0];
  assert.equal(attribution.epoch, 2);
  assert.deepEqual(attribution.methods.map((m) => m.key), ["mapper", "kmeans"]);
  const kmeans = attribution.methods[1];
  const cells = kmeans.shown.length * kmeans.heatmap.columns.length;
  assert.equal(kmeans.heatmap.values.length, cells);
  assert.ok(cells > 0);
  const block = fixtureHtml.match(/data-method="kmeans"[\s\S]*?<\/figure>/)![0];
  assert.ok(block.includes(`class="chart heatmap"`));
  assert.equal(block.match(/<rect[^>]*><title>c\d+ \(\d\) · \d+: /g)?.length, cells);
  // Label composition: a bar per (cluster, class) and an accuracy bar per cluster.
  const composition = fixtureHtml.match(
    /data-method="kmeans"[\s\S]*?<figure class="chart composition"[\s\S]*?<\/figure>/,
  )![0];
  const segments = kmeans.clusters.reduce((s, c) => s + Object.keys(c.labelHistogram).length, 0);
  assert.equal(composition.match(/<title>c\d+ \(\d\): \d+ × class/g)?.length, segments);
  assert.equal(composition.match(/<title>c\d+ \(\d\): accuracy/g)?.length, 3);
  // Weight pictures: the stage's PNG copied beside the page, byte for byte.
  const src = fixtureHtml.match(/<img src="(mapper\/net0\/epoch2\/kmeans_weights\.png)"/)![1];
  assert.deepEqual(
    await Deno.readFile(`${root}/a/experiments/spheres-fixture/${src}`),
    await Deno.readFile(`${dir}/attribution/kmeans_weights.png`),
  );
});

Deno.test("site: attribution names are escaped", async () => {
  const exp = await writeFixtureExperiment(`${root}/attr_results`, {
    experiment: "attr",
    mapper: false,
  });
  const dir = `${exp}/weights_graphs_good_DataAmount1/mapper/epoch2/attribution`;
  await Deno.mkdir(dir, { recursive: true });
  const cluster = (name: string, neuron: number) => ({
    id: 0,
    name,
    size: 4,
    labelHistogram: { "0": 3, "1": 1 },
    majorityLabel: 0,
    purity: 0.75,
    accuracy: 0.75,
    topNeurons: [{ neuron, count: 3, frequency: 0.75 }],
    controls: { otherCluster: 1, randomNeurons: [0] },
  });
  await writeArtifactJson(`${dir}/attribution.json`, "attribution", {
    ...ATTRIBUTION_CONTEXT,
    methods: {
      kmeans: {
        name: XSS,
        clusters: [cluster(XSS, 3), cluster("<b>c1</b>", 5)],
        shown: [0, 1],
        heatmap: { columns: [3, 5], values: [0.75, 0, 0, 0.75], candidates: 2 },
      },
    },
  });
  const out = `${root}/attr_site`;
  await buildSite({ artifacts: `${root}/attr_results`, out });
  const page = await Deno.readTextFile(`${out}/experiments/spheres-attr/index.html`);
  assert.ok(page.includes(`<section id="mapper"`), "attribution alone makes the section");
  assert.ok(!page.includes(XSS) && !page.includes("<b>c1</b>"));
  assert.ok(page.includes("&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;"));
  assert.equal(page.match(/class="chart heatmap"/g)?.length, 1);
  assert.ok(!page.includes("<img"), "no weight picture without a PNG");
  await assert.rejects(
    Deno.stat(`${out}/experiments/spheres-attr/mapper`),
    Deno.errors.NotFound,
  );
});

/** The context fields of a small attribution.json. */
const ATTRIBUTION_CONTEXT = {
  network: "good",
  epoch: 2,
  split: "test",
  points: 8,
  layer: 3,
  transform: "none",
  attributionLayer: 1,
  neurons: 8,
  top: 1,
} as const;

Deno.test("site: an attribution.json with an unknown method key is refused, naming file and key", async () => {
  const exp = await writeFixtureExperiment(`${root}/evil_attr`, { experiment: "e", mapper: false });
  const dir = `${exp}/weights_graphs_good_DataAmount1/mapper/epoch2/attribution`;
  await Deno.mkdir(dir, { recursive: true });
  // A method key is part of a file name (<key>_weights.png): only the stage's own keys pass.
  await Deno.writeTextFile(
    `${dir}/attribution.json`,
    JSON.stringify({
      schema: "nntopo/attribution@1",
      ...ATTRIBUTION_CONTEXT,
      methods: { "../evil": { name: "x", clusters: [] } },
    }),
  );
  await assert.rejects(
    loadSite(`${root}/evil_attr`),
    /attribution\.json: \$\.methods\["\.\.\/evil"\]: expected no such key/,
  );
});

Deno.test("site: a malformed attribution.json names the file and JSON path", async () => {
  const exp = await writeFixtureExperiment(`${root}/bad_attr`, { experiment: "b", mapper: false });
  const dir = `${exp}/weights_graphs_good_DataAmount1/mapper/epoch0/attribution`;
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(
    `${dir}/attribution.json`,
    JSON.stringify({
      schema: "nntopo/attribution@1",
      ...ATTRIBUTION_CONTEXT,
      methods: { kmeans: { name: "k-means", clusters: [{ name: "c0" }] } },
    }),
  );
  await assert.rejects(
    loadSite(`${root}/bad_attr`),
    /attribution\.json: \$\.methods\.kmeans\.clusters\[0\]\.id: expected string or number, found nothing \(the key is missing\)/,
  );
});

Deno.test("site: remove the temporary fixture", async () => {
  await Deno.remove(root, { recursive: true });
});

Deno.test("site: CLI refuses a missing, non-folder or empty artifacts root, naming it, and writes nothing", async () => {
  const empty = await Deno.makeTempDir();
  const file = await Deno.makeTempFile();
  for (const artifacts of [`${empty}/no/such/dir`, file, empty]) {
    const out = `${empty}-site`;
    const child = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "src/cli/site.ts", "--artifacts", artifacts, "--out", out],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(child.stderr);
    assert.equal(child.code, 1, stderr);
    assert.ok(
      stderr.includes(`--artifacts: expected a folder of experiments, found "${artifacts}"`),
    );
    assert.ok(!(await Deno.stat(out).then(() => true, () => false)), `${out} not written`);
  }
  await Deno.remove(empty, { recursive: true });
  await Deno.remove(file);
});
