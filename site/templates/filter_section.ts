/**
 * The filter section of an experiment page (the CNN-topology talk's study):
 * per network, how the barcode of its pooled first-layer filters changes over
 * the snapshot epochs — a table of H1 bars and the dominance of the longest —
 * then, per epoch, the filter barcodes and the filter Mapper graphs (each node
 * drawn as its mean filter) of the networks side by side: untrained (epoch 0)
 * against trained, good against crippled.
 *
 * @module
 */

import type { ExperimentModel, FilterModel } from "../data.ts";
import { html, type SafeHtml } from "../html.ts";
import { barcodeChart } from "../../src/plots/barcode.ts";
import { filterMapperChart } from "../../src/plots/filter_mapper.ts";
import { diagramsFromJson } from "../../src/topology/diagram.ts";
import { formatValue } from "../../src/plots/format.ts";
import { figure } from "./figure.ts";

const WIDTH = 360;

function dominance(x: number | null): string {
  return x === null ? "–" : formatValue(x);
}

function summaryTable(exp: ExperimentModel, epochs: string[]): SafeHtml {
  return html`
    <table class="filters">
      <thead>
        <tr>
          <th>network</th>
          <th>epoch</th>
          <th>filters</th>
          <th>kept</th>
          <th>H1 bars</th>
          <th>longest H1</th>
          <th>second</th>
          <th>longest / second</th>
        </tr>
      </thead>
      <tbody>${exp.networks.filter((n) => n.filters).flatMap((net) =>
        epochs.filter((k) => net.filters!.epochs[k]).map((k) => {
          const e = net.filters!.epochs[k];
          return html`
            <tr>
              <td>${net.manifest.name}</td>
              <td>${k}</td>
              <td>${e.filters}</td>
              <td>${e.kept}</td>
              <td>${e.h1Bars}</td>
              <td>${formatValue(e.h1Longest)}</td>
              <td>${formatValue(e.h1Second)}</td>
              <td>${dominance(e.h1Dominance)}</td>
            </tr>
          `;
        })
      )}</tbody>
    </table>
  `;
}

function epochRow(exp: ExperimentModel, k: string): SafeHtml {
  const cols = Math.min(3, exp.networks.length);
  return html`
    <div class="filter-epoch" data-epoch="${k}">
      <h3>Epoch ${k}${k === "0" ? " (untrained)" : ""}</h3>
      <div class="side-by-side" style="--cols:${cols}">${exp.networks.map((net) => {
        const f = net.filters, e = f?.epochs[k], g = f?.mapper[k];
        if (!f || !e) {
          return html`
            <div class="net">
              <h5>${net.manifest.name}</h5>
              <p class="missing">No filter topology.</p>
            </div>
          `;
        }
        const title = `${net.manifest.name} · epoch ${k}`;
        const subtitle =
          `${e.filters} filters of layer ${f.layer} from ${f.seeds} networks, ${e.kept} kept`;
        return html`
          <div class="net">
            <h5>${net.manifest.name}</h5>
            ${figure(barcodeChart(diagramsFromJson(e.diagrams), { title, subtitle }), {
              width: WIDTH,
              label: `filter barcode of ${net.manifest.name} at epoch ${k}`,
            })} ${g && g.nodes.length > 0
              ? figure(filterMapperChart(g, { title: `${title} · Mapper` }), {
                width: WIDTH,
                label: `filter Mapper graph of ${net.manifest.name} at epoch ${k}`,
              })
              : html`<p class="missing">No filter Mapper graph.</p>`}
          </div>
        `;
      })}</div>
    </div>
  `;
}

function parameters(f: FilterModel): string {
  return `k = ${f.k}, p = ${f.p}, ${f.seeds} networks pooled, layer ${f.layer}`;
}

/**
 * The section body, or null when no network has filter artifacts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { filterSection } from "./filter_section.ts";
 * const filters = { layer: 1, k: 15, p: 0.3, seeds: 3, epochs: { "0": {
 *   filters: 192, flat: 0, kept: 58, diagrams: { H0: [[0, null]], H1: [[0.5, 0.9]] },
 *   h1Bars: 1, h1Longest: 0.4, h1Second: 0, h1Dominance: null } },
 *   mapper: { "0": { kh: 3, kw: 3, links: [], nodes: [{ id: "a", size: 4, x: 0.5, y: 0.5, filter: [1, 0, -1, 1, 0, -1, 1, 0, -1] }] } } };
 * const exp = { networks: [{ manifest: { name: "<good>" }, filters }] };
 * // deno-lint-ignore no-explicit-any
 * const body = filterSection(exp as any)!.value;
 * assert.ok(body.includes("&lt;good&gt;") && body.includes("<rect") && body.includes("k = 15"));
 * // deno-lint-ignore no-explicit-any
 * assert.equal(filterSection({ networks: [{ manifest: { name: "x" }, filters: null }] } as any), null);
 * ```
 */
export function filterSection(exp: ExperimentModel): SafeHtml | null {
  const withFilters = exp.networks.filter((n) => n.filters);
  if (withFilters.length === 0) return null;
  const epochs = [...new Set(withFilters.flatMap((n) => Object.keys(n.filters!.epochs)))]
    .sort((a, b) => Number(a) - Number(b));
  return html`
    <p>The first-layer filters of each network, pooled with those of networks of the same architecture trained with other seeds, as in the CNN-topology talk (after Carlsson et al.'s 3×3 natural-image patches and Gabrielsson and Carlsson's CNN filters): each filter is mean-centred and divided by its norm, the fraction p with the smallest distance to their k-th nearest neighbour is kept, and the Vietoris–Rips barcode and a Mapper graph (lens: the first two principal components; each node drawn as its members' mean filter) are computed. A circle of edge orientations shows as one H1 bar much longer than the others. Parameters: ${withFilters
      .map((n) => `${n.manifest.name}: ${parameters(n.filters!)}`).join("; ")}.</p>
    ${summaryTable(exp, epochs)} ${epochs.map((k) => epochRow(exp, k))}
  `;
}
