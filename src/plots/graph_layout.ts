/**
 * A seeded force-directed layout (Fruchterman & Reingold 1991) for small
 * graphs such as Mapper graphs: positions are computed once, stored with the
 * graph, and drawn the same way on a PNG and on the site.
 *
 * @module
 */

import { createRandom } from "../data/random.ts";

/** Options of {@linkcode forceLayout}. */
export interface ForceLayoutOptions {
  /** Seed of the initial positions (default 0). */
  seed?: number;
  /** Iterations of the cooling schedule (default 300). */
  iterations?: number;
  /** Pull of every node toward the centre, which keeps components together (default 0.05). */
  gravity?: number;
}

/**
 * Place `n` nodes joined by `edges` in the unit square: seeded random start,
 * repulsion k²/d between every pair, attraction d²/k along edges (k =
 * 1/√n), a weak pull to the centre, and a linearly cooling step limit. The
 * result is scaled to fill [0, 1] along its longer side and centred along the
 * other, so the aspect ratio is kept. Same inputs and seed → same positions.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { forceLayout } from "./graph_layout.ts";
 * const { x, y } = forceLayout(3, [[0, 1], [1, 2]], { seed: 1 });
 * assert.equal(x.length, 3);
 * assert.ok(x.every((v) => v >= 0 && v <= 1));
 * assert.ok(y.every((v) => v >= 0 && v <= 1));
 * ```
 */
export function forceLayout(
  n: number,
  edges: ArrayLike<readonly [number, number]>,
  options: ForceLayoutOptions = {},
): { x: Float64Array; y: Float64Array } {
  if (!(Number.isInteger(n) && n >= 0)) {
    throw new RangeError(`forceLayout: "n" must be a non-negative integer, found ${n}`);
  }
  for (let e = 0; e < edges.length; e++) {
    const [i, j] = edges[e];
    if (!(Number.isInteger(i) && Number.isInteger(j) && i >= 0 && j >= 0 && i < n && j < n)) {
      throw new RangeError(`forceLayout: edge ${e} [${i}, ${j}] names a node outside [0, ${n})`);
    }
  }
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  if (n === 0) return { x, y };
  if (n === 1) {
    x[0] = y[0] = 0.5;
    return { x, y };
  }
  const random = createRandom(options.seed ?? 0);
  for (let i = 0; i < n; i++) {
    x[i] = random.next();
    y[i] = random.next();
  }
  const iterations = options.iterations ?? 300;
  const gravity = options.gravity ?? 0.05;
  const k = 1 / Math.sqrt(n);
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  for (let it = 0; it < iterations; it++) {
    dx.fill(0);
    dy.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let ex = x[i] - x[j], ey = y[i] - y[j];
        let d2 = ex * ex + ey * ey;
        if (d2 < 1e-12) {
          // Coincident nodes: push apart along a fixed direction per pair.
          ex = 1e-3 * (1 + ((i * 31 + j) % 7));
          ey = 1e-3 * (1 + ((i * 17 + j) % 5));
          d2 = ex * ex + ey * ey;
        }
        const f = (k * k) / d2; // repulsion k²/d along the unit vector: (k²/d)·(e/d)
        dx[i] += ex * f;
        dy[i] += ey * f;
        dx[j] -= ex * f;
        dy[j] -= ey * f;
      }
    }
    for (let e = 0; e < edges.length; e++) {
      const [i, j] = edges[e];
      if (i === j) continue;
      const ex = x[i] - x[j], ey = y[i] - y[j];
      const d = Math.sqrt(ex * ex + ey * ey);
      const f = d / k; // attraction d²/k along the unit vector
      dx[i] -= ex * f;
      dy[i] -= ey * f;
      dx[j] += ex * f;
      dy[j] += ey * f;
    }
    const temperature = 0.1 * (1 - it / iterations) + 1e-3;
    for (let i = 0; i < n; i++) {
      dx[i] += gravity * (0.5 - x[i]) / k;
      dy[i] += gravity * (0.5 - y[i]) / k;
      const d = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
      if (d > 0) {
        const step = Math.min(d, temperature) / d;
        x[i] += dx[i] * step;
        y[i] += dy[i] * step;
      }
    }
  }
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, x[i]), x1 = Math.max(x1, x[i]);
    y0 = Math.min(y0, y[i]), y1 = Math.max(y1, y[i]);
  }
  const span = Math.max(x1 - x0, y1 - y0, 1e-12);
  const ox = (1 - (x1 - x0) / span) / 2, oy = (1 - (y1 - y0) / span) / 2;
  for (let i = 0; i < n; i++) {
    x[i] = ox + (x[i] - x0) / span;
    y[i] = oy + (y[i] - y0) / span;
  }
  return { x, y };
}
