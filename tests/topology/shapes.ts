/**
 * Seeded sample shapes for the Vietoris–Rips tests.
 *
 * @module
 */

import type { PointCloud } from "../../src/data/point_cloud.ts";
import { createRandom } from "../../src/data/random.ts";

/**
 * n points uniform in [0, 1)^d.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { uniformCloud } from "./shapes.ts";
 * assert.equal(uniformCloud(5, 2, 1).data.length, 10);
 * ```
 */
export function uniformCloud(n: number, d: number, seed: number): PointCloud {
  const random = createRandom(seed);
  const data = new Float32Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = random.next();
  return { data, n, d };
}

/**
 * n points on the unit circle in the plane with gaussian noise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { noisyCircle } from "./shapes.ts";
 * assert.equal(noisyCircle(10, 0.1, 1).n, 10);
 * ```
 */
export function noisyCircle(n: number, noise: number, seed: number): PointCloud {
  const random = createRandom(seed);
  const data = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const angle = 2 * Math.PI * random.next();
    data[2 * i] = Math.cos(angle) + noise * random.normal();
    data[2 * i + 1] = Math.sin(angle) + noise * random.normal();
  }
  return { data, n, d: 2 };
}

/**
 * n points uniform on the unit sphere S^(d−1) ⊂ R^d, plus gaussian noise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { noisySphere } from "./shapes.ts";
 * assert.equal(noisySphere(10, 3, 0, 1).d, 3);
 * ```
 */
export function noisySphere(n: number, d: number, noise: number, seed: number): PointCloud {
  const random = createRandom(seed);
  const data = new Float32Array(d * n);
  const x = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let t = 0; t < d; t++) {
      x[t] = random.normal();
      norm += x[t] * x[t];
    }
    norm = Math.sqrt(norm);
    for (let t = 0; t < d; t++) data[i * d + t] = x[t] / norm + noise * random.normal();
  }
  return { data, n, d };
}

/**
 * The flat (Clifford) torus in R^4: a k×k grid of angles mapped to
 * (cos a, sin a, cos b, sin b), plus gaussian noise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cliffordTorus } from "./shapes.ts";
 * assert.equal(cliffordTorus(4, 0, 1).n, 16);
 * ```
 */
export function cliffordTorus(k: number, noise: number, seed: number): PointCloud {
  const random = createRandom(seed);
  const data = new Float32Array(4 * k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const a = (2 * Math.PI * i) / k, b = (2 * Math.PI * j) / k, p = 4 * (i * k + j);
      data[p] = Math.cos(a) + noise * random.normal();
      data[p + 1] = Math.sin(a) + noise * random.normal();
      data[p + 2] = Math.cos(b) + noise * random.normal();
      data[p + 3] = Math.sin(b) + noise * random.normal();
    }
  }
  return { data, n: k * k, d: 4 };
}

/**
 * Gaussian clusters: `clusters` centres uniform in [0, 10)^d, n points in all.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gaussianClusters } from "./shapes.ts";
 * assert.equal(gaussianClusters(12, 3, 2, 1).n, 12);
 * ```
 */
export function gaussianClusters(n: number, clusters: number, d: number, seed: number): PointCloud {
  const random = createRandom(seed);
  const centres = new Float64Array(clusters * d);
  for (let i = 0; i < centres.length; i++) centres[i] = 10 * random.next();
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = random.int(clusters);
    for (let t = 0; t < d; t++) data[i * d + t] = centres[c * d + t] + random.normal();
  }
  return { data, n, d };
}

/**
 * n points with integer coordinates in [0, side)^d: full of ties and
 * duplicates.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { integerGrid } from "./shapes.ts";
 * assert.ok(integerGrid(8, 2, 3, 1).data.every(Number.isInteger));
 * ```
 */
export function integerGrid(n: number, d: number, side: number, seed: number): PointCloud {
  const random = createRandom(seed);
  const data = new Float32Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = random.int(side);
  return { data, n, d };
}
