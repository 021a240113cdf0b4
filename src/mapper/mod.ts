/**
 * Mapper graphs, clusterings of activations and neuron attribution: the
 * library side of the MNIST hidden-layer study (the MNIST Mapper talk).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { graphCycleRank, mapper } from "./mod.ts";
 * const t = Array.from({ length: 200 }, (_, i) => (2 * Math.PI * i) / 200);
 * const data = Float32Array.from(t.flatMap((a) => [Math.cos(a), Math.sin(a)]));
 * const graph = mapper({ data, n: 200, d: 2 }, { lens: { name: "coordinate", index: 0 } });
 * assert.equal(graphCycleRank(graph), 1);
 * ```
 *
 * @module
 */

export { mapper, type MapperGraph, type MapperNode, type MapperOptions } from "./mapper.ts";
export { graphComponents, graphCycleRank } from "./graph.ts";
export { type MapperGraphJson, mapperGraphToJson } from "./graph_json.ts";
export { computeLens, type LensValues, type NamedLens } from "./lens.ts";
export { type CoverCube, type CoverOptions, uniformCover } from "./cover.ts";
export { type Clusterer, type ClusterFunction, clusterSubset } from "./cluster.ts";
export { type SingleLinkage, singleLinkage } from "./single_linkage.ts";
export { firstGapLabels } from "./first_gap.ts";
export { dbscan, type DbscanOptions } from "./dbscan.ts";
export { nerveEdges } from "./nerve.ts";
export { nodeStatistics, type NodeStats, type NodeStatsInput } from "./node_stats.ts";
export { type Clustering, kmeans, kmeansPlusPlus } from "./kmeans.ts";
export { tsneKmeans, umapKmeans } from "./embedded_kmeans.ts";
export { tsne, type TsneOptions } from "./tsne.ts";
export { umapEmbedding, type UmapOptions } from "./umap.ts";
export {
  type AttributionOptions,
  type NeuronAttribution,
  neuronAttribution,
} from "./attribution.ts";
export { type ClusterComposition, clusterComposition } from "./composition.ts";
export { clusterWeightPictures, type WeightPictures, weightPictures } from "./weight_pictures.ts";
export type { Groups } from "./_groups.ts";
