/**
 * nntopo — topological data analysis of neural networks, in TypeScript.
 *
 * The library behind `deno task experiment`. This module exports:
 *
 * - **data**: seeded randomness (`createRandom`, `deriveSeed`), the
 *   concentric- and intersecting-spheres data sets of the concentric-spheres
 *   course report, MNIST and Fashion-MNIST (`loadMnist`,
 *   `loadFashionMnist`), the train/test split, standardisation;
 * - **networks**: the model spec types, a dense layer's weights
 *   (`DenseWeights`) and the forward pass nntopo trains, evaluates and
 *   snapshots with (`forwardPass`). Building and training tfjs models
 *   (`buildModel`, `trainModel`, `activations`, `weights`) is in
 *   `src/nn/mod.ts`, outside the published API because its signatures carry
 *   tfjs's own types;
 * - **geometry**: pairwise distances (`pairwiseDistances`, gpu.js on a real
 *   GPU or many cores; `plainDistances`, synchronous), maxmin landmarks;
 * - **topology**: Vietoris–Rips persistence (`vietorisRips`, the same
 *   intervals as Ripser 1.2.1; with `{ cycles: true }` a representative
 *   cycle per H1 interval, `cycleVertices` its points), its memory estimate, diagram metrics, Betti
 *   numbers and curves, persistent entropy, bottleneck and Wasserstein
 *   distances and matchings, neural persistence;
 * - **Mapper**: Mapper graphs, clusterings (k-means, t-SNE or UMAP then
 *   k-means), cluster composition, neuron attribution and weight pictures —
 *   the library side of the MNIST Mapper talk;
 * - **experiments**: the experiment spec types and `runExperiment`, which
 *   writes a study's artifacts.
 *
 * Every function that draws random numbers takes the option `{ seed }`; a
 * point cloud is `{ data: Float32Array, n, d }` (row-major), the argument
 * `cloud`; `metric` always names a distance.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { vietorisRips } from "./mod.ts";
 * const square = { data: new Float32Array([0, 0, 1, 0, 1, 1, 0, 1]), n: 4, d: 2 };
 * const { diagrams } = vietorisRips(square, { maxDim: 1 });
 * assert.equal(diagrams[0].length, 4); // four points, one essential class
 * assert.equal(diagrams[1].length, 1); // the square's hole
 * ```
 *
 * @module
 */

// data
export type { PointCloud } from "./src/data/point_cloud.ts";
export type { Dataset, SplitDataset } from "./src/data/dataset.ts";
export type { Split } from "./src/artifacts/layout.ts";
export { createRandom, deriveSeed, type Random } from "./src/data/random.ts";
export {
  concentricSpheres,
  intersectingSpheres,
  type IntersectingSpheresOptions,
  type SpheresOptions,
} from "./src/data/spheres.ts";
export { trainTestSplit, type TrainTestSplitOptions } from "./src/data/split.ts";
export { fitStandardizer, standardize, type Standardizer } from "./src/data/standardize.ts";
export { loadFashionMnist, loadMnist } from "./src/data/mnist.ts";

// networks
export type {
  Conv2DLayerSpec,
  DenseLayerSpec,
  FlattenLayerSpec,
  LayerSpec,
  MaxPool2DLayerSpec,
  ModelSpec,
} from "./src/nn/spec.ts";
export type { Activation, DenseKernel, DenseWeights } from "./src/nn/weights.ts";
export { type ForwardOptions, forwardPass, type Outputs } from "./src/nn/forward.ts";

// geometry
export type { DistanceMatrix, Metric } from "./src/geometry/distance_matrix.ts";
export type { DistanceBackend } from "./src/geometry/backend.ts";
export {
  type DistanceRounding,
  type PairwiseDistanceOptions,
  pairwiseDistances,
  type PlainDistanceOptions,
  plainDistances,
} from "./src/geometry/distances.ts";
export { type Landmarks, maxminLandmarks } from "./src/geometry/landmarks.ts";

// topology
export type { Barcode, Cycle, Diagram, DiagramJson, Interval } from "./src/topology/diagram.ts";
export { cycleVertices } from "./src/topology/representative_cycles.ts";
export { diagramsFromJson, diagramsToJson } from "./src/topology/diagram.ts";
export type { DiagramInput, DiagramMatching } from "./src/topology/matching.ts";
export {
  estimateMemory,
  type MemoryEstimateOptions,
  type ParallelRipsOptions,
  vietorisRips,
  type VietorisRipsOptions,
  vietorisRipsParallel,
} from "./src/topology/vietoris_rips.ts";
export {
  DIAGRAM_METRIC_NAMES,
  type DiagramMetricName,
  type DiagramMetrics,
  diagramMetrics,
  type DiagramMetricsOptions,
} from "./src/topology/metrics.ts";
export { bettiCurve, bettiNumber } from "./src/topology/betti.ts";
export type { InfinityOption } from "./src/topology/lifetimes.ts";
export { persistentEntropy } from "./src/topology/entropy.ts";
export { bottleneckDistance, bottleneckMatching } from "./src/topology/bottleneck.ts";
export {
  wassersteinDistance,
  wassersteinMatching,
  type WassersteinOptions,
} from "./src/topology/wasserstein.ts";
export {
  type LayerPersistence,
  type NeuralPersistence,
  neuralPersistence,
  type NeuralPersistenceOptions,
  weightPointClouds,
} from "./src/topology/neural_persistence.ts";

// Mapper
export {
  type AttributionOptions,
  type ClusterComposition,
  clusterComposition,
  type Clusterer,
  type ClusterFunction,
  type Clustering,
  type DbscanOptions,
  graphComponents,
  graphCycleRank,
  type Groups,
  kmeans,
  mapper,
  type MapperGraph,
  type MapperNode,
  type MapperOptions,
  type NamedLens,
  type NeuronAttribution,
  neuronAttribution,
  tsneKmeans,
  type TsneOptions,
  umapKmeans,
  type UmapOptions,
  type WeightPictures,
  weightPictures,
} from "./src/mapper/mod.ts";

// experiments
export type {
  ClusteringMethod,
  DatasetSpec,
  ExperimentSpec,
  FilterSpec,
  MapperSpec,
  NetworkSpec,
  TopologySpec,
} from "./src/experiment/spec.ts";
export {
  type ExperimentResult,
  type NetworkResult,
  type ProgressEvent,
  runExperiment,
  type RunOptions,
} from "./src/experiment/run.ts";

// bring your own network (deno task analyze)
export {
  encodeNpy,
  type NpyArray,
  type NpyData,
  type NpyDtype,
  NpyError,
  type NpyExpectation,
  npyToFloat32,
  npyToInt32,
  readNpy,
  readNpyFile,
} from "./src/data/npy.ts";
export {
  type AnalyzedNetwork,
  analyzeDumps,
  type AnalyzeInput,
  type AnalyzeOptions,
  type AnalyzeResult,
} from "./src/experiment/analyze.ts";
