/**
 * nntopo — topological data analysis of neural networks, in TypeScript.
 *
 * The library behind the `deno task experiment` pipeline: Vietoris–Rips
 * persistent homology (Ripser-class, exact against Ripser), barcode metrics,
 * diagram distances, neural persistence, distance kernels, landmarks, the
 * datasets and networks of the reference studies, and the chart definitions.
 *
 * @example
 * ```ts
 * import { vietorisRips } from "./mod.ts";
 * const square = { data: new Float32Array([0, 0, 1, 0, 1, 1, 0, 1]), n: 4, d: 2 };
 * const { diagrams } = vietorisRips(square, { maxDim: 1 });
 * console.assert(diagrams[1].length === 1);
 * ```
 *
 * @module
 */

export type { PointCloud } from "./src/data/point_cloud.ts";
export type { Dataset, SplitDataset } from "./src/data/dataset.ts";
export { createRandom, deriveSeed } from "./src/data/random.ts";
export { concentricSpheres, intersectingSpheres } from "./src/data/spheres.ts";
export { trainTestSplit } from "./src/data/split.ts";
export { fitStandardizer, standardize } from "./src/data/standardize.ts";

export type { DistanceMatrix, Metric } from "./src/geometry/distance_matrix.ts";
export { pairwiseDistances } from "./src/geometry/distances.ts";
export { maxminLandmarks } from "./src/geometry/landmarks.ts";

export type { Barcode, Cycle, Diagram, Interval } from "./src/topology/diagram.ts";
export { cycleVertices } from "./src/topology/representative_cycles.ts";
export { diagramsFromJson, diagramsToJson } from "./src/topology/diagram.ts";
export {
  estimateMemory,
  vietorisRips,
  type VietorisRipsOptions,
} from "./src/topology/vietoris_rips.ts";
export { diagramMetrics } from "./src/topology/metrics.ts";
export { bettiCurve, bettiNumber } from "./src/topology/betti.ts";
export { persistentEntropy } from "./src/topology/entropy.ts";
export { bottleneckDistance, bottleneckMatching } from "./src/topology/bottleneck.ts";
export { wassersteinDistance, wassersteinMatching } from "./src/topology/wasserstein.ts";
export { neuralPersistence, weightPointClouds } from "./src/topology/neural_persistence.ts";

export {
  clusterComposition,
  graphComponents,
  graphCycleRank,
  kmeans,
  mapper,
  type MapperGraph,
  type MapperOptions,
  neuronAttribution,
  tsneKmeans,
  umapKmeans,
  weightPictures,
} from "./src/mapper/mod.ts";
export { loadFashionMnist, loadMnist } from "./src/data/mnist.ts";

export type { ExperimentSpec, NetworkSpec } from "./src/experiment/spec.ts";
export { runExperiment } from "./src/experiment/run.ts";
