/**
 * The site in a real browser: Debian's chromium driven by playwright-core
 * (never downloaded). Builds the site from the fixture experiments, serves it
 * on 127.0.0.1 at the root and under a GitHub-Pages-like base path, opens
 * every page and checks: no console errors or failed requests, charts render
 * as SVG with marks, every internal link answers 200, toggles work with
 * JavaScript and every snapshot shows without it, and a name holding
 * `<script>` stays text. Screenshots go to /tmp/site-shots/. With
 * NNTOPO_SITE_ARTIFACTS=<artifacts root> set, a site built from real runs is
 * checked the same way.
 */

import assert from "node:assert/strict";
import { buildSite } from "../../site/build.ts";
import { staticHandler } from "../../site/static_server.ts";
import { writeFixtureExperiment } from "./fixture.ts";
import type { Browser } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";

/** The few DOM properties the page callbacks read (no DOM lib in Deno's types). */
type El = { hidden: boolean; dataset: Record<string, string>; href?: string; src?: string };
const SHOTS = "/tmp/site-shots";
const XSS_TITLE = `<script>alert("owned")</script>`;

const haveChromium = await Deno.stat(CHROMIUM).then(() => true, () => false);
if (!haveChromium) {
  console.warn(`browser_test: SKIPPED — ${CHROMIUM} is missing (CI installs Debian's chromium)`);
}

/**
 * Open every page (404 aside): no console errors or warnings, no failed or
 * 4xx/5xx requests, no dialogs; every chart is an SVG with marks; every link
 * and asset stays on the site and answers 200. With `shots`, a screenshot of
 * each page goes to SHOTS/<shots><name>.png.
 */
async function checkPages(
  browser: Browser,
  origin: string,
  base: string,
  pages: string[],
  shots?: string,
): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("dialog", (d) => {
    problems.push(`dialog opened: ${d.message()}`);
    d.dismiss();
  });
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  const checkedLinks = new Set<string>();
  for (const rel of pages.filter((p) => p !== "404.html")) {
    const url = `${origin}${base}${rel}`;
    const response = await page.goto(url);
    assert.equal(response?.status(), 200, url);
    const marks = await page.$$eval(
      "figure.chart svg",
      (svgs) => svgs.map((s) => s.querySelectorAll("rect, circle, path, line").length),
    );
    assert.ok(marks.length > 0, `${rel}: expected charts, found none`);
    assert.ok(marks.every((n) => n > 0), `${rel}: a chart has no marks`);
    const links = await page.$$eval(
      "a[href], link[href], script[src], img[src]",
      // an SVG <a> (a bar linked to its cycle) has an SVGAnimatedString href
      (els) =>
        els.map((e) => {
          const el = e as unknown as { href?: string | { baseVal: string }; src?: string };
          if (el.href && typeof el.href === "object") {
            return new URL(el.href.baseVal, e.ownerDocument.URL).href;
          }
          return el.href || el.src || "";
        }),
    );
    for (const link of links) {
      const target = new URL(link);
      if (target.origin !== origin) assert.fail(`${rel}: link leaves the site: ${link}`);
      target.hash = "";
      if (checkedLinks.has(target.href)) continue;
      checkedLinks.add(target.href);
      const r = await fetch(target.href);
      await r.body?.cancel();
      assert.equal(r.status, 200, `${rel}: link ${target.href}`);
    }
    if (shots !== undefined) {
      const name = rel === "index.html" ? "index" : rel.split("/")[1];
      await page.screenshot({ path: `${SHOTS}/${shots}${name}.png`, fullPage: false });
    }
  }
  assert.deepEqual(problems, []);
  await context.close();
}

Deno.test({
  name: "site renders in chromium: charts, links, toggles, escaping, base path",
  ignore: !haveChromium,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const { chromium } = await import("playwright-core");
    const root = await Deno.makeTempDir({ prefix: "nntopo-site-browser-" });
    await writeFixtureExperiment(`${root}/results`, { attribution: true, cycles: true });
    await writeFixtureExperiment(`${root}/results`, {
      experiment: "xss",
      title: XSS_TITLE,
      networks: ["good", `bad<img src=x onerror=alert(1)>`],
      mapper: false,
      tracking: false,
    });
    const out = `${root}/_site`;
    const built = await buildSite({ artifacts: `${root}/results`, out, base: "/nntopo/" });
    assert.equal(built.experiments, 2);

    const servers = [
      Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, staticHandler(out)),
      Deno.serve(
        { port: 0, hostname: "127.0.0.1", onListen() {} },
        staticHandler(out, { base: "/nntopo/" }),
      ),
    ];
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    await Deno.mkdir(SHOTS, { recursive: true });
    try {
      for (const [i, server] of servers.entries()) {
        const origin = `http://127.0.0.1:${server.addr.port}`;
        const base = i === 0 ? "/" : "/nntopo/";
        await t.step(`every page under ${base}`, async () => {
          await checkPages(browser, origin, base, built.pages, i === 0 ? "" : undefined);
        });
      }

      const real = Deno.env.get("NNTOPO_SITE_ARTIFACTS");
      if (real) {
        await t.step(`every page built from ${real}`, async () => {
          const realOut = `${root}/real_site`;
          const realBuilt = await buildSite({ artifacts: real, out: realOut });
          const server = Deno.serve(
            { port: 0, hostname: "127.0.0.1", onListen() {} },
            staticHandler(realOut),
          );
          try {
            const origin = `http://127.0.0.1:${server.addr.port}`;
            await checkPages(browser, origin, "/", realBuilt.pages, "real-");
          } finally {
            await server.shutdown();
          }
        });
      }

      const origin = `http://127.0.0.1:${servers[0].addr.port}`;
      const fixturePage = built.pages.find((p) => p.includes("spheres-fixture"))!;
      const xssPage = built.pages.find((p) => p.includes("spheres-xss"))!;

      await t.step("toggles pick one snapshot; layer filter hides rows", async () => {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await page.goto(`${origin}/${fixturePage}`);
        const visible = () =>
          page.$$eval(
            "section.snapshot",
            (els) =>
              els.filter((e) => !(e as unknown as El).hidden).map((e) =>
                `${(e as unknown as El).dataset.epoch}/${(e as unknown as El).dataset.split}`
              ),
          );
        assert.deepEqual(await visible(), ["2/all"], "default: last epoch, train+test");
        await page.click('[data-toggle="epoch"] button[data-value="0"]');
        await page.click('[data-toggle="split"] button[data-value="test"]');
        assert.deepEqual(await visible(), ["0/test"]);
        await page.click('[data-toggle="layer"] button[data-value="3"]');
        const rows = await page.$$eval(
          'section.snapshot[data-epoch="0"][data-split="test"] .layer-row',
          (els) =>
            els.filter((e) => !(e as unknown as El).hidden).map((e) =>
              (e as unknown as El).dataset.layer
            ),
        );
        assert.deepEqual(rows, ["3"]);
        assert.match(page.url(), /#snapshots:epoch=0,split=test,layer=3$/);
        // The hash restores the choice on reload.
        await page.reload();
        assert.deepEqual(await visible(), ["0/test"]);
        await page.click('[data-toggle="layer"] button[data-value="all"]');
        await page.locator("#snapshots").scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${SHOTS}/snapshots-toggled.png` });
        // Tooltip from a mark's <title>.
        const bar = page.locator(
          "section.snapshot:not([hidden]) figure.barcode svg rect:has(title)",
        ).first();
        await bar.hover();
        const tip = await page.locator(".tooltip").textContent();
        assert.match(tip ?? "", /^H\d \[/);
        await page.locator("#mapper").scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${SHOTS}/mapper.png` });
        // The Mapper stage's attribution: heatmap, composition, weight picture.
        const method = page.locator('#mapper .attribution-method[data-method="kmeans"]');
        await method.scrollIntoViewIfNeeded();
        for (const kind of ["heatmap", "composition"]) {
          const marks = await method.locator(`figure.${kind} svg rect`).count();
          assert.ok(marks > 3, `${kind}: ${marks} rects`);
        }
        const img = method.locator("figure.weights img");
        await img.scrollIntoViewIfNeeded();
        await page.waitForFunction(
          (el) => (el as unknown as { complete: boolean }).complete,
          await img.elementHandle(),
        );
        const width = await img.evaluate((el) =>
          (el as unknown as { naturalWidth: number })
            .naturalWidth
        );
        assert.ok(width > 100, `weight picture loaded (${width} px wide)`);
        await method.screenshot({ path: `${SHOTS}/mapper-attribution.png` });
        await page.locator("#metrics").scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${SHOTS}/metrics.png` });
        await page.locator("#tracking").scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${SHOTS}/tracking.png` });
        await page.close();
      });

      await t.step("clicking one of the longest H1 bars shows its loop", async () => {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await page.goto(`${origin}/${fixturePage}`);
        // the good network's last cell (epoch 2, layer 3, train+test) has real cycles
        const box = page.locator("#cycle-n0-e2-l3-all");
        const loop = (b: number) => box.locator(`g.cycle-bar-${b}[aria-label="link"]`);
        assert.ok(await loop(1).count() === 1, "a second cycle bar is drawn");
        assert.ok(await loop(0).isVisible(), "the longest bar's loop shows first");
        assert.ok(!(await loop(1).isVisible()), "the others wait for a click");
        const link = page.locator('figure.barcode a[href="#cycle-n0-e2-l3-all-b1"]');
        assert.equal(await link.count(), 1, "the second longest H1 bar links to its cycle");
        await link.scrollIntoViewIfNeeded();
        await link.click();
        assert.ok(await loop(1).isVisible(), "the clicked bar's loop shows");
        assert.ok(!(await loop(0).isVisible()), "in place of the longest's");
        const edges = await loop(1).locator("path").count();
        assert.ok(edges >= 3, `the loop has ${edges} edges`);
        assert.ok(await page.locator("#cycle-n0-e2-l3-all-b1").isVisible(), "its caption shows");
        assert.ok(!(await page.locator("#cycle-n0-e2-l3-all-b0").isVisible()));
        assert.ok(!page.url().includes("#cycle-"), "no jump to an anchor");
        await box.screenshot({ path: `${SHOTS}/cycle.png` });
        await page.close();
      });

      await t.step("without JavaScript every snapshot shows", async () => {
        const context = await browser.newContext({ javaScriptEnabled: false });
        const page = await context.newPage();
        await page.goto(`${origin}/${fixturePage}`);
        const shown = await page.locator("section.snapshot:visible").count();
        assert.equal(shown, 2 * 3, "2 epochs × 3 splits");
        // the longest bar's cycle is drawn statically
        const loop = page.locator('#cycle-n0-e2-l3-all g.cycle-bar-0[aria-label="link"]');
        assert.ok(await loop.isVisible(), "the longest bar's loop shows without JavaScript");
        assert.ok(await loop.locator("path").count() >= 3);
        assert.equal(await page.locator(".toolbar:visible").count(), 0);
        await context.close();
      });

      await t.step("names holding markup stay text", async () => {
        const page = await browser.newPage();
        let dialogs = 0;
        page.on("dialog", (d) => {
          dialogs++;
          d.dismiss();
        });
        await page.goto(`${origin}/${xssPage}`);
        assert.equal(await page.locator("h1").textContent(), XSS_TITLE);
        assert.equal(await page.locator("main script").count(), 0);
        assert.equal(await page.locator("main img").count(), 0);
        assert.ok((await page.locator("table.networks").textContent())!.includes("<img src=x"));
        await page.goto(`${origin}/index.html`);
        assert.ok((await page.locator("main").textContent())!.includes(XSS_TITLE));
        assert.equal(dialogs, 0);
        await page.close();
      });
    } finally {
      await browser.close();
      for (const s of servers) await s.shutdown();
      await Deno.remove(root, { recursive: true });
    }
  },
});
