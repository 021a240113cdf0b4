/**
 * Cluster in an embedding: t-SNE or UMAP to a few dimensions, then k-means
 * there (the recipe of the MNIST Mapper talk's "tsne" and "umap" clusterings).
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import { deriveSeed } from "../data/random.ts";
import { type Clustering, kmeans } from "./kmeans.ts";
import { tsne, type TsneOptions } from "./tsne.ts";
import { umapEmbedding, type UmapOptions } from "./umap.ts";

/**
 * Embed with t-SNE (seeded by `deriveSeed(seed, "tsne")`), then k-means in the
 * embedding (seeded by `deriveSeed(seed, "kmeans")`, best of `restarts`
 * k-means++ starts, default 10: cheap in 2-D).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tsneKmeans } from "./embedded_kmeans.ts";
 * const data = Float32Array.from({ length: 80 }, (_, i) => (i < 40 ? 0 : 10) + (i % 7) * 0.1);
 * const { labels, embedding } = tsneKmeans({ data, n: 40, d: 2 }, 2, { seed: 1, iterations: 300 });
 * assert.ok(labels.length === 40 && embedding?.length === 80);
 * ```
 */
export function tsneKmeans(
  cloud: PointCloud,
  k: number,
  options: TsneOptions & { restarts?: number },
): Clustering {
  const seed = options.seed;
  const dim = options.dim ?? 2;
  const embedding = tsne(cloud, { ...options, dim, seed: deriveSeed(seed, "tsne") });
  return kmeansInEmbedding(embedding, cloud.n, dim, k, seed, options.restarts);
}

/**
 * Embed with UMAP (seeded by `deriveSeed(seed, "umap")`), then k-means in the
 * embedding (seeded by `deriveSeed(seed, "kmeans")`, best of `restarts`
 * k-means++ starts, default 10).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { umapKmeans } from "./embedded_kmeans.ts";
 * const data = Float32Array.from({ length: 80 }, (_, i) => (i < 40 ? 0 : 10) + (i % 7) * 0.1);
 * const { labels } = umapKmeans({ data, n: 40, d: 2 }, 2, { seed: 1, epochs: 50 });
 * assert.equal(labels.length, 40);
 * ```
 */
export function umapKmeans(
  cloud: PointCloud,
  k: number,
  options: UmapOptions & { restarts?: number },
): Clustering {
  const seed = options.seed;
  const dim = options.dim ?? 2;
  const embedding = umapEmbedding(cloud, { ...options, dim, seed: deriveSeed(seed, "umap") });
  return kmeansInEmbedding(embedding, cloud.n, dim, k, seed, options.restarts);
}

/** k-means in an n × dim embedding (seed stream "kmeans", best of `restarts`, default 10). */
function kmeansInEmbedding(
  embedding: Float32Array,
  n: number,
  dim: number,
  k: number,
  seed: number,
  restarts = 10,
): Clustering {
  const { labels, centroids } = kmeans(
    { data: embedding, n, d: dim },
    k,
    { seed: deriveSeed(seed, "kmeans"), restarts },
  );
  return { labels, centroids, embedding };
}
