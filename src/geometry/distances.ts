/**
 * Pairwise distances of a point cloud as a packed lower triangle — the input
 * Vietoris–Rips persistence reads.
 *
 * @module
 */

import { assertPointCloud, type PointCloud } from "../data/point_cloud.ts";
import type { DistanceMatrix, Metric } from "./distance_matrix.ts";
import { type DistanceBackend, selectBackend } from "./backend.ts";
import { gpuJsDistances } from "./kernels.ts";

/** Options of {@linkcode pairwiseDistances}. */
export interface PairwiseDistanceOptions {
  /** `"euclidean"` (default), `"cosine"` (1 − cos) or `"correlation"` (1 − Pearson r). */
  metric?: Metric;
  /** `"auto"` (default: see {@linkcode selectBackend}) or a backend by name. */
  backend?: "auto" | DistanceBackend;
}

const METRICS: readonly Metric[] = ["euclidean", "cosine", "correlation"];

/**
 * All pairwise distances between the points of a cloud, as the packed lower
 * triangle (`kind: "lower"`, entries (1,0), (2,0), (2,1), …).
 *
 * A point with all coordinates zero (cosine) or all coordinates equal
 * (correlation) has no direction; it is treated as orthogonal to every other
 * point, at distance 1.
 *
 * @example
 * ```ts
 * import { pairwiseDistances } from "./distances.ts";
 * const cloud = { data: new Float32Array([0, 0, 3, 4, 6, 8]), n: 3, d: 2 };
 * const m = await pairwiseDistances(cloud);
 * console.assert(m.data[0] === 5 && m.data[1] === 10 && m.data[2] === 5);
 * ```
 */
export async function pairwiseDistances(
  cloud: PointCloud,
  options: PairwiseDistanceOptions = {},
): Promise<DistanceMatrix> {
  assertPointCloud(cloud, "pairwiseDistances: cloud");
  const metric = options.metric ?? "euclidean";
  if (!METRICS.includes(metric)) {
    throw new RangeError(
      `pairwiseDistances: option "metric": expected one of ${METRICS.join(", ")}, found ${
        JSON.stringify(metric)
      }`,
    );
  }
  const { backend } = await selectBackend({ n: cloud.n, backend: options.backend });
  if (backend === "plain") return plainDistances(cloud, metric);
  if (metric === "euclidean") {
    return await gpuJsDistances(cloud.data, cloud.n, cloud.d, "euclidean", backend);
  }
  const rows = normalisedRows(cloud, metric === "correlation");
  return await gpuJsDistances(rows, cloud.n, cloud.d, "one-minus-dot", backend);
}

/**
 * The typed-array path: every distance computed in float64, then rounded to
 * float32. It is also the reference the other backends are tested against.
 *
 * @example
 * ```ts
 * import { plainDistances } from "./distances.ts";
 * const m = plainDistances({ data: new Float32Array([1, 0, 0, 1]), n: 2, d: 2 }, "cosine");
 * console.assert(m.data[0] === 1);
 * ```
 */
export function plainDistances(cloud: PointCloud, metric: Metric = "euclidean"): DistanceMatrix {
  const { n, d } = cloud;
  const out = new Float32Array((n * (n - 1)) / 2);
  if (metric === "euclidean") {
    const p = cloud.data;
    let o = 0;
    for (let i = 1; i < n; i++) {
      const pi = i * d;
      for (let j = 0; j < i; j++) {
        const pj = j * d;
        let s = 0;
        for (let k = 0; k < d; k++) {
          const t = p[pi + k] - p[pj + k];
          s += t * t;
        }
        out[o++] = Math.sqrt(s);
      }
    }
    return { kind: "lower", data: out, n };
  }
  const p = normalisedRows64(cloud, metric === "correlation");
  let o = 0;
  for (let i = 1; i < n; i++) {
    const pi = i * d;
    for (let j = 0; j < i; j++) {
      const pj = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) s += p[pi + k] * p[pj + k];
      out[o++] = Math.max(0, 1 - s);
    }
  }
  return { kind: "lower", data: out, n };
}

/** Rows scaled to unit length (centred first for correlation), in float64. */
function normalisedRows64(cloud: PointCloud, centre: boolean): Float64Array {
  const { data, n, d } = cloud;
  const rows = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const base = i * d;
    let mean = 0;
    if (centre) {
      for (let k = 0; k < d; k++) mean += data[base + k];
      mean /= d;
    }
    let norm = 0, scale = 0;
    for (let k = 0; k < d; k++) {
      const v = data[base + k] - mean;
      rows[base + k] = v;
      norm += v * v;
      scale = Math.max(scale, Math.abs(data[base + k]));
    }
    norm = Math.sqrt(norm);
    // A row that is (numerically) constant after centring has no direction.
    const flat = !(norm > 1e-9 * scale);
    for (let k = 0; k < d; k++) rows[base + k] = flat ? 0 : rows[base + k] / norm;
  }
  return rows;
}

function normalisedRows(cloud: PointCloud, centre: boolean): Float32Array {
  return Float32Array.from(normalisedRows64(cloud, centre));
}
