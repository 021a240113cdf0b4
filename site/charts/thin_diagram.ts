/**
 * Keep big persistence diagrams light on the page: intervals whose dots would
 * land in the same small cell of the diagram (a few pixels) are drawn once,
 * by the most persistent of them. Small diagrams are left as they are.
 *
 * @module
 */

import type { Diagram } from "../../src/topology/diagram.ts";

/** Options of {@linkcode thinDiagrams}. */
export interface ThinOptions {
  /** Thin only when the diagrams hold more intervals than this (default 300). */
  limit?: number;
  /** Cells per axis (default 80: about 4 px in a 320 px plot). */
  cells?: number;
}

/** What {@linkcode thinDiagrams} returns. */
export interface Thinned {
  /** The diagrams to draw. */
  diagrams: Diagram[];
  /** Intervals drawn. */
  shown: number;
  /** Intervals in the input. */
  total: number;
}

/**
 * Merge intervals of each dimension that fall into the same cell of a
 * `cells` × `cells` grid over [0, largest finite value] (essential intervals
 * by birth only), keeping the most persistent one per cell.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { thinDiagrams } from "./thin_diagram.ts";
 * const h0: [number, number][] = Array.from({ length: 1000 }, (_, i) => [0, 1 + i * 1e-6]);
 * const t = thinDiagrams([h0], { limit: 10 });
 * assert.equal(t.total, 1000);
 * assert.equal(t.shown, 1);
 * assert.equal(t.diagrams[0][0][1], h0[999][1]);
 * ```
 */
export function thinDiagrams(diagrams: Diagram[], options: ThinOptions = {}): Thinned {
  const total = diagrams.reduce((n, d) => n + d.length, 0);
  if (total <= (options.limit ?? 300)) return { diagrams, shown: total, total };
  const cells = options.cells ?? 80;
  let hi = 0;
  for (const diagram of diagrams) {
    for (let i = 0; i < diagram.length; i++) {
      const b = diagram[i][0], d = diagram[i][1];
      hi = Math.max(hi, b, Number.isFinite(d) ? d : b);
    }
  }
  const scale = hi > 0 ? cells / hi : 1;
  let shown = 0;
  const out = diagrams.map((diagram) => {
    const best = new Map<number | string, [number, number]>();
    for (const interval of diagram) {
      const key = cellKey(interval[0], interval[1], scale, cells);
      const kept = best.get(key);
      if (!kept || interval[1] - interval[0] > kept[1] - kept[0]) best.set(key, interval);
    }
    shown += best.size;
    return [...best.values()];
  });
  return { diagrams: out, shown, total };
}

/**
 * The cell of an interval: a number when both ends fall on the grid (as they
 * do, the grid spanning every finite value, unless a birth is negative), a
 * string naming the cell otherwise. Numbers and strings never meet as keys.
 */
function cellKey(b: number, d: number, scale: number, cells: number): number | string {
  const width = Math.floor(cells) + 2; // columns 0..cells, then one for essential intervals
  const row = Math.round(b * scale);
  const column = Number.isFinite(d) ? Math.round(d * scale) : Infinity;
  if (!(row >= 0 && row <= cells)) return `${row},${column === Infinity ? "inf" : column}`;
  if (column === Infinity) return row * width + width - 1;
  return column >= 0 && column <= cells ? row * width + column : `${row},${column}`;
}
