/**
 * A Mapper graph as JSON for the artifacts and the site: nodes by id, links
 * as pairs of node ids (the shape `site/data.ts` reads).
 *
 * @module
 */

import type { MapperGraph } from "./mapper.ts";

/** A Mapper graph as written to `mapper/epoch<k>/<name>.json`. */
export interface MapperGraphJson {
  /** Nodes with their statistics; `members` only when asked for. */
  nodes: Array<{
    id: string;
    size: number;
    interval: number[];
    meanLens: number[];
    labelHistogram?: Record<string, number>;
    purity?: number;
    accuracy?: number;
    members?: number[];
  }>;
  /** Edges as [source id, target id]. */
  links: Array<[string, string]>;
  /** The lens's name, when given. */
  lens?: string;
  /** The layer the graph was built from, when given. */
  layer?: number;
}

/**
 * Convert a graph to its JSON form (plain data, ready for JSON.stringify).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mapper } from "./mapper.ts";
 * import { mapperGraphToJson } from "./graph_json.ts";
 * const data = new Float32Array([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
 * const lens = { name: "coordinate" as const, index: 0 };
 * const graph = mapper({ data, n: 6, d: 1 }, { lens, intervals: 2, overlap: 0.5 });
 * const json = mapperGraphToJson(graph, { lens: "x", layer: 1 });
 * assert.equal(json.links[0][0], json.nodes[0].id);
 * ```
 */
export function mapperGraphToJson(
  graph: MapperGraph,
  options: { lens?: string; layer?: number; members?: boolean } = {},
): MapperGraphJson {
  const nodes = graph.nodes.map((node) => {
    const out: MapperGraphJson["nodes"][number] = {
      id: node.id,
      size: node.size,
      interval: node.interval,
      meanLens: node.meanLens,
    };
    if (node.labelHistogram) out.labelHistogram = node.labelHistogram;
    if (node.purity !== undefined) out.purity = node.purity;
    if (node.accuracy !== undefined) out.accuracy = node.accuracy;
    if (options.members) out.members = node.members;
    return out;
  });
  const json: MapperGraphJson = {
    nodes,
    links: graph.edges.map(([i, j]) => [graph.nodes[i].id, graph.nodes[j].id]),
  };
  if (options.lens !== undefined) json.lens = options.lens;
  if (options.layer !== undefined) json.layer = options.layer;
  return json;
}
