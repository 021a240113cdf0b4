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

/**
 * Node centres moved apart until no two node images (squares of half side
 * `half[i]`) overlap: each sweep pushes every overlapping pair apart along the
 * axis where they overlap least, half the overlap each, in a fixed order.
 * Mapper joins nodes that share members, and a force layout draws such nodes
 * so close that their images would cover each other.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { separateBoxes } from "./filter_mapper.ts";
 * // two squares of half side 0.1, centres 0.01 apart: moved 0.21 apart, along y
 * const { x, y } = separateBoxes([0.5, 0.5], [0.5, 0.51], [0.1, 0.1]);
 * assert.deepEqual(x, [0.5, 0.5]);
 * assert.ok(Math.abs(y[1] - y[0]) >= 0.2);
 * ```
 */
export function separateBoxes(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  half: ArrayLike<number>,
): { x: number[]; y: number[] } {
  const px = Array.from(x), py = Array.from(y), n = px.length;
  for (let sweep = 0; sweep < 500; sweep++) {
    let moved = false;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const gap = (half[i] + half[j]) * 1.05;
        const dx = px[j] - px[i], dy = py[j] - py[i];
        const ox = gap - Math.abs(dx), oy = gap - Math.abs(dy);
        if (ox <= 1e-9 || oy <= 1e-9) continue;
        moved = true;
        if (ox <= oy) {
          const s = (dx > 0 || (dx === 0 && i % 2 === 0) ? 1 : -1) * ox / 2;
          px[i] -= s, px[j] += s;
        } else {
          const s = (dy > 0 || (dy === 0 && i % 2 === 0) ? 1 : -1) * oy / 2;
          py[i] -= s, py[j] += s;
        }
      }
    }
    if (!moved) break;
  }
  return { x: px, y: py };
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

/** Equal x and y spans that hold every node image with a margin, centred on them. */
function squareDomain(
  nodes: ReadonlyArray<{ x: number; y: number }>,
  halves: number[],
): { x: [number, number]; y: [number, number] } {
  let x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  nodes.forEach((n, i) => {
    x0 = Math.min(x0, n.x - halves[i]), x1 = Math.max(x1, n.x + halves[i]);
    y0 = Math.min(y0, n.y - halves[i]), y1 = Math.max(y1, n.y + halves[i]);
  });
  const span = Math.max(x1 - x0, y1 - y0) * 1.08;
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  return { x: [cx - span / 2, cx + span / 2], y: [cy - span / 2, cy + span / 2] };
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
  const maxSize = Math.max(1, ...graph.nodes.map((n) => n.size));
  const largest = Math.min(0.07, 0.45 / Math.sqrt(graph.nodes.length + 1));
  const half = (size: number) => largest * (0.45 + 0.55 * Math.sqrt(size / maxSize));
  const halves = graph.nodes.map((n) => half(n.size));
  const apart = separateBoxes(graph.nodes.map((n) => n.x), graph.nodes.map((n) => n.y), halves);
  const nodes = graph.nodes.map((n, i) => ({ ...n, x: apart.x[i], y: apart.y[i] }));
  const shown = { ...graph, nodes };
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const links = graph.links.map(([s, t]) => {
    const a = byId.get(s), b = byId.get(t);
    if (!a || !b) {
      throw new RangeError(`filterMapperChart: link [${s}, ${t}] names a node that does not exist`);
    }
    return { x1: a.x, y1: a.y, x2: b.x, y2: b.y };
  });
  const domain = squareDomain(nodes, halves);
  const width = options.width ?? 600;
  const what = `${graph.nodes.length} nodes, ${graph.links.length} edges · each node drawn as ` +
    `its members' mean ${graph.kh}×${graph.kw} filter (dark −, light +) · size grows with members ` +
    `(largest ${maxSize})`;
  return {
    title: options.title,
    subtitle: [options.subtitle, what].filter(Boolean).join("\n"),
    width,
    panels: [{
      height: width,
      margin: 24,
      x: { axis: null, domain: domain.x },
      y: { axis: null, domain: domain.y },
      color: { type: "linear", domain: [-1, 1], scheme: "greys", reverse: true },
      marks: [
        Plot.link(links, { x1: "x1", y1: "y1", x2: "x2", y2: "y2", stroke: "#999" }),
        Plot.rect(nodePixels(shown, half), {
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
