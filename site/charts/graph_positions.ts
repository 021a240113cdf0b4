/**
 * Positions for a Mapper graph drawn by src/plots' `mapperGraphChart`: the
 * ones stored in the graph file (the runner lays graphs out once, so the PNG
 * and the page agree), or, when a graph has none, src/plots' seeded force
 * layout computed at build time.
 *
 * @module
 */

import { forceLayout } from "../../src/plots/graph_layout.ts";
import type { PositionedGraph } from "../../src/plots/mapper_graph.ts";

/** A graph as the site reads it: nodes with ids and sizes, maybe positions. */
export interface UnpositionedGraph {
  /** Nodes; `x` and `y` in [0, 1] when the file stored them. */
  nodes: ReadonlyArray<{ id: string; size: number; [stat: string]: unknown }>;
  /** Edges as `[source id, target id]`. */
  links: ReadonlyArray<readonly [string, string]>;
}

/**
 * The graph with every node at a position: stored `x`/`y` when every node has
 * finite ones, else a force layout seeded by `seed` (default 0).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { graphPositions } from "./graph_positions.ts";
 * const stored = graphPositions({ nodes: [{ id: "a", size: 1, x: 0.2, y: 0.7 }], links: [] });
 * assert.equal(stored.graph.nodes[0].x, 0.2);
 * assert.ok(stored.stored);
 * const laid = graphPositions({ nodes: [{ id: "a", size: 1 }, { id: "b", size: 2 }], links: [["a", "b"]] });
 * assert.ok(!laid.stored)
 * assert.ok(laid.graph.nodes.every((n) => n.x >= 0 && n.x <= 1));
 * ```
 */
export function graphPositions(
  graph: UnpositionedGraph,
  seed = 0,
): { graph: PositionedGraph; stored: boolean } {
  const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
  const stored = graph.nodes.length > 0 && graph.nodes.every((n) => finite(n.x) && finite(n.y));
  if (stored) {
    return {
      graph: {
        nodes: graph.nodes.map((n) => ({ ...n, x: n.x as number, y: n.y as number })),
        links: graph.links,
      },
      stored,
    };
  }
  const index = new Map(graph.nodes.map((node, i) => [node.id, i]));
  const edges = graph.links.map(([s, t]): [number, number] => {
    const a = index.get(s), b = index.get(t);
    if (a === undefined || b === undefined) {
      throw new RangeError(`graphPositions: link [${s}, ${t}] names a node that does not exist`);
    }
    return [a, b];
  });
  const { x, y } = forceLayout(graph.nodes.length, edges, { seed });
  return {
    graph: { nodes: graph.nodes.map((n, i) => ({ ...n, x: x[i], y: y[i] })), links: graph.links },
    stored,
  };
}
