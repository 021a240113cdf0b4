/**
 * A seeded, deterministic force-directed layout (Fruchterman–Reingold with a
 * cooling schedule) for small graphs such as Mapper nerves, computed at build
 * time so the site's graph drawings need no JavaScript. Same graph and seed →
 * same coordinates.
 *
 * @module
 */

import { createRandom } from "../../src/data/random.ts";

/** Options of {@linkcode forceLayout}. */
export interface ForceLayoutOptions {
  /** Seed of the initial positions (default 0). */
  seed?: number;
  /** Iterations (default 300). */
  iterations?: number;
}

/**
 * Lay out `n` nodes joined by `edges` (pairs of node indices) in the unit
 * square [0, 1]²; returns x and y per node. Components are pulled toward the
 * centre by a weak gravity so they do not drift apart.
 *
 * @example
 * ```ts
 * import { forceLayout } from "./force_layout.ts";
 * const { x, y } = forceLayout(3, [[0, 1], [1, 2]], { seed: 1 });
 * console.assert(x.length === 3 && x.every((v) => v >= 0 && v <= 1));
 * console.assert(forceLayout(3, [[0, 1], [1, 2]], { seed: 1 }).x[2] === x[2]);
 * ```
 */
export function forceLayout(
  n: number,
  edges: ReadonlyArray<readonly [number, number]>,
  options: ForceLayoutOptions = {},
): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  if (n === 0) return { x, y };
  const random = createRandom(options.seed ?? 0);
  for (let i = 0; i < n; i++) {
    x[i] = random.next();
    y[i] = random.next();
  }
  const iterations = options.iterations ?? 300;
  const k = Math.sqrt(1 / n); // ideal edge length in the unit square
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  let temperature = 0.1;
  const cooling = temperature / (iterations + 1);
  for (let it = 0; it < iterations; it++) {
    dx.fill(0);
    dy.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let ex = x[i] - x[j];
        let ey = y[i] - y[j];
        let dist2 = ex * ex + ey * ey;
        if (dist2 < 1e-12) {
          // Coincident nodes: separate them along a fixed, index-derived direction.
          ex = 1e-3 * Math.cos(i + j);
          ey = 1e-3 * Math.sin(i + j);
          dist2 = 1e-6;
        }
        const force = (k * k) / dist2; // repulsion k²/d, times the unit vector e/d
        dx[i] += ex * force;
        dy[i] += ey * force;
        dx[j] -= ex * force;
        dy[j] -= ey * force;
      }
    }
    for (const [a, b] of edges) {
      if (a === b) continue;
      const ex = x[a] - x[b];
      const ey = y[a] - y[b];
      const dist = Math.sqrt(ex * ex + ey * ey) || 1e-6;
      const force = dist / k; // attraction d²/k, times e/d
      dx[a] -= ex * force;
      dy[a] -= ey * force;
      dx[b] += ex * force;
      dy[b] += ey * force;
    }
    for (let i = 0; i < n; i++) {
      dx[i] += (0.5 - x[i]) * 0.1 * n * k; // gravity
      dy[i] += (0.5 - y[i]) * 0.1 * n * k;
      const length = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
      if (length > 0) {
        const step = Math.min(length, temperature) / length;
        x[i] += dx[i] * step;
        y[i] += dy[i] * step;
      }
    }
    temperature -= cooling;
  }
  normalize(x);
  normalize(y);
  return { x, y };
}

function normalize(v: Float64Array): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of v) {
    lo = Math.min(lo, t);
    hi = Math.max(hi, t);
  }
  const span = hi - lo;
  for (let i = 0; i < v.length; i++) v[i] = span > 0 ? (v[i] - lo) / span : 0.5;
}
