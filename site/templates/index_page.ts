/**
 * The index page: one card per experiment with its dataset, networks and
 * final accuracies, seed, date and a small accuracy chart.
 *
 * @module
 */

import type { SiteModel } from "../data.ts";
import { html, type SafeHtml } from "../html.ts";
import { formatValue } from "../../src/plots/format.ts";
import { trainingCurvesChart } from "../../src/plots/training_curves.ts";
import { figure } from "./figure.ts";
import { layout } from "./layout.ts";

/**
 * Render the index page (at the site root).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { indexPage } from "./index_page.ts";
 * const page = indexPage({ root: "results", experiments: [] });
 * assert.ok(page.value.includes("No experiments"));
 * ```
 */
export function indexPage(
  site: SiteModel,
  sweeps: { slug: string; title: string; runs: unknown[] }[] = [],
): SafeHtml {
  const cards = site.experiments.map((exp) => {
    const m = exp.manifest;
    const withHistory = exp.networks.filter((n) => n.history?.epochs?.length);
    const thumb = withHistory.length > 0
      ? figure(
        trainingCurvesChart(
          withHistory.map((n) => ({ network: n.manifest.name, epochs: n.history!.epochs })),
          { scores: ["accuracy"], panelHeight: 130, width: 360 },
        ),
        { width: 360, className: "thumb", label: `accuracy of ${m.experiment}` },
      )
      : "";
    return html`<article class="card">
<h2><a href="experiments/${exp.slug}/index.html">${m.title || m.experiment}</a></h2>
<p class="meta">dataset <b>${m.dataset}</b> · experiment <code>${m.experiment}</code> · seed ${m.seed} · ${
      formatDate(m.createdAt)
    }</p>
${m.description ? html`<p>${m.description}</p>` : ""}
<table class="networks">
<thead><tr><th>network</th><th>role</th><th>epoch</th><th>train acc.</th><th>test acc.</th></tr></thead>
<tbody>${
      exp.networks.map((n) =>
        html`
          <tr>
            <td>${n.manifest.name}</td>
            <td>${n.manifest.role}</td>
            <td>${n.manifest.final?.epoch}</td>
            <td>${score(n.manifest.final?.train?.accuracy)}</td>
            <td>${score(n.manifest.final?.test?.accuracy)}</td>
          </tr>
        `
      )
    }</tbody>
</table>
${thumb}
</article>`;
  });
  const sweepList = sweeps.length === 0 ? "" : html`
    <h1>Sweeps</h1>
    <ul class="sweeps">${sweeps.map((s) =>
      html`<li><a href="sweeps/${s.slug}/index.html">${s.title}</a> (${s.runs.length} runs)</li>`
    )}</ul>
  `;
  const body = html`
    ${sweepList}
    <h1>Experiments</h1>
    <p
      class="lead">${site.experiments.length} experiment${site.experiments.length === 1
        ? ""
        : "s"} found. Each compares networks trained on the same task through the topology of their activations.</p>
    ${site.experiments.length === 0
      ? html`<p class="empty">No experiments found: run <code>deno task experiment</code> first.</p>`
      : html`<div class="cards">${cards}</div>`}
  `;
  return layout({ title: "Experiments", root: "", body });
}

function score(x: number | null | undefined): string {
  return typeof x === "number" && Number.isFinite(x) ? formatValue(x) : "–";
}

/**
 * `2026-11-21T12:00:00.000Z` → `2026-11-21 12:00 UTC`; other strings as they are.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatDate } from "./index_page.ts";
 * assert.equal(formatDate("2026-11-21T12:00:00.000Z"), "2026-11-21 12:00 UTC");
 * ```
 */
export function formatDate(iso: string | undefined): string {
  if (!iso) return "date unknown";
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}
