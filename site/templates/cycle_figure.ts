/**
 * The cycles of a snapshot cell's longest H1 bars: one chart (src/plots'
 * `cycleChart`) drawing every bar's loop over the landmarks' PCA plane, each
 * bar's marks in their own class. The page shows the longest bar's loop, also
 * without JavaScript; site.js shows another bar's when its bar in the barcode
 * is clicked.
 *
 * @module
 */

import type { Split } from "../../src/artifacts/layout.ts";
import type { CellCycles } from "../../src/artifacts/schema.ts";
import { cycleChart } from "../../src/plots/cycle.ts";
import { formatValue } from "../../src/plots/format.ts";
import type { NetworkModel } from "../data.ts";
import { html, type SafeHtml } from "../html.ts";
import { figure, type SvgCache } from "./figure.ts";
import { dataKey } from "../charts/data_key.ts";

/** Most landmarks drawn behind the loops on the site (the PNG artifacts draw them all). */
export const CYCLE_POINTS = 300;

/**
 * The cycles of one cell of a network, or undefined.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cellCycles } from "./cycle_figure.ts";
 * assert.equal(cellCycles({ cycles: null } as never, 0, 1, "all"), undefined);
 * ```
 */
export function cellCycles(
  net: NetworkModel,
  epoch: number,
  layer: number,
  split: Split,
): CellCycles | undefined {
  return net.cycles?.epochs?.[String(epoch)]?.layers?.[String(layer)]?.[split];
}

/**
 * The element id of a cell's cycle figure; bar b's link is `#<id>-b<b>`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cycleFigureId } from "./cycle_figure.ts";
 * assert.equal(cycleFigureId(0, 25, 3, "all"), "cycle-n0-e25-l3-all");
 * ```
 */
export function cycleFigureId(network: number, epoch: number, layer: number, split: Split): string {
  return `cycle-n${network}-e${epoch}-l${layer}-${split}`;
}

/**
 * The figure: the chart, then one caption per bar (the longest's shown).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cycleFigure } from "./cycle_figure.ts";
 * const bar = (index: number) => ({
 *   index, birth: 1, death: 2, labels: [0, 1, 0], samples: [4, 5, 6],
 *   edges: [[4, 5], [5, 6], [6, 4]] as Array<[number, number]>,
 * });
 * const cell = {
 *   landmarks: [4, 5, 6], labels: [0, 1, 0],
 *   pca: { x: [1, 0, -1], y: [0, 1, 0], variance: [1, 1] as [number, number] },
 *   bars: [bar(0), bar(1)],
 * };
 * const f = cycleFigure(cell, { id: "cycle-x", label: "cycles" }).value;
 * assert.ok(f.includes('id="cycle-x"') && f.includes("cycle-bar-1") && f.includes('id="cycle-x-b1"'));
 * ```
 */
export function cycleFigure(
  cycles: CellCycles,
  options: { id: string; label: string; width?: number; cache?: SvgCache },
): SafeHtml {
  const width = options.width ?? 520;
  const bars = cycles.bars.map((_, b) => b);
  const chart = figure(
    cycleChart(cycles, bars, { title: "Cycles of the longest H1 bars", maxPoints: CYCLE_POINTS }),
    {
      width,
      label: options.label,
      className: "cycle-chart",
      reuse: options.cache && { cache: options.cache, key: `cycles ${dataKey(cycles)}` },
    },
  );
  return html`<div class="cycles" id="${options.id}" data-bar="0">${chart}${
    cycles.bars.map((bar, b) => {
      const death = bar.death === null ? "∞" : formatValue(bar.death);
      const labels = [...new Set(bar.labels)].sort((x, y) => x - y);
      const classes = `class${labels.length === 1 ? "" : "es"} ${labels.join(", ")}`;
      return html`<p class="cycle-caption" id="${options.id}-b${b}" ${b > 0 ? "hidden" : ""}>
Shown: the cycle of H1 bar [${formatValue(bar.birth)}, ${death}), ${
        b === 0 ? "the longest" : `number ${b + 1} by length`
      }: ${bar.samples.length} samples around the loop (${classes}).</p>`;
    })
  }</div>`;
}
