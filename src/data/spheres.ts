/**
 * Noisy spheres in R^d: the synthetic classification tasks of the concentric-spheres course report and the course plan.
 *
 * Each point of a sphere of radius r centred at c is `c + r·u + ε`, where u is a
 * standard normal vector in R^d normalised to length 1 (so u is uniform on the
 * unit sphere) and ε has independent N(0, σ²) coordinates. The points of class
 * 0 (radius r1) are generated first, then those of class 1 (radius r2), and the
 * rows are shuffled. Two streams are derived from the seed: `"spheres/points"`
 * for the coordinates and `"spheres/shuffle"` for the row order.
 *
 * @module
 */

import { createRandom, deriveSeed, type Random, shuffleInPlace } from "./random.ts";
import type { Dataset } from "./dataset.ts";

/** Options shared by {@linkcode concentricSpheres} and {@linkcode intersectingSpheres}. */
export interface SpheresOptions {
  /** Dimension of the ambient space (default 10). */
  d?: number;
  /** Points per class (default 10,000). */
  n?: number;
  /** Radius of class 0, the inner sphere (default 3). */
  r1?: number;
  /** Radius of class 1, the outer sphere (default 6). */
  r2?: number;
  /** Standard deviation of the Gaussian noise per coordinate (default |r2 − r1| / 4). */
  noise?: number;
  /** Seed of every random choice (default 0). */
  seed?: number;
}

/** Options of {@linkcode intersectingSpheres}. */
export interface IntersectingSpheresOptions extends SpheresOptions {
  /**
   * Distance of the inner sphere's centre from the origin along the first axis
   * (default `(7/6)·|r2 − r1|`, i.e. 3.5 for the default radii).
   */
  offset?: number;
}

/**
 * Two concentric noisy spheres (the concentric-spheres course report): class 0 of radius r1, class 1 of
 * radius r2, both centred at the origin; 2n shuffled rows.
 *
 * With the defaults (d = 10, r1 = 3, r2 = 6, σ = 0.75) the expected norm of a
 * point is about `sqrt(r² + d·σ²)`: ≈ 3.82 inside, ≈ 6.45 outside.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { concentricSpheres } from "./spheres.ts";
 * const data = concentricSpheres({ d: 3, n: 100, seed: 1 });
 * assert.equal(data.n, 200);
 * assert.equal(data.x.length, 600);
 * ```
 */
export function concentricSpheres(opts: SpheresOptions = {}): Dataset {
  const p = resolveOptions("concentricSpheres", opts);
  return twoSpheres("concentric_spheres", p, 0);
}

/**
 * Two slightly intersecting noisy spheres (the course plan): the construction of
 * {@linkcode concentricSpheres}, except that the inner sphere (class 0, radius
 * r1) is centred at `offset·e1` instead of the origin. When
 * `|r2 − r1| < offset < r1 + r2` the two (noise-free) spheres intersect: a cap
 * of the inner sphere pokes out through the outer one.
 *
 * Defaults: d = 10, r1 = 3, r2 = 6, σ = 0.75, offset = 3.5 (= (7/6)·|r2 − r1|,
 * just past the tangency at |r2 − r1| = 3). A point of the noise-free inner
 * sphere lies outside the outer sphere when its direction u has
 * `u1 > (r2² − r1² − offset²) / (2·r1·offset) ≈ 0.702`: about 0.7 % of the inner
 * sphere in d = 10. With the noise, the share of points lying closer to the
 * other class's noisy shell (radius `sqrt(r² + d·σ²)` about its centre) rises
 * from about 3 % for the concentric spheres to about 10 %: the classes overlap
 * by a few percent more. Both figures are measured in
 * tests/data/spheres_test.ts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { intersectingSpheres } from "./spheres.ts";
 * const data = intersectingSpheres({ d: 3, n: 100, offset: 3.5, seed: 1 });
 * assert.equal(data.n, 200);
 * assert.equal(data.name, "intersecting_spheres");
 * ```
 */
export function intersectingSpheres(opts: IntersectingSpheresOptions = {}): Dataset {
  const p = resolveOptions("intersectingSpheres", opts);
  const offset = opts.offset ?? (7 / 6) * Math.abs(p.r2 - p.r1);
  if (!Number.isFinite(offset)) {
    throw new RangeError(
      `intersectingSpheres: option "offset": expected a finite number, found ${offset}`,
    );
  }
  return twoSpheres("intersecting_spheres", p, offset);
}

interface ResolvedOptions {
  d: number;
  n: number;
  r1: number;
  r2: number;
  noise: number;
  seed: number;
}

function resolveOptions(fn: string, opts: SpheresOptions): ResolvedOptions {
  const d = opts.d ?? 10;
  const n = opts.n ?? 10000;
  const r1 = opts.r1 ?? 3;
  const r2 = opts.r2 ?? 6;
  const noise = opts.noise ?? Math.abs(r2 - r1) / 4;
  const seed = opts.seed ?? 0;
  if (!Number.isInteger(d) || d < 1) {
    throw new RangeError(`${fn}: option "d": expected a positive integer, found ${d}`);
  }
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`${fn}: option "n": expected a positive integer, found ${n}`);
  }
  for (const [key, value] of [["r1", r1], ["r2", r2], ["noise", noise]] as const) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(
        `${fn}: option "${key}": expected a finite number ≥ 0, found ${value}`,
      );
    }
  }
  if (!Number.isInteger(seed)) {
    throw new RangeError(`${fn}: option "seed": expected an integer, found ${seed}`);
  }
  return { d, n, r1, r2, noise, seed };
}

function twoSpheres(name: string, p: ResolvedOptions, offset: number): Dataset {
  const { d, n } = p;
  const x = new Float32Array(2 * n * d);
  const random = createRandom(deriveSeed(p.seed, "spheres/points"));
  const row = new Float64Array(d);
  for (let cls = 0; cls < 2; cls++) {
    const radius = cls === 0 ? p.r1 : p.r2;
    const shift = cls === 0 ? offset : 0;
    for (let i = 0; i < n; i++) {
      noisySpherePoint(random, radius, p.noise, row);
      row[0] += shift;
      x.set(row, (cls * n + i) * d);
    }
  }
  const order = shuffleInPlace(
    Int32Array.from({ length: 2 * n }, (_, i) => i),
    createRandom(deriveSeed(p.seed, "spheres/shuffle")),
  );
  const xs = new Float32Array(2 * n * d);
  const y = new Int32Array(2 * n);
  for (let k = 0; k < 2 * n; k++) {
    const i = order[k];
    xs.set(x.subarray(i * d, i * d + d), k * d);
    y[k] = i < n ? 0 : 1;
  }
  return { name, x: xs, y, n: 2 * n, d, classes: 2 };
}

/** One point r·u + ε written into `out` (u uniform on the unit sphere). */
function noisySpherePoint(random: Random, radius: number, sigma: number, out: Float64Array): void {
  const d = out.length;
  let norm2 = 0;
  do {
    norm2 = 0;
    for (let j = 0; j < d; j++) {
      const z = random.normal();
      out[j] = z;
      norm2 += z * z;
    }
  } while (norm2 === 0);
  const scale = radius / Math.sqrt(norm2);
  for (let j = 0; j < d; j++) out[j] = out[j] * scale + sigma * random.normal();
}
