/**
 * Seeded UMAP embeddings of point clouds (npm `umap-js`). For t-SNE see
 * `tsne.ts`.
 *
 * @module
 */

import { UMAP } from "umap-js";
import type { PointCloud } from "../data/point_cloud.ts";
import { createRandom } from "../data/random.ts";

/** UMAP settings. */
export interface UmapOptions {
  /** Seed of every random choice UMAP makes. */
  seed: number;
  /** Output dimension. Default 2. */
  dim?: number;
  /** Neighbours in the fuzzy graph. Default min(15, n − 1). */
  nNeighbors?: number;
  /** Minimum distance between embedded points. Default 0.1. */
  minDist?: number;
  /** Optimisation epochs (umap-js chooses when absent). */
  epochs?: number;
}

/**
 * Embed with UMAP, passing umap-js a random function drawn from our seeded
 * stream (it uses it for nearest-neighbour descent, initialisation and
 * negative sampling).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { umapEmbedding } from "./umap.ts";
 * const cloud = { data: Float32Array.from({ length: 90 }, (_, i) => (i * 7) % 13), n: 30, d: 3 };
 * const y = umapEmbedding(cloud, { seed: 1, epochs: 50 });
 * assert.equal(y.length, 60);
 * ```
 */
export function umapEmbedding(cloud: PointCloud, options: UmapOptions): Float32Array {
  const { data, n, d } = cloud;
  const dim = options.dim ?? 2;
  if (n < 3) throw new RangeError(`umapEmbedding: needs at least 3 points, found n = ${n}`);
  const random = createRandom(options.seed);
  const umap = new UMAP({
    nComponents: dim,
    nNeighbors: options.nNeighbors ?? Math.min(15, n - 1),
    minDist: options.minDist ?? 0.1,
    nEpochs: options.epochs,
    random: () => random.next(),
  });
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(data.subarray(i * d, (i + 1) * d)));
  const out = umap.fit(rows);
  const result = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) for (let c = 0; c < dim; c++) result[i * dim + c] = out[i][c];
  return result;
}
