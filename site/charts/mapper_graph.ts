/**
 * The Mapper graph chart: the nerve drawn with a seeded force layout, node
 * area ∝ member count, nodes coloured by one numeric statistic (mean label,
 * lens value, accuracy…).
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import type { Chart } from "../../src/plots/chart.ts";
import { formatValue } from "../../src/plots/format.ts";
import { forceLayout } from "./force_layout.ts";

/** A graph as the chart draws it. */
export interface MapperGraphInput {
  /** Nodes with an id, a member count and numeric statistics. */
  nodes: ReadonlyArray<{ id: string; size: number; [stat: string]: unknown }>;
  /** Edges as `[source id, target id]`. */
  links: ReadonlyArray<readonly [string, string]>;
}

/** Options of {@linkcode mapperGraphChart}. */
export interface MapperGraphOptions {
  /** The node statistic that colours the nodes (default `label`). */
  colorBy?: string;
  /** Bold first line. */
  title?: string;
  /** Grey line under the title. */
  subtitle?: string;
  /** Seed of the layout (default 0). */
  seed?: number;
  /** Total width in px (default 400). */
  width?: number;
}

// The ends of Plot's viridis scheme, for the legend swatches.
const LOW = "#440154";
const HIGH = "#fde725";

/**
 * Build the Mapper graph chart. Nodes missing the `colorBy` statistic are grey.
 *
 * @example
 * ```ts
 * import { mapperGraphChart } from "./mapper_graph.ts";
 * import { renderSvg } from "../../src/plots/render.ts";
 * const chart = mapperGraphChart({
 *   nodes: [{ id: "a", size: 3, label: 0 }, { id: "b", size: 5, label: 1 }],
 *   links: [["a", "b"]],
 * });
 * console.assert(renderSvg(chart).includes("<circle"));
 * ```
 */
export function mapperGraphChart(graph: MapperGraphInput, options: MapperGraphOptions = {}): Chart {
  const colorBy = options.colorBy ?? "label";
  const index = new Map(graph.nodes.map((node, i) => [node.id, i]));
  const edges: Array<[number, number]> = [];
  for (const [s, t] of graph.links) {
    const a = index.get(s);
    const b = index.get(t);
    if (a === undefined || b === undefined) {
      throw new RangeError(`mapperGraphChart: link [${s}, ${t}] names a node that does not exist`);
    }
    edges.push([a, b]);
  }
  const { x, y } = forceLayout(graph.nodes.length, edges, { seed: options.seed ?? 0 });
  const values = graph.nodes.map((node) => {
    const v = node[colorBy];
    return typeof v === "number" && Number.isFinite(v) ? v : null;
  });
  const present = values.filter((v): v is number => v !== null);
  const lo = present.length ? Math.min(...present) : 0;
  const hi = present.length ? Math.max(...present) : 1;
  const nodes = graph.nodes.map((node, i) => ({
    id: node.id,
    size: node.size,
    x: x[i],
    y: y[i],
    value: values[i],
  }));
  const links = edges.map(([a, b]) => ({ x1: x[a], y1: y[a], x2: x[b], y2: y[b] }));
  const width = options.width ?? 400;
  const maxSize = Math.max(1, ...graph.nodes.map((n) => n.size));
  return {
    title: options.title,
    subtitle: [
      options.subtitle,
      `${graph.nodes.length} nodes, ${graph.links.length} edges · colour: ${colorBy}` +
      (present.length ? ` (${formatValue(lo)} → ${formatValue(hi)})` : " (not recorded)"),
    ].filter(Boolean).join("\n"),
    legend: present.length
      ? [
        { label: `${colorBy} ${formatValue(lo)}`, color: LOW, symbol: "dot" },
        { label: `${colorBy} ${formatValue(hi)}`, color: HIGH, symbol: "dot" },
      ]
      : undefined,
    width,
    panels: [{
      height: Math.round(width * 0.8),
      margin: 16,
      x: { axis: null, domain: [0, 1] },
      y: { axis: null, domain: [0, 1] },
      r: {
        type: "sqrt",
        domain: [0, maxSize],
        range: [0, Math.min(14, 120 / Math.sqrt(nodes.length + 1))],
      },
      color: {
        type: "linear",
        domain: [lo, hi === lo ? lo + 1 : hi],
        scheme: "viridis",
        unknown: "#bbb",
      },
      marks: [
        Plot.link(links, {
          x1: "x1",
          y1: "y1",
          x2: "x2",
          y2: "y2",
          stroke: "#999",
          strokeWidth: 1,
        }),
        Plot.dot(nodes, {
          x: "x",
          y: "y",
          r: "size",
          fill: "value",
          stroke: "#333",
          strokeWidth: 0.6,
          title: (d: (typeof nodes)[number]) =>
            `${d.id}: ${d.size} points, ${colorBy} ${
              d.value === null ? "n/a" : formatValue(d.value)
            }`,
        }),
      ],
    }],
  };
}
