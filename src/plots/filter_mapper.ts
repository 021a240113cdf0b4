/**
 * The filter Mapper chart, as on the CNN-topology talk's slides: a Mapper
 * graph of convolution filters whose every node is drawn as its members' mean
 * filter (a small kh × kw image, dark negative to light positive), edges as
 * grey lines, image size growing with the member count.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import type { Chart } from "./chart.ts";

/** A positioned Mapper graph of filters. */
export interface FilterGraph {
  /** Nodes: id, members, position in [0, 1]², mean filter (row-major kh × kw). */
  nodes: ReadonlyArray<{ id: string; size: number; x: number; y: number; filter: number[] }>;
  /** Edges as `[source id, target id]`. */
  links: ReadonlyArray<readonly [string, string]>;
  /** Filter height. */
  kh: number;
  /** Filter width. */
  kw: number;
}

/** One pixel of one node's image. */
interface Pixel {
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  value: number;
  title: string;
}

function nodePixels(graph: FilterGraph, half: (size: number) => number): Pixel[] {
  const pixels: Pixel[] = [];
  for (const node of graph.nodes) {
    const h = half(node.size), cw = (2 * h) / graph.kw, ch = (2 * h) / graph.kh;
    const peak = Math.max(1e-12, ...node.filter.map(Math.abs));
    node.filter.forEach((v, t) => {
      const row = Math.floor(t / graph.kw), col = t % graph.kw;
      const x1 = node.x - h + col * cw, y2 = node.y + h - row * ch;
      pixels.push({
        x1,
        x2: x1 + cw,
        y1: y2 - ch,
        y2,
        value: v / peak,
        title: `${node.id}: ${node.size} filters`,
      });
    });
  }
  return pixels;
}

/**
 * Build the chart. Each node's image is scaled to its own largest absolute
 * value (the filters are contrast-normalised, so only the pattern matters).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { filterMapperChart } from "./filter_mapper.ts";
 * import { renderSvg } from "./render.ts";
 * const chart = filterMapperChart({
 *   kh: 3, kw: 3,
 *   nodes: [
 *     { id: "a", size: 3, x: 0.2, y: 0.2, filter: [-1, 0, 1, -1, 0, 1, -1, 0, 1] },
 *     { id: "b", size: 5, x: 0.8, y: 0.8, filter: [1, 1, 1, 0, 0, 0, -1, -1, -1] },
 *   ],
 *   links: [["a", "b"]],
 * });
 * assert.ok(renderSvg(chart).includes("<rect"));
 * ```
 */
export function filterMapperChart(
  graph: FilterGraph,
  options: { title?: string; subtitle?: string; width?: number } = {},
): Chart {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const links = graph.links.map(([s, t]) => {
    const a = byId.get(s), b = byId.get(t);
    if (!a || !b) {
      throw new RangeError(`filterMapperChart: link [${s}, ${t}] names a node that does not exist`);
    }
    return { x1: a.x, y1: a.y, x2: b.x, y2: b.y };
  });
  const maxSize = Math.max(1, ...graph.nodes.map((n) => n.size));
  const largest = Math.min(0.07, 0.45 / Math.sqrt(graph.nodes.length + 1));
  const half = (size: number) => largest * (0.45 + 0.55 * Math.sqrt(size / maxSize));
  const width = options.width ?? 600;
  const what = `${graph.nodes.length} nodes, ${graph.links.length} edges · each node drawn as ` +
    `its members' mean ${graph.kh}×${graph.kw} filter (dark −, light +) · size grows with members ` +
    `(largest ${maxSize})`;
  return {
    title: options.title,
    subtitle: [options.subtitle, what].filter(Boolean).join("\n"),
    width,
    panels: [{
      height: Math.round(width * 0.8),
      margin: 24,
      x: { axis: null, domain: [-0.08, 1.08] },
      y: { axis: null, domain: [-0.08, 1.08] },
      color: { type: "linear", domain: [-1, 1], scheme: "greys", reverse: true },
      marks: [
        Plot.link(links, { x1: "x1", y1: "y1", x2: "x2", y2: "y2", stroke: "#999" }),
        Plot.rect(nodePixels(graph, half), {
          x1: "x1",
          x2: "x2",
          y1: "y1",
          y2: "y2",
          fill: "value",
          stroke: "#b33",
          strokeWidth: 0.15,
          title: "title",
        }),
      ],
    }],
  };
}
