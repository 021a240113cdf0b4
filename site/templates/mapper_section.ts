/**
 * The Mapper section of an experiment page, per snapshot epoch: each Mapper
 * graph of the networks side by side, coloured by majority label, lens and
 * accuracy (src/plots' `mapperGraphChart`, at the positions stored in the
 * graph file); then, per clustering method of `attribution.json`, the cluster
 * × neuron heatmap (`heatmapChart`), the label composition with accuracy
 * (`labelCompositionChart`) and the runner's weight-picture PNG.
 *
 * @module
 */

import type {
  AttributionMethodModel,
  AttributionModel,
  ExperimentModel,
  MapperModel,
} from "../data.ts";
import { html, type SafeHtml } from "../html.ts";
import { drawableGraph, mapperGraphChart } from "../../src/plots/mapper_graph.ts";
import { heatmapChart } from "../../src/plots/heatmap.ts";
import { labelCompositionChart } from "../../src/plots/label_composition.ts";
import { weightImageHref } from "../mapper_files.ts";
import { figure } from "./figure.ts";

/** Render width of a graph drawing. */
const GRAPH_WIDTH = 340;
/** Render width of an attribution chart. */
const ATTRIBUTION_WIDTH = 640;

/**
 * The section body, or null when no network has Mapper artifacts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mapperSection } from "./mapper_section.ts";
 * const exp = {
 *   slug: "x", dir: "x", folder: "x", epochs: [], layers: [], splits: [], dims: [],
 *   manifest: { experiment: "x", title: "", dataset: "d", seed: 1, networks: [], spec: {},
 *     versions: {}, timings: {}, createdAt: "", files: {}, description: "", schema: "nntopo/manifest@1" },
 *   networks: [{
 *     manifest: { name: "<a>", role: "", dir: "a", layers: [], final: {} },
 *     dir: "a", history: null, barcodes: null, evaluation: null, attribution: [],
 *     mapper: [{ epoch: 1, name: "layer2", graph: {
 *       nodes: [{ id: "0", size: 3, x: 0, y: 0, meanLens: [0], majorityLabel: 1 }, { id: "1", size: 2, x: 1, y: 1, meanLens: [1], majorityLabel: 0 }],
 *       links: [["0", "1"]] } }],
 *   }],
 * };
 * // deno-lint-ignore no-explicit-any
 * const body = mapperSection(exp as any)!.value;
 * assert.ok(body.includes("<circle"))
 * assert.ok(body.includes("&lt;a&gt;"));
 * ```
 */
export function mapperSection(exp: ExperimentModel): SafeHtml | null {
  const epochs = new Set<number>();
  for (const net of exp.networks) {
    for (const g of net.mapper) epochs.add(g.epoch);
    for (const a of net.attribution) epochs.add(a.epoch);
  }
  if (epochs.size === 0) return null;
  return html`<p>Mapper graphs of the networks side by side (node area ∝ points; positions as the runner stored them, else a seeded layout computed at build time), coloured by each node's majority label, mean lens value and the network's accuracy on its points. Where the runner attributed hidden neurons to clusters, each clustering method follows: how often each hidden neuron is among a cluster's most activated ones, the clusters' label composition and accuracy, and the weight pictures of the largest cluster's top neurons.</p>
${[...epochs].sort((a, b) => a - b).map((epoch) => epochBlock(exp, epoch))}`;
}

function epochBlock(exp: ExperimentModel, epoch: number): SafeHtml {
  const names = [
    ...new Set(
      exp.networks.flatMap((n) => n.mapper.filter((g) => g.epoch === epoch))
        .map((g) => g.name),
    ),
  ].sort();
  const attributions = exp.networks.map((n) => n.attribution.find((a) => a.epoch === epoch));
  return html`
    <div class="mapper-epoch" data-epoch="${epoch}">
      <h3>Epoch ${epoch}</h3>
      ${names.map((name) => graphRow(exp, epoch, name))} ${attributions.some(Boolean)
        ? attributionBlock(exp, attributions)
        : ""}
    </div>
  `;
}

function graphRow(exp: ExperimentModel, epoch: number, name: string): SafeHtml {
  const cols = Math.min(3, exp.networks.length);
  return html`
    <div class="mapper-row">
      <h4>Mapper graph · ${name.replace(/^layer(\d+)$/, "layer $1")}</h4>
      <div class="side-by-side" style="--cols:${cols}">${exp.networks.map((net) => {
        const g = net.mapper.find((x) => x.epoch === epoch && x.name === name);
        return html`
          <div class="net">
            <h5>${net.manifest.name}</h5>
            ${g ? graphFigures(net.manifest.name, g) : html`
              <p class="missing">No Mapper graph.</p>
            `}
          </div>
        `;
      })}</div>
    </div>
  `;
}

function graphFigures(network: string, model: MapperModel): SafeHtml {
  const { graph, colourings } = drawableGraph(model.graph);
  const subtitle = `lens: ${model.graph.lens}`;
  return html`<div class="mapper-grid">${
    colourings.map(({ stat, words, categorical }) =>
      figure(
        mapperGraphChart(graph, {
          colorBy: stat,
          categorical,
          title: `coloured by ${words}`,
          subtitle,
          width: GRAPH_WIDTH,
        }),
        {
          width: GRAPH_WIDTH,
          label: `Mapper graph of ${network} coloured by ${words}`,
          className: "mapper",
        },
      )
    )
  }</div>`;
}

function attributionBlock(
  exp: ExperimentModel,
  attributions: Array<AttributionModel | undefined>,
): SafeHtml {
  const keys: Array<{ key: string; name: string }> = [];
  for (const a of attributions) {
    for (const m of a?.methods ?? []) {
      if (!keys.some((k) => k.key === m.key)) keys.push({ key: m.key, name: m.name });
    }
  }
  const first = attributions.find(Boolean)!;
  const cols = Math.min(2, exp.networks.length);
  const facts = [
    first.points !== undefined ? `${first.points} points` : "",
    first.layer !== undefined ? `clustered on layer ${first.layer}` : "",
    first.attributionLayer !== undefined
      ? `neurons of layer ${first.attributionLayer}` +
        (first.top !== undefined ? `, each point's top ${first.top}` : "")
      : "",
  ].filter(Boolean).join("; ");
  return html`
    <div class="attribution">
      ${facts ? html`<p>Neuron attribution: ${facts}.</p>` : ""} ${keys.map(({ key, name }) =>
        html`
          <div class="attribution-method" data-method="${key}">
            <h4>Neuron attribution · ${name}</h4>
            <div class="side-by-side" style="--cols:${cols}">${exp.networks.map((net, i) => {
              const a = attributions[i];
              const method = a?.methods.find((m) => m.key === key);
              return html`
                <div class="net">
                  <h5>${net.manifest.name}</h5>
                  ${a && method ? methodFigures(net.manifest.name, i, a, method) : html`
                    <p class="missing">No ${name} attribution.</p>
                  `}
                </div>
              `;
            })}</div>
          </div>
        `
      )}
    </div>
  `;
}

function methodFigures(
  network: string,
  index: number,
  a: AttributionModel,
  method: AttributionMethodModel,
): SafeHtml {
  const isMapper = method.key === "mapper";
  // The runner's choice of rows and columns, recorded in attribution.json.
  const shown = method.shown.map((c) => method.clusters[c]);
  const word = isMapper ? "Mapper nodes" : "clusters";
  const rowsNote =
    (shown.length < method.clusters.length
      ? `the ${shown.length} largest of ${method.clusters.length} ${word}`
      : `${method.clusters.length} ${word}`) +
    (isMapper ? ", in lens order" : ", by majority class");
  const heatmap = heatmapFigure(network, a, method, { shown, rowsNote });
  const composition = figure(
    labelCompositionChart(
      shown.map((c) => ({
        cluster: c.name,
        labelHistogram: c.labelHistogram,
        accuracy: c.accuracy,
      })),
      { title: "Label composition and accuracy", subtitle: rowsNote, width: ATTRIBUTION_WIDTH },
    ),
    {
      width: ATTRIBUTION_WIDTH,
      label: `${method.name} label composition of ${network}`,
      className: "composition",
    },
  );
  return html`${heatmap}${composition}${weightsFigure(network, index, a, method)}`;
}

function heatmapFigure(
  network: string,
  a: AttributionModel,
  method: AttributionMethodModel,
  rows: { shown: AttributionMethodModel["clusters"]; rowsNote: string },
): SafeHtml {
  const { columns, values, candidates } = method.heatmap;
  if (columns.length === 0) {
    return html`
      <p class="missing">No neuron recorded for any cluster.</p>
    `;
  }
  return figure(
    heatmapChart({ rows: rows.shown.map((c) => c.name), columns: columns.map(String), values }, {
      title: "Hidden neurons per cluster",
      subtitle: `share of a cluster's members having the neuron among their ${a.top} most ` +
        `activated; rows: ${rows.rowsNote}, named "cluster (majority class)"; columns: ` +
        `${columns.length} of the ${candidates} neurons in some row's top ${a.top}` +
        ` (of ${a.neurons})`,
      xLabel: `layer ${a.attributionLayer} neuron`,
      valueLabel: "share",
      domain: [0, 1],
      width: ATTRIBUTION_WIDTH,
    }),
    {
      width: ATTRIBUTION_WIDTH,
      label: `${method.name} attribution heatmap of ${network}`,
      className: "heatmap",
    },
  );
}

function weightsFigure(
  network: string,
  index: number,
  a: AttributionModel,
  method: AttributionMethodModel,
): SafeHtml | string {
  if (!method.weightsPng) return "";
  const p = method.weightPictures;
  return html`
    <figure class="chart weights">
      <img src="${weightImageHref(
        index,
        a.epoch,
        method.key,
      )}" loading="lazy" alt="${`Weight pictures of ${network} (${method.name}): incoming weights of the largest cluster's top neurons as images, their mean, a member digit and the digit times the mean; controls: another cluster's and random neurons`}">
      <figcaption>Weight pictures of the largest cluster${p ? `, ${p.name}` : ""}${p
        ? ` (neurons ${p.neurons.join(", ")})`
        : ""}: the runner's PNG, drawn by the same src/plots chart (the pixel values are not in attribution.json).</figcaption>
    </figure>
  `;
}
