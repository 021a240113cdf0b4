/**
 * One experiment's page: a computed summary, the networks, overlaid training
 * curves, barcodes / persistence diagrams / Betti curves of every snapshot
 * side by side, metrics over epochs, tracking distances, neural persistence,
 * Mapper graphs with neuron attribution, and the spec and environment from
 * manifest.json. Every chart is a src/plots definition rendered to SVG at
 * build time.
 *
 * @module
 */

import type { ExperimentModel, NetworkModel } from "../data.ts";
import { html, type SafeHtml } from "../html.ts";
import { diagramsFromJson } from "../../src/topology/diagram.ts";
import type { Split } from "../../src/artifacts/layout.ts";
import { barcodeChart } from "../../src/plots/barcode.ts";
import { persistenceDiagramChart } from "../../src/plots/persistence_diagram.ts";
import { bettiCurvesChart, type BettiPoint } from "../../src/plots/betti_curves.ts";
import {
  metricOverEpochsChart,
  type MetricRow,
  METRICS_OVER_EPOCHS,
} from "../../src/plots/metric_over_epochs.ts";
import { formatValue } from "../../src/plots/format.ts";
import { trainingCurvesChart } from "../../src/plots/training_curves.ts";
import {
  TRACKING_FAMILIES,
  trackingChart,
  type TrackingFamily,
  type TrackingRow,
  trackingRows,
} from "../../src/plots/tracking.ts";
import { bettiChangePoints } from "../charts/betti_grid.ts";
import { thinDiagrams, type Thinned } from "../charts/thin_diagram.ts";
import { experimentSummary, snapshotOf } from "../summary.ts";
import { figure, type SvgCache } from "./figure.ts";
import { dataKey } from "../charts/data_key.ts";
import { cellCycles, cycleFigure, cycleFigureId } from "./cycle_figure.ts";
import { mapperSection } from "./mapper_section.ts";
import { filterSection } from "./filter_section.ts";
import { layout } from "./layout.ts";
import { formatDate } from "./index_page.ts";

/** Options of {@linkcode experimentPage}. */
export interface ExperimentPageOptions {
  /** Prefix from the page to the site root (default `../../`). */
  root?: string;
  /** Most bars drawn per dimension in a barcode: the longest (default 30). */
  maxBars?: number;
}

const SPLIT_TEXT: Record<Split, string> = { all: "train+test", train: "train", test: "test" };
/**
 * Render an experiment page (placed at `experiments/<slug>/index.html`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { experimentPage } from "./experiment_page.ts";
 * const page = experimentPage({
 *   slug: "x", dir: "x", folder: "x", epochs: [], layers: [], splits: [], dims: [], networks: [],
 *   manifest: { experiment: "<x>", title: "", dataset: "d", seed: 1, networks: [], spec: {},
 *     versions: {}, timings: {}, createdAt: "", files: {}, description: "", schema: "nntopo/manifest@1" },
 * });
 * assert.ok(page.value.includes("&lt;x&gt;"));
 * ```
 */
export function experimentPage(
  experiment: ExperimentModel,
  options: ExperimentPageOptions = {},
): SafeHtml {
  const m = experiment.manifest;
  const root = options.root ?? "../../";
  const sections: Array<{ id: string; title: string; body: SafeHtml | null }> = [
    { id: "networks", title: "Networks", body: networksSection(experiment) },
    { id: "training", title: "Training curves", body: trainingSection(experiment) },
    {
      id: "snapshots",
      title: "Barcodes, persistence diagrams and Betti curves",
      body: snapshotsSection(experiment, options.maxBars ?? 30),
    },
    { id: "metrics", title: "Metrics over epochs", body: metricsSection(experiment) },
    { id: "tracking", title: "Tracking distances", body: trackingSection(experiment) },
    {
      id: "neural-persistence",
      title: "Neural persistence",
      body: neuralPersistenceSection(experiment),
    },
    {
      id: "mapper",
      title: "Mapper graphs and neuron attribution",
      body: mapperSection(experiment),
    },
    { id: "filters", title: "Filter topology and filter Mapper", body: filterSection(experiment) },
    { id: "spec", title: "Spec and environment", body: specSection(experiment) },
  ];
  const present = sections.filter((s) => s.body !== null);
  const body = html`
    <p class="crumbs"><a href="${root}index.html">All experiments</a> › ${m.dataset}</p>
    <h1>${m.title || m.experiment}</h1>
    <p
      class="meta">experiment <code>${m.experiment}</code> · dataset <b>${m.dataset}</b> · seed ${m
        .seed} · ${formatDate(m.createdAt)}</p>
    ${m.description ? html`<p>${m.description}</p>` : ""}
    <section id="summary" class="summary">
      <p>${experimentSummary(experiment).join(" ")}</p>
    </section>
    <nav class="toc" aria-label="sections">
      <ul>${present.map((s) => html`<li><a href="#${s.id}">${s.title}</a></li>`)}</ul>
    </nav>
    ${present.map((s) => html`<section id="${s.id}"><h2>${s.title}</h2>${s.body}</section>`)}
  `;
  return layout({ title: m.title || m.experiment, root, body, description: m.description });
}

function score(x: number | null | undefined): string {
  return typeof x === "number" && Number.isFinite(x) ? formatValue(x) : "–";
}

function networksSection(exp: ExperimentModel): SafeHtml {
  return html`
    <table class="networks">
      <thead>
        <tr>
          <th>network</th>
          <th>role</th>
          <th>dense units</th>
          <th>final epoch</th>
          <th>train loss</th>
          <th>train acc.</th>
          <th>test loss</th>
          <th>test acc.</th>
          <th>test RMSE</th>
        </tr>
      </thead>
      <tbody>${exp.networks.map((n) => {
        const f = n.manifest.final;
        return html`
          <tr>
            <td>${n.manifest.name}</td>
            <td>${n.manifest.role}</td>
            <td>${(n.manifest.layers ?? []).join(", ")}</td>
            <td>${f?.epoch}</td>
            <td>${score(f?.train?.loss)}</td>
            <td>${score(f?.train?.accuracy)}</td>
            <td>${score(f?.test?.loss)}</td>
            <td>${score(f?.test?.accuracy)}</td>
            <td>${score(f?.test?.rmse)}</td>
          </tr>
        `;
      })}</tbody>
    </table>
  `;
}

function trainingSection(exp: ExperimentModel): SafeHtml | null {
  const nets = exp.networks.filter((n) => n.history?.epochs?.length);
  if (nets.length === 0) return null;
  return figure(
    trainingCurvesChart(
      nets.map((n) => ({ network: n.manifest.name, epochs: n.history!.epochs })),
      { subtitle: "Per-epoch loss, accuracy and RMSE; epoch 0 is the untrained network." },
    ),
    { width: 900, label: "training curves" },
  );
}

/** The toggle bar (hidden until the client script shows it). */
function toolbar(name: string, values: Array<{ value: string; label: string }>, initial: string) {
  return html`
    <div class="toggle" role="group" aria-label="${name}" data-toggle="${name}"
      data-initial="${initial}"><span class="toggle-name">${name}</span>${values.map((v) =>
        html`<button type="button" data-value="${v.value}" aria-pressed="${
          v.value === initial ? "true" : "false"
        }">${v.label}</button>`
      )}</div>
  `;
}

function snapshotsSection(exp: ExperimentModel, maxBars: number): SafeHtml | null {
  if (exp.epochs.length === 0 || exp.layers.length === 0) return null;
  const defaultEpoch = String(exp.epochs.at(-1));
  const defaultSplit = exp.splits.includes("all") ? "all" : exp.splits[0];
  const cols = exp.networks.length;
  // Equal snapshots (the input layer's, the same for every network and epoch)
  // draw their equal charts once.
  const cache: SvgCache = new Map();
  const blocks = exp.epochs.flatMap((epoch) =>
    exp.splits.map((split) =>
      html`<section class="snapshot" data-epoch="${epoch}" data-split="${split}">
<h3>Epoch ${epoch} · ${SPLIT_TEXT[split]}</h3>
${
        exp.layers.map((layer) =>
          html`
            <div class="layer-row" data-layer="${layer}">
              <h4>Layer ${layer}${layer === 0 ? " (input)" : ""}</h4>
              <div class="side-by-side" style="--cols:${cols}">${exp.networks.map((net) =>
                snapshotCell(
                  net,
                  { index: exp.networks.indexOf(net), epoch, layer, split },
                  { maxBars, cache },
                )
              )}</div>
            </div>
          `
        )
      }
</section>`
    )
  );
  return html`
    <p>Barcodes and persistence diagrams for every epoch × split × layer; Betti curves for train+test. <span
      class="nojs">Without JavaScript every snapshot is listed below; with it, the buttons pick one.</span></p>
    <div class="toolbar" hidden>
    ${toolbar(
      "epoch",
      exp.epochs.map((e) => ({ value: String(e), label: String(e) })),
      defaultEpoch,
    )}
    ${toolbar(
      "split",
      exp.splits.map((s) => ({ value: s, label: SPLIT_TEXT[s] })),
      defaultSplit,
    )}
    ${toolbar(
      "layer",
      [
        { value: "all", label: "all" },
        ...exp.layers.map((l) => ({ value: String(l), label: String(l) })),
      ],
      "all",
    )}
    </div>
    ${blocks}
  `;
}

function snapshotCell(
  net: NetworkModel,
  at: { index: number; epoch: number; layer: number; split: Split },
  options: { maxBars: number; cache: SvgCache },
): SafeHtml {
  const { maxBars, cache } = options;
  const { index, epoch, layer, split } = at;
  const name = net.manifest.name;
  const snap = snapshotOf(net, epoch, layer, split);
  if (!snap) {
    return html`
      <div class="net">
        <h5>${name}</h5>
        <p class="missing">No barcode for this snapshot.</p>
      </div>
    `;
  }
  const diagrams = diagramsFromJson(snap.diagrams);
  const sample = snap.sampled < snap.points
    ? `${snap.sampled} of ${snap.points} points (${snap.subsample}, covering radius ${
      formatValue(snap.coveringRadius)
    })`
    : `${snap.points} points`;
  const subtitle = `${sample}, ${snap.dim}-dimensional`;
  const where = `${name}, epoch ${epoch}, layer ${layer}, ${SPLIT_TEXT[split]}`;
  const thinned = thinDiagrams(diagrams);
  const cycles = cellCycles(net, epoch, layer, split);
  const cycleId = cycleFigureId(index, epoch, layer, split);
  const cycleBar = new Map(cycles?.bars.map((bar, b) => [bar.index, b]) ?? []);
  return html`<div class="net"><h5>${name}</h5>
${
    figure(
      barcodeChart(diagrams, {
        title: "Barcode",
        subtitle: cycles && cycles.bars.length > 0
          ? `${subtitle}\nClick one of the ${cycles.bars.length} longest H1 bars to see its cycle.`
          : subtitle,
        threshold: snap.threshold,
        maxBars,
        width: 520,
        href: (dim, i) =>
          dim === 1 && cycleBar.has(i) ? `#${cycleId}-b${cycleBar.get(i)}` : undefined,
      }),
      { width: 520, label: `barcode: ${where}`, className: "barcode" },
    )
  }
${
    cycles && cycles.bars.length > 0
      ? cycleFigure(cycles, {
        id: cycleId,
        label: `cycles of the longest H1 bars: ${where}`,
        cache,
      })
      : ""
  }
<div class="pair">
${
    diagramFigure(thinned, {
      threshold: snap.threshold,
      label: `persistence diagram: ${where}`,
      cache,
    })
  }
${
    split === "all"
      ? bettiFigure(bettiChangePoints(diagrams), { label: `Betti curves: ${where}`, cache })
      : ""
  }
</div>
</div>`;
}

function diagramFigure(
  thinned: Thinned,
  options: { threshold: number; label: string; cache: SvgCache },
): SafeHtml {
  const { shown, total } = thinned;
  return figure(
    persistenceDiagramChart(thinned.diagrams, {
      title: "Persistence diagram",
      subtitle: shown < total
        ? `${shown} dots for ${total} intervals: intervals within ` +
          "about 4 px merged, the most persistent kept (counts below are of dots)"
        : undefined,
      threshold: options.threshold,
      width: 360,
    }),
    {
      width: 360,
      label: options.label,
      className: "diagram",
      reuse: { cache: options.cache, key: `diagram ${dataKey([thinned, options.threshold])}` },
    },
  );
}

function bettiFigure(
  points: BettiPoint[],
  options: { label: string; cache: SvgCache },
): SafeHtml {
  return figure(bettiCurvesChart(points, { title: "Betti curves", width: 360 }), {
    width: 360,
    label: options.label,
    className: "betti",
    reuse: { cache: options.cache, key: `betti ${dataKey(points)}` },
  });
}

function metricsSection(exp: ExperimentModel): SafeHtml | null {
  const split: Split | undefined = exp.splits.includes("all") ? "all" : exp.splits[0];
  if (!split) return null;
  // rows[dim][metric] = MetricRow[]
  const rows = new Map<string, Map<string, MetricRow[]>>();
  for (const net of exp.networks) {
    for (const [e, byEpoch] of Object.entries(net.evaluation?.epochs ?? {})) {
      for (const [l, byLayer] of Object.entries(byEpoch.layers ?? {})) {
        for (const [dim, metrics] of Object.entries(byLayer[split] ?? {})) {
          for (const [metric, value] of Object.entries(metrics ?? {})) {
            if (typeof value !== "number" || !Number.isFinite(value)) continue;
            if (!rows.has(dim)) rows.set(dim, new Map());
            const byMetric = rows.get(dim)!;
            if (!byMetric.has(metric)) byMetric.set(metric, []);
            byMetric.get(metric)!.push({
              epoch: Number(e),
              layer: Number(l),
              value,
              network: net.manifest.name,
            });
          }
        }
      }
    }
  }
  const complexity = complexitySection(exp, split);
  if (rows.size === 0) return complexity;
  const dims = [...rows.keys()].sort();
  const recorded = new Set(dims.flatMap((d) => [...rows.get(d)!.keys()]));
  const metrics: string[] = METRICS_OVER_EPOCHS.filter((n) => recorded.has(n));
  const others = [...recorded].filter((m) => !metrics.includes(m)).sort();
  return html`<p>Metrics of barcode_evaluation.json (${
    SPLIT_TEXT[split]
  } activations), one line per layer, networks side by side on a shared scale.${
    others.length > 0
      ? html`
        Also recorded there: ${others.join(", ")}.
      `
      : ""
  }</p>
<div class="toolbar" hidden>${
    toolbar("metric dimension", dims.map((d) => ({ value: d, label: d })), dims.at(-1)!)
  }</div>
${
    dims.map((dim) =>
      html`
        <div class="metric-dim" data-dim="${dim}">
          <h3>${dim}</h3>
          <div class="metric-grid">${metrics.filter((metric) => rows.get(dim)!.has(metric)).map((
            metric,
          ) =>
            figure(
              metricOverEpochsChart(rows.get(dim)!.get(metric)!, {
                yLabel: `${metric} ${dim}`,
                title: `${metric} of ${dim}`,
                width: 600,
              }),
              { width: 600, label: `${metric} of ${dim} over epochs` },
            )
          )}</div>
        </div>
      `
    )
  }
${complexity}`;
}

/** β-complexity (sum of Betti numbers at a scale) from `tracking.complexity`, one chart per scale. */
function complexitySection(exp: ExperimentModel, split: Split): SafeHtml | null {
  const byScale = new Map<number, MetricRow[]>();
  for (const net of exp.networks) {
    for (const r of net.evaluation?.tracking?.complexity ?? []) {
      if (r.split !== split) continue;
      if (!byScale.has(r.scale)) byScale.set(r.scale, []);
      byScale.get(r.scale)!.push({
        epoch: r.epoch,
        layer: r.layer,
        value: r.total,
        network: net.manifest.name,
      });
    }
  }
  if (byScale.size === 0) return null;
  const scales = [...byScale.keys()].sort((a, b) => a - b);
  const charts = scales.map((scale) =>
    figure(
      metricOverEpochsChart(byScale.get(scale)!, {
        yLabel: "β-complexity",
        title: `complexity at scale ${formatValue(scale)}`,
        width: 600,
      }),
      { width: 600, label: `complexity at scale ${scale}` },
    )
  );
  return html`
    <div class="metric-complexity">
      <h3>Topological complexity</h3>
      <p>β0 + β1 (+ β2) alive at filtration value t = scale × the barcode's threshold, per layer (Naitzat et al. 2020).</p>
      <div class="metric-grid">${charts}</div>
    </div>
  `;
}

function trackingSection(exp: ExperimentModel): SafeHtml | null {
  const all: Array<TrackingRow & { network: string }> = [];
  for (const net of exp.networks) {
    const tracking = net.evaluation?.tracking;
    if (!tracking) continue;
    for (const row of trackingRows(tracking)) all.push({ ...row, network: net.manifest.name });
  }
  if (all.length === 0) return null;
  const split = all.some((r) => r.split === "all") ? "all" : all[0].split;
  const rows = all.filter((r) => r.split === split);
  const families = [...new Set(rows.map((r) => r.family))];
  const names = exp.networks.map((n) => n.manifest.name);
  const describe = (family: TrackingFamily) => TRACKING_FAMILIES[family].words;
  const charts = families.flatMap((family) => {
    const own = rows.filter((r) => r.family === family);
    const metrics = [...new Set(own.map((r) => r.metric))];
    return metrics.map((metric) =>
      figure(
        trackingChart(own.filter((r) => r.metric === metric), {
          title: `${metric} distance ${describe(family)}`,
          subtitle: `${SPLIT_TEXT[split as Split] ?? split} activations. ` +
            "How far the diagrams move; 0 = the same diagram.",
          networks: names,
          width: 900,
        }),
        { width: 900, label: `${metric} tracking ${family}` },
      )
    );
  });
  return html`${charts}`;
}

function neuralPersistenceSection(exp: ExperimentModel): SafeHtml | null {
  const rows: MetricRow[] = [];
  const means: string[] = [];
  for (const net of exp.networks) {
    const name = net.manifest.name;
    const perEpoch = net.evaluation?.neuralPersistence;
    if (perEpoch) {
      const epochs = Object.keys(perEpoch).map(Number).sort((a, b) => a - b);
      for (const e of epochs) {
        // perLayer[i] is dense layer i + 1 (layer 0 is the input).
        perEpoch[e].perLayer?.forEach((value, i) =>
          rows.push({ epoch: e, layer: i + 1, value, network: name })
        );
      }
      const series = epochs.map((e) => perEpoch[e].mean).filter(Number.isFinite);
      if (series.length > 0) means.push(`${name} ${series.map(formatValue).join(" → ")}`);
      continue;
    }
    for (const [e, byEpoch] of Object.entries(net.barcodes?.weights ?? {})) {
      for (const [l, w] of Object.entries(byEpoch.layers ?? {})) {
        const np = w.neuralPersistence;
        if (np) rows.push({ epoch: Number(e), layer: Number(l), value: np.value, network: name });
      }
    }
  }
  if (rows.length === 0) return null;
  const chart = figure(
    metricOverEpochsChart(rows, {
      yLabel: "neural persistence",
      title: "Neural persistence per dense layer",
      width: 900,
    }),
    { width: 900, label: "neural persistence per layer" },
  );
  return html`<p>Neural persistence of each dense layer's weight graph (H0 of the bipartite graph filtered by |weight|), over epochs.${
    means.length > 0 ? ` Network mean over the snapshots: ${means.join("; ")}.` : ""
  }</p>
${chart}`;
}

/** Where an import's arrays came from (`deno task analyze`); nothing for a built-in study. */
function sourceBlock(source: ExperimentModel["manifest"]["source"]): SafeHtml {
  if (!source?.networks?.length) return html``;
  return html`
    <h3>Imported activations</h3>
    <p>These networks were trained outside nntopo; their dumps were analysed with <code>${source
      .tool}</code>.</p>
    <table class="files">
      <thead>
        <tr>
          <th>network</th>
          <th>folder</th>
          <th>format</th>
          <th>samples</th>
          <th>split</th>
          <th>epochs</th>
          <th>layers</th>
        </tr>
      </thead>
      <tbody>${source.networks.map((n) =>
        html`
          <tr>
            <td>${n.name}</td>
            <td><code>${n.dir}</code></td>
            <td>${n.format}</td>
            <td>${n.samples}</td>
            <td>${n.splits}</td>
            <td>${(n.epochs ?? []).join(", ")}</td>
            <td>${(n.layers ?? []).join(", ")}</td>
          </tr>
        `
      )}</tbody>
    </table>
  `;
}

function specSection(exp: ExperimentModel): SafeHtml {
  const m = exp.manifest;
  const kv = (obj: Record<string, unknown> | undefined) =>
    html`<dl class="kv">${
      Object.entries(obj ?? {}).map(([k, v]) =>
        html`
          <dt>${k}</dt>
          <dd>${typeof v === "number" ? formatValue(v) : String(v)}</dd>
        `
      )
    }</dl>`;
  const files = Object.entries(m.files ?? {});
  return html`
    ${sourceBlock(m.source)}
    <div class="spec-grid">
      <div>
        <h3>Spec</h3>
        <pre class="json">${JSON.stringify(m.spec ?? {}, null, 2)}</pre>
      </div>
      <div><h3>Versions</h3>${kv(m.versions)}<h3>Timings (s)</h3>${kv(m.timings)}
    <h3>Run</h3><dl class="kv"><dt>seed</dt><dd>${m.seed}</dd><dt>created</dt><dd>${formatDate(
      m.createdAt,
    )}</dd><dt>folder</dt><dd><code>${exp.folder}</code></dd></dl></div>
    </div>
    <details>
      <summary>${files.length} file hashes (SHA-256)</summary>
      <table class="files">
        <tbody>${files.map(([path, hash]) =>
          html`
            <tr>
              <td><code>${path}</code></td>
              <td><code>${hash}</code></td>
            </tr>
          `
        )}</tbody>
      </table>
    </details>
  `;
}
