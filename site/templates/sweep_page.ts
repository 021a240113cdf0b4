/**
 * A sweep's page: per experiment, every summary metric against the data
 * amount (a median line and a min–max band over seeds per network), the final
 * accuracies of every seed as strips, the search's chosen configurations, and
 * a table linking each run's own experiment page.
 *
 * @module
 */

import type { SweepModel } from "../sweeps.ts";
import type { SweepNetworkRow, SweepRunRow } from "../../src/sweep/merge.ts";
import {
  metricByDataAmountChart,
  seedStripChart,
  type SweepPoint,
} from "../../src/plots/sweep_charts.ts";
import { formatValue } from "../../src/plots/format.ts";
import { html, type SafeHtml } from "../html.ts";
import { figure } from "./figure.ts";
import { layout } from "./layout.ts";

const POSITIONS = ["first", "middle", "last"] as const;

/** The topology metrics plotted: homology dimension × summary, with labels. */
const TOPOLOGY: { dim: string; key: string; label: string }[] = ["H0", "H1"].flatMap((dim) => [
  { dim, key: "lifetimeMax", label: `${dim} max lifetime` },
  { dim, key: "lifetimeMean", label: `${dim} mean lifetime` },
  { dim, key: "normalizedEntropy", label: `${dim} normalised entropy` },
]);

type Pick = (net: SweepNetworkRow) => number | null;

function points(runs: SweepRunRow[], pick: Pick, facet?: (net: SweepNetworkRow) => string) {
  return runs.flatMap((run) =>
    run.networks.map((net): SweepPoint => ({
      network: net.name,
      amount: net.dataAmount.part / net.dataAmount.parts,
      seed: run.seed,
      value: pick(net),
      facet: facet?.(net),
    }))
  );
}

function topologyPoints(runs: SweepRunRow[], dim: string, key: string): SweepPoint[] {
  return POSITIONS.flatMap((position) =>
    points(
      runs,
      (net) => net.topology[position]?.[dim]?.[key] ?? null,
      () => `${position} layer`,
    )
  );
}

function experimentSection(sweep: SweepModel, experiment: string, runs: SweepRunRow[]): SafeHtml {
  const networks = [...new Set(runs.flatMap((r) => r.networks.map((n) => n.name)))];
  const configs = [...new Set(runs.map((r) => r.config.index))];
  const chart = (pts: SweepPoint[], metric: string, title: string) =>
    figure(metricByDataAmountChart(pts, { metric, title, networks }), { label: title });
  const strip = seedStripChart(
    runs.flatMap((run) =>
      run.networks.map((net) => ({
        network: net.name,
        config: `data ${net.dataAmount.part}/${net.dataAmount.parts}${
          configs.length > 1 ? ` · c${run.config.index}` : ""
        }`,
        seed: run.seed,
        accuracy: net.test.accuracy,
      }))
    ),
    { metric: "final test accuracy", title: "Final test accuracy of every seed", networks },
  );
  const chosen = sweep.search?.[experiment];
  return html`<section class="sweep-experiment">
<h2>${experiment} <small>(${runs[0]?.dataset})</small></h2>
${
    chosen
      ? html`<p>Hyperparameters chosen by the search (validation split of the training set): ${
        Object.entries(chosen).map(([net, c]) =>
          html`
            <b>${net}</b> ${Object.entries(c).map(([k, v]) => `${k} = ${v}`).join(", ") ||
              "the spec's"};
          `
        )
      }</p>`
      : ""
  }
${figure(strip, { label: `final accuracies of ${experiment}` })}
${chart(points(runs, (n) => n.test.accuracy), "test accuracy", "Test accuracy")}
${chart(points(runs, (n) => n.train.accuracy), "train accuracy", "Train accuracy")}
${
    TOPOLOGY.map((t) =>
      chart(
        topologyPoints(runs, t.dim, t.key),
        t.label,
        `${t.label} at the first, middle and last layer`,
      )
    )
  }
${
    chart(
      points(runs, (n) => n.neuralPersistence),
      "neural persistence (normalised, mean over layers)",
      "Neural persistence of the weights",
    )
  }
</section>`;
}

/** One row per run and data amount: the page of that run's networks at that amount. */
function runTable(sweep: SweepModel): SafeHtml {
  const rows = sweep.runs.flatMap((run) => {
    const parts = [...new Set(run.networks.map((n) => n.dataAmount.part))];
    return parts.map((part) => {
      const nets = run.networks.filter((n) => n.dataAmount.part === part);
      const slug = sweep.pages[`${run.id}/${part}`];
      const label = parts.length > 1 ? `${run.id} · DataAmount${part}` : run.id;
      const link = slug
        ? html`<a href="../../experiments/${slug}/index.html">${label}</a>`
        : html`${label}`;
      return html`<tr><td>${link}</td><td>${part}/${
        nets[0].dataAmount.parts
      }</td><td>${run.seed}</td>${
        nets.map((n) => html`<td>${n.name}: ${formatValue(n.test.accuracy)}</td>`)
      }</tr>`;
    });
  });
  return html`
    <table class="networks sweep-runs">
      <thead>
        <tr>
          <th>run (its experiment page)</th>
          <th>data</th>
          <th>seed</th>
          <th colspan="4">final test accuracy</th>
        </tr>
      </thead>
      <tbody>${rows}</tbody>
    </table>
  `;
}

/**
 * Render a sweep's page (at `sweeps/<slug>/index.html`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sweepPage } from "./sweep_page.ts";
 * const page = sweepPage({ slug: "s", name: "s", title: "S", description: "", search: null, runs: [], pages: {} });
 * assert.match(page.value, /0 runs/);
 * ```
 */
export function sweepPage(sweep: SweepModel): SafeHtml {
  const experiments = [...new Set(sweep.runs.map((r) => r.experiment))];
  const body = html`
    <h1>${sweep.title}</h1>
    <p class="lead">${sweep.description}</p>
    <p class="meta">sweep <code>${sweep.name}</code> · ${sweep.runs.length} runs</p>
    ${experiments.map((e) =>
      experimentSection(sweep, e, sweep.runs.filter((r) => r.experiment === e))
    )}
    <h2>Runs</h2>
    ${runTable(sweep)}
  `;
  return layout({ title: sweep.title, root: "../../", body, description: sweep.description });
}
