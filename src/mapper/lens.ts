/**
 * Mapper lenses (filter functions): a value, or a few, per point.
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import { knnDistances } from "../geometry/knn.ts";
import { pca } from "../geometry/pca.ts";
import { tsne } from "./tsne.ts";
import { umapEmbedding } from "./umap.ts";

/** A lens by name. */
export type NamedLens =
  | { name: "pca"; component?: number }
  | { name: "coordinate"; index: number }
  | "l2norm"
  | "distanceToMean"
  | { name: "knnDistance"; k: number }
  | { name: "density"; k: number }
  | "eccentricity"
  | { name: "tsne"; seed: number; dim?: number; perplexity?: number; iterations?: number }
  | { name: "umap"; seed: number; dim?: number; nNeighbors?: number; epochs?: number };

/** Lens values: n × dim row-major. */
export interface LensValues {
  /** Values, n × dim row-major. */
  values: Float64Array;
  /** Lens dimensions per point. */
  dim: number;
}

/**
 * Evaluate a named lens on a point cloud:
 * - `pca`: the score on principal component `component` (default 0);
 * - `coordinate`: one coordinate of each point;
 * - `l2norm`: ‖x‖; `distanceToMean`: ‖x − mean‖;
 * - `knnDistance`: distance to the k-th nearest other point (O(n²·d));
 * - `density`: k / (sum of distances to the k nearest points), a kNN density
 *   proxy that grows in crowded regions (O(n²·d));
 * - `eccentricity`: (mean over j of ‖x_i − x_j‖²)^½, computed exactly in
 *   O(n·d) as (‖x_i − μ‖² + mean_j ‖x_j − μ‖²)^½;
 * - `tsne` / `umap`: a seeded embedding (default 2-D, so two lens dimensions).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { computeLens } from "./lens.ts";
 * const cloud = { data: new Float32Array([3, 4, 0, 0]), n: 2, d: 2 };
 * assert.equal(computeLens(cloud, "l2norm").values[0], 5);
 * ```
 */
export function computeLens(cloud: PointCloud, lens: NamedLens): LensValues {
  const { data, n, d } = cloud;
  const one = (f: (i: number) => number): LensValues => ({
    values: Float64Array.from({ length: n }, (_, i) => f(i)),
    dim: 1,
  });
  const mean = () => {
    const mu = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) mu[c] += data[i * d + c] / n;
    return mu;
  };
  const norm2 = (i: number, mu?: Float64Array) => {
    let s = 0;
    for (let c = 0; c < d; c++) {
      const t = data[i * d + c] - (mu ? mu[c] : 0);
      s += t * t;
    }
    return s;
  };
  if (lens === "l2norm") return one((i) => Math.sqrt(norm2(i)));
  if (lens === "distanceToMean") {
    const mu = mean();
    return one((i) => Math.sqrt(norm2(i, mu)));
  }
  if (lens === "eccentricity") {
    const mu = mean();
    const sq = Float64Array.from({ length: n }, (_, i) => norm2(i, mu));
    const spread = sq.reduce((a, b) => a + b, 0) / n;
    return one((i) => Math.sqrt(sq[i] + spread));
  }
  if (typeof lens !== "object" || lens === null) {
    throw new TypeError(`lens: unknown lens ${JSON.stringify(lens)}`);
  }
  switch (lens.name) {
    case "coordinate": {
      const { index } = lens;
      if (!(Number.isInteger(index) && index >= 0 && index < d)) {
        throw new RangeError(`lens "coordinate": "index" must be in [0, ${d}), found ${index}`);
      }
      return one((i) => data[i * d + index]);
    }
    case "pca": {
      const component = lens.component ?? 0;
      if (!(Number.isInteger(component) && component >= 0 && component < d)) {
        throw new RangeError(`lens "pca": "component" must be in [0, ${d}), found ${component}`);
      }
      const { scores, k } = pca(cloud, component + 1);
      return one((i) => scores[i * k + component]);
    }
    case "knnDistance": {
      const knn = knnDistances(cloud, lens.k);
      return one((i) => knn[i * lens.k + lens.k - 1]);
    }
    case "density": {
      const knn = knnDistances(cloud, lens.k);
      return one((i) => {
        let s = 0;
        for (let p = 0; p < lens.k; p++) s += knn[i * lens.k + p];
        return lens.k / Math.max(s, 1e-12);
      });
    }
    case "tsne": {
      const dim = lens.dim ?? 2;
      const y = tsne(cloud, { ...lens, dim });
      return { values: Float64Array.from(y), dim };
    }
    case "umap": {
      const dim = lens.dim ?? 2;
      const y = umapEmbedding(cloud, { ...lens, dim });
      return { values: Float64Array.from(y), dim };
    }
    default:
      throw new TypeError(`lens: unknown lens ${JSON.stringify(lens)}`);
  }
}
