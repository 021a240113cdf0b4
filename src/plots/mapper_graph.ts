/**
 * The Mapper graph chart: nodes at precomputed positions (see
 * `forceLayout`), area ∝ member count, edges as grey lines, nodes coloured
 * by a class statistic (categorical) or a numeric one (viridis).
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import type { Chart, LegendItem } from "./chart.ts";
import { classColor } from "./class_colors.ts";
import { formatValue } from "./format.ts";

/** A positioned graph as the chart draws it. */
export interface PositionedGraph {
  /** Nodes with an id, a member count, a position in [0, 1]² and any statistics. */
  nodes: ReadonlyArray<{ id: string; size: number; x: number; y: number; [stat: string]: unknown }>;
  /** Edges as `[source id, target id]`. */
  links: ReadonlyArray<readonly [string, string]>;
}

/** One way of colouring a Mapper graph's nodes. */
export interface MapperColouring {
  /** The node statistic. */
  stat: "majorityLabel" | "lens" | "accuracy";
  /** What it is, in words. */
  words: string;
  /** Its name in the runner's PNG file names (`layer<L>_graph_<file>.png`). */
  file: string;
  /** Coloured as classes. */
  categorical: boolean;
}

/**
 * The colourings a Mapper graph is drawn with, in order — by the runner's
 * PNGs and the site alike.
 *
 * @example
 * ```ts
 * import { MAPPER_COLOURINGS } from "./mapper_graph.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(MAPPER_COLOURINGS.map((c) => c.file), ["label", "lens", "accuracy"]);
 * ```
 */
export const MAPPER_COLOURINGS: readonly MapperColouring[] = [
  { stat: "majorityLabel", words: "majority label", file: "label", categorical: true },
  { stat: "lens", words: "lens", file: "lens", categorical: false },
  { stat: "accuracy", words: "accuracy", file: "accuracy", categorical: false },
];

/** A Mapper graph as the runner records it (nntopo/mapper@1), as far as drawing goes. */
export interface RecordedGraph {
  /** Positioned nodes with their mean lens values and statistics. */
  nodes: ReadonlyArray<
    { id: string; size: number; x: number; y: number; meanLens: number[]; [stat: string]: unknown }
  >;
  /** Edges as `[source id, target id]`. */
  links: ReadonlyArray<readonly [string, string]>;
}

/**
 * The graph as the chart draws it, and the colourings it has data for: each
 * node gains `lens`, its first mean lens value.
 *
 * @example
 * ```ts
 * import { drawableGraph } from "./mapper_graph.ts";
 * import assert from "node:assert/strict";
 * const { graph, colourings } = drawableGraph({
 *   nodes: [{ id: "a", size: 2, x: 0, y: 0, meanLens: [0.5], majorityLabel: 1 }],
 *   links: [],
 * });
 * assert.equal(graph.nodes[0].lens, 0.5);
 * assert.deepEqual(colourings.map((c) => c.stat), ["majorityLabel", "lens"]);
 * ```
 */
export function drawableGraph(
  recorded: RecordedGraph,
): { graph: PositionedGraph; colourings: MapperColouring[] } {
  const graph: PositionedGraph = {
    nodes: recorded.nodes.map((node) => ({ ...node, lens: node.meanLens[0] })),
    links: recorded.links,
  };
  const colourings = MAPPER_COLOURINGS.filter(({ stat }) =>
    graph.nodes.some((node) => typeof node[stat] === "number")
  );
  return { graph, colourings };
}

/** Options of {@linkcode mapperGraphChart}. */
export interface MapperGraphChartOptions {
  /** The node statistic that colours the nodes (default `"majorityLabel"`). */
  colorBy?: string;
  /** Colour `colorBy` as classes (default: true for `majorityLabel`, else false). */
  categorical?: boolean;
  /** Bold first line. */
  title?: string;
  /** Your own first subtitle line; the chart adds one saying what it shows. */
  subtitle?: string;
  /** Total width in px (default 600). */
  width?: number;
}

// The ends of Plot's viridis scheme, for the legend swatches.
const LOW = "#440154";
const HIGH = "#fde725";

/**
 * Build the chart. Nodes lacking the `colorBy` statistic are grey.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mapperGraphChart } from "./mapper_graph.ts";
 * import { renderSvg } from "./render.ts";
 * const chart = mapperGraphChart({
 *   nodes: [
 *     { id: "a", size: 3, x: 0, y: 0, majorityLabel: 1 },
 *     { id: "b", size: 5, x: 1, y: 1, majorityLabel: 7 },
 *   ],
 *   links: [["a", "b"]],
 * });
 * assert.ok(renderSvg(chart).includes("<circle"));
 * ```
 */
export function mapperGraphChart(
  graph: PositionedGraph,
  options: MapperGraphChartOptions = {},
): Chart {
  const colorBy = options.colorBy ?? "majorityLabel";
  const categorical = options.categorical ?? colorBy === "majorityLabel";
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const links = graph.links.map(([s, t]) => {
    const a = byId.get(s), b = byId.get(t);
    if (!a || !b) {
      throw new RangeError(`mapperGraphChart: link [${s}, ${t}] names a node that does not exist`);
    }
    return { x1: a.x, y1: a.y, x2: b.x, y2: b.y };
  });
  const values = graph.nodes.map((node) => {
    const v = node[colorBy];
    return typeof v === "number" && Number.isFinite(v) ? v : null;
  });
  const present = values.filter((v): v is number => v !== null);
  const lo = present.length ? Math.min(...present) : 0;
  const hi = present.length ? Math.max(...present) : 1;
  // Big nodes first so small ones stay visible on top.
  const nodes = graph.nodes
    .map((node, i) => ({ id: node.id, size: node.size, x: node.x, y: node.y, value: values[i] }))
    .sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const width = options.width ?? 600;
  const maxSize = Math.max(1, ...graph.nodes.map((n) => n.size));
  let legend: LegendItem[] | undefined;
  if (categorical) {
    const classes = [...new Set(present)].sort((a, b) => a - b);
    legend = classes.map((c) => ({ label: String(c), color: classColor(c), symbol: "dot" }));
  } else if (present.length) {
    legend = [
      { label: `${colorBy} ${formatValue(lo)}`, color: LOW, symbol: "dot" },
      { label: `${colorBy} ${formatValue(hi)}`, color: HIGH, symbol: "dot" },
    ];
  }
  const what = `${graph.nodes.length} nodes, ${graph.links.length} edges · colour: ${colorBy}` +
    (present.length
      ? categorical ? "" : ` (${formatValue(lo)} → ${formatValue(hi)})`
      : " (not recorded)") +
    ` · area ∝ members (largest ${maxSize})`;
  const title = (d: (typeof nodes)[number]) =>
    `${d.id}: ${d.size} points, ${colorBy} ${d.value === null ? "n/a" : formatValue(d.value)}`;
  return {
    title: options.title,
    subtitle: [options.subtitle, what].filter(Boolean).join("\n"),
    legend,
    width,
    panels: [{
      height: Math.round(width * 0.8),
      margin: 20,
      x: { axis: null, domain: [0, 1] },
      y: { axis: null, domain: [0, 1] },
      r: {
        type: "sqrt",
        domain: [0, maxSize],
        range: [0, Math.max(4, Math.min(18, 160 / Math.sqrt(nodes.length + 1)))],
      },
      color: categorical ? { type: "identity" } : {
        type: "linear",
        domain: [lo, hi === lo ? lo + 1 : hi],
        scheme: "viridis",
        unknown: "#bbb",
      },
      marks: [
        Plot.link(links, { x1: "x1", y1: "y1", x2: "x2", y2: "y2", stroke: "#999" }),
        Plot.dot(nodes, {
          x: "x",
          y: "y",
          r: "size",
          fill: categorical
            ? (d: (typeof nodes)[number]) => d.value === null ? "#bbb" : classColor(d.value)
            : "value",
          stroke: "#333",
          strokeWidth: 0.6,
          title,
        }),
      ],
    }],
  };
}
