/**
 * The site draws its charts in src/plots' lean DOM; linkedom's must give the
 * same bytes. The fixture site (barcodes with cycle links and the cycle
 * figures, thinned diagrams, Betti curves, metrics, tracking, Mapper and
 * attribution charts, the index thumbnails) is built in both and compared
 * file by file; the sweep page's charts, which need a sweep to be drawn by
 * the site, are compared chart by chart.
 */

import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import { buildSite } from "../../site/build.ts";
import { chartDocumentsFrom, figure } from "../../site/templates/figure.ts";
import type { SvgDocument } from "../../src/plots/render.ts";
import { metricByDataAmountChart, seedStripChart } from "../../src/plots/sweep_charts.ts";
import { writeFixtureExperiment } from "./fixture.ts";

function linkedomDocument(): SvgDocument {
  return (parseHTML("<!doctype html><html><body></body></html>") as unknown as {
    document: SvgDocument;
  }).document;
}

/** `fn`'s result with the site's charts drawn in linkedom's DOM. */
async function withLinkedom<T>(fn: () => T | Promise<T>): Promise<T> {
  const restore = chartDocumentsFrom(linkedomDocument);
  try {
    return await fn();
  } finally {
    restore();
  }
}

async function readTree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (rel: string) => {
    for await (const e of Deno.readDir(`${dir}/${rel}`)) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory) await walk(path);
      else files.set(path, await Deno.readTextFile(`${dir}/${path}`));
    }
  };
  await walk("");
  return files;
}

Deno.test("site: every page is the same whether its charts are drawn in the lean DOM or linkedom's", async () => {
  const root = await Deno.makeTempDir({ prefix: "nntopo-site-dom-" });
  try {
    await writeFixtureExperiment(`${root}/results`, { attribution: true, cycles: true });
    await writeFixtureExperiment(`${root}/results`, {
      experiment: "plain",
      title: `a "plain" <study> & co`,
      networks: ["good", `bad "b" <i> & \xa0co`],
      tracking: false,
    });
    const artifacts = `${root}/results`;
    await buildSite({ artifacts, out: `${root}/lean` });
    await withLinkedom(() => buildSite({ artifacts, out: `${root}/linkedom` }));
    const lean = await readTree(`${root}/lean`), theirs = await readTree(`${root}/linkedom`);
    assert.deepEqual([...lean.keys()].sort(), [...theirs.keys()].sort());
    for (const [path, text] of lean) assert.equal(text, theirs.get(path), path);
    const page = lean.get("experiments/spheres-fixture/index.html")!;
    for (
      const drawn of ['class="chart barcode"', 'class="chart cycle-chart"', "<a href=", "<title>"]
    ) {
      assert.ok(page.includes(drawn), `the fixture page draws ${drawn}`);
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("site: the sweep page's charts are the same in the lean DOM and linkedom's", async () => {
  const networks = ["good <10>", `bad "b" & co`];
  const points = networks.flatMap((network) =>
    [0.5, 1].flatMap((amount) =>
      [0, 1, 2].map((seed) => ({
        network,
        amount,
        seed,
        value: seed === 2 && amount === 1 ? null : amount / (seed + 2),
        facet: seed % 2 ? "last layer" : "first layer",
      }))
    )
  );
  const strip = seedStripChart(
    points.map((p) => ({
      network: p.network,
      config: `data ${p.amount * 2}/2`,
      seed: p.seed,
      accuracy: p.value ?? 0,
    })),
    { metric: "final test accuracy", title: `Final "test" accuracy`, networks },
  );
  const charts = [
    strip,
    metricByDataAmountChart(points, { metric: "test accuracy", title: "Test", networks }),
    metricByDataAmountChart(points.map(({ facet: _, ...p }) => p), { metric: "H1", networks }),
  ];
  for (const chart of charts) {
    const lean = figure(chart, { label: "a sweep chart" }).value;
    assert.equal(await withLinkedom(() => figure(chart, { label: "a sweep chart" }).value), lean);
    assert.ok(lean.length > 1000, "a chart was drawn");
  }
});
