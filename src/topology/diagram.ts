/**
 * Persistence diagrams: the common currency of the topology stage.
 *
 * @module
 */

/** One interval [birth, death); death = Infinity for an essential class. */
export type Interval = [birth: number, death: number];

/** A persistence diagram of one homology dimension. */
export type Diagram = Interval[];

/**
 * A representative cycle: mod-2 chain of edges [u, v] (vertex indices of the
 * input), in walk order where it is a loop.
 */
export type Cycle = Array<[number, number]>;

/** Diagrams by homology dimension: `diagrams[k]` is H_k. */
export interface Barcode {
  /** `diagrams[k]` holds the intervals of H_k, k = 0..maxDim. */
  diagrams: Diagram[];
  /** The filtration threshold used (the enclosing radius when none was given). */
  threshold: number;
  /** Number of points (or rows of the distance matrix). */
  n: number;
  /** With `cycles: true`: a representative cycle per interval, `cycles.H1[i]` for `diagrams[1][i]`. */
  cycles?: { H1: Cycle[] };
}

/** JSON form of a diagram: `death = null` for an essential class. */
export type DiagramJson = Array<[number, number | null]>;

/**
 * Convert barcode diagrams to the JSON form `{ "H0": [[b, d], …], … }`, with
 * `null` for infinite deaths.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { diagramsToJson } from "./diagram.ts";
 * const json = diagramsToJson([[[0, Infinity], [0, 1]]]);
 * assert.equal(json.H0[0][1], null);
 * ```
 */
export function diagramsToJson(diagrams: Diagram[]): Record<string, DiagramJson> {
  const out: Record<string, DiagramJson> = {};
  diagrams.forEach((diagram, k) => {
    out[`H${k}`] = diagram.map(([b, d]) => [b, Number.isFinite(d) ? d : null]);
  });
  return out;
}

/**
 * Read the JSON form back: `null` deaths become Infinity.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { diagramsFromJson } from "./diagram.ts";
 * const d = diagramsFromJson({ H0: [[0, null]] });
 * assert.equal(d[0][0][1], Infinity);
 * ```
 */
export function diagramsFromJson(json: Record<string, DiagramJson>): Diagram[] {
  const out: Diagram[] = [];
  for (let k = 0; `H${k}` in json; k++) {
    out.push(json[`H${k}`].map(([b, d]) => [b, d === null ? Infinity : d]));
  }
  return out;
}
