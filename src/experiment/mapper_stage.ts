/**
 * The Mapper stage of a snapshot (the MNIST Mapper talk): Mapper and
 * k-means-based clusterings of one layer's activations, and neuron
 * attribution on a hidden layer for each clustering. It computes records —
 * the Mapper graph (nntopo/mapper@1, laid out once) and the attribution
 * (nntopo/attribution@1, with the clusters and heatmap the charts show) —
 * and the weight pictures' pixels; it writes nothing
 * ({@linkcode ./mapper_files.ts} turns the result into files).
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import type { DenseKernel } from "../nn/weights.ts";
import { deriveSeed } from "../data/random.ts";
import { computeLens, type NamedLens } from "../mapper/lens.ts";
import { mapper, type MapperGraph } from "../mapper/mapper.ts";
import { graphComponents, graphCycleRank } from "../mapper/graph.ts";
import { mapperGraphToJson } from "../mapper/graph_json.ts";
import { kmeans } from "../mapper/kmeans.ts";
import { tsneKmeans, umapKmeans } from "../mapper/embedded_kmeans.ts";
import type { Groups } from "../mapper/_groups.ts";
import { forceLayout } from "../plots/graph_layout.ts";
import type { ArtifactRecord } from "../artifacts/json.ts";
import type { ClusteringMethod, MapperSpec } from "./spec.ts";
import {
  type AttributionInput,
  attributionMethod,
  type MethodPictures,
  type MethodResult,
} from "./attribution_stage.ts";

/** What the Mapper stage needs from a snapshot. */
export interface MapperStageInput {
  /** The analysis settings. */
  spec: MapperSpec;
  /** Network name, for titles and the JSON. */
  network: string;
  /** Snapshot epoch. */
  epoch: number;
  /** Activations of every layer on the analysed split (0 = input, last = output logits). */
  activations: PointCloud[];
  /** True class of each point. */
  labels: Int32Array;
  /**
   * Kernel of every dense layer, [in, out] row-major, as `weights(model)` gives
   * it; `null` when unknown (activations imported without weights): then no
   * weight pictures are drawn.
   */
  kernels: DenseKernel[] | null;
  /** Seed of every random choice of the stage. */
  seed: number;
  /**
   * Called after each step — the Mapper graph, each clustering, each
   * clustering's attribution — with the steps done, of
   * {@linkcode mapperStageSteps}, and what was just done.
   */
  onStep?: (done: number, total: number, status: string) => void;
}

/** What the stage computes: two records and the pixels of the weight pictures. */
export interface MapperStageResult {
  /** `layer<L>.json`. */
  graph: ArtifactRecord<"mapper">;
  /** `attribution/attribution.json`. */
  attribution: ArtifactRecord<"attribution">;
  /** Weight pictures per method, when the hidden layer's inputs are square images. */
  pictures: Partial<Record<"mapper" | ClusteringMethod, MethodPictures>>;
}

/**
 * How many steps {@linkcode MapperStageInput.onStep} counts for a spec: the
 * graph, then each clustering method and each clustering's attribution
 * (Mapper's nodes included).
 *
 * @example
 * ```ts
 * import { mapperStageSteps } from "./mapper_stage.ts";
 * import assert from "node:assert/strict";
 * assert.equal(mapperStageSteps({ methods: ["kmeans", "umap"] }), 6);
 * ```
 */
export function mapperStageSteps(spec: Pick<MapperSpec, "methods">): number {
  return 2 + 2 * spec.methods.length;
}

/** The layers the stage reads, checked against the activations and kernels. */
function stageLayers(input: MapperStageInput) {
  const { spec, activations, network, epoch } = input;
  const layer = spec.layer ?? activations.length - 1;
  const hiddenLayer = spec.attributionLayer ?? 1;
  const where = `mapper stage (${network}, epoch ${epoch})`;
  if (!(layer >= 0 && layer < activations.length)) {
    throw new RangeError(
      `${where}: "layer" must be in [0, ${activations.length - 1}], found ${layer}`,
    );
  }
  if (!(hiddenLayer >= 1 && hiddenLayer < activations.length)) {
    throw new RangeError(
      `${where}: "attributionLayer" must be in [1, ${
        activations.length - 1
      }], found ${hiddenLayer}`,
    );
  }
  const hidden = activations[hiddenLayer];
  const kernelAt = hiddenLayer - 1;
  const dense = input.kernels?.[kernelAt];
  if (input.kernels !== null && (dense === undefined || dense.shape[1] !== hidden.d)) {
    const found = dense ? `shape [${dense.shape}]` : "none";
    throw new RangeError(
      `${where}: field "kernels[${kernelAt}]": expected the kernel of layer ${hiddenLayer} ` +
        `(${hidden.d} units), found ${found}`,
    );
  }
  const cloud = spec.transform === "softmax" ? softmax(activations[layer]) : activations[layer];
  const kernel = dense;
  return { layer, hiddenLayer, cloud, hidden, kernel };
}

/** The Mapper graph of `cloud`, laid out once, as its record. */
function graphRecord(
  input: MapperStageInput,
  cloud: PointCloud,
  context: ReturnType<typeof stageContext>,
): { graph: MapperGraph; record: ArtifactRecord<"mapper"> } {
  const { spec, labels } = input;
  const correct = Array.from(predict(input.activations.at(-1)!), (p, i) => p === labels[i]);
  const lenses: NamedLens[] = Array.isArray(spec.lens) ? spec.lens : [spec.lens];
  const lens = stackLenses(lenses.map((l) => computeLens(cloud, l)), cloud.n);
  const lensName = lenses.map(lensLabel).join(" × ");
  const graph = mapper(cloud, {
    lens: lens.values,
    lensDim: lens.dim,
    intervals: spec.intervals,
    overlap: spec.overlap,
    labels,
    correct,
  });
  const layout = forceLayout(graph.nodes.length, graph.edges, {
    seed: deriveSeed(input.seed, "layout"),
  });
  const json = mapperGraphToJson(graph, { lens: lensName, layer: context.layer, members: true });
  const nodes = json.nodes.map((node, i) => ({
    ...node,
    majorityLabel: majority(node.labelHistogram),
    x: round(layout.x[i]),
    y: round(layout.y[i]),
  }));
  const record = {
    ...context,
    lens: lensName,
    lensDim: lens.dim,
    intervals: spec.intervals,
    overlap: spec.overlap,
    clusterer: "single linkage, first gap",
    // The count `nodes` gives way to the node list below, keeping its place.
    nodes,
    edges: graph.edges.length,
    components: graphComponents(graph).length,
    cycles: graphCycleRank(graph),
    links: json.links,
  };
  return { graph, record };
}

/** What both records say of where they come from. */
function stageContext(input: MapperStageInput, points: number, layer: number) {
  return {
    network: input.network,
    epoch: input.epoch,
    split: input.spec.split ?? "test",
    points,
    layer,
    transform: input.spec.transform ?? "none",
  } as const;
}

/** Mapper's nodes, then each method's k clusters. */
function clusterings(
  input: MapperStageInput,
  cloud: PointCloud,
  graph: MapperGraph,
  step: (status: string) => void,
): Array<{ method: "mapper" | ClusteringMethod; groups: Groups }> {
  const out: Array<{ method: "mapper" | ClusteringMethod; groups: Groups }> = [
    { method: "mapper", groups: graph.nodes.map((node) => node.members) },
  ];
  for (const method of input.spec.methods) {
    const seed = deriveSeed(input.seed, `cluster:${method}`);
    const k = Math.min(input.spec.k, cloud.n);
    const result = method === "kmeans"
      ? kmeans(cloud, k, { seed, restarts: 4 })
      : method === "umap"
      ? umapKmeans(cloud, k, { seed })
      : tsneKmeans(cloud, k, { seed });
    out.push({ method, groups: result.labels });
    step(method);
  }
  return out;
}

/**
 * Compute the stage: the Mapper graph record, the attribution record and
 * the weight pictures. No file is written.
 *
 * @example
 * ```ts
 * import { mapperRecords } from "./mapper_stage.ts";
 * import assert from "node:assert/strict";
 * const n = 40, rows = Array.from({ length: n }, (_, i) => i % 2);
 * const input = { data: Float32Array.from(rows.flatMap((c) => [c, 1 - c, 0, 0])), n, d: 4 };
 * const hidden = { data: Float32Array.from(rows.flatMap((c, i) => [c * 3 + i * 0.01, 1 - c, 0.5])), n, d: 3 };
 * const output = { data: Float32Array.from(rows.flatMap((c, i) => [c + i * 0.001, 1 - c])), n, d: 2 };
 * const result = mapperRecords({
 *   spec: { lens: { name: "pca" }, intervals: 4, overlap: 0.3, methods: ["kmeans"], k: 2, top: 1 },
 *   network: "toy", epoch: 0, activations: [input, hidden, output],
 *   labels: Int32Array.from(rows),
 *   kernels: [{ kernel: new Float32Array(12), shape: [4, 3] }, { kernel: new Float32Array(6), shape: [3, 2] }],
 *   seed: 1,
 * });
 * assert.equal(result.attribution.methods.kmeans?.clusters.length, 2);
 * assert.equal(result.graph.nodes.length > 0, true);
 * ```
 */
export function mapperRecords(input: MapperStageInput): MapperStageResult {
  const { spec, labels } = input;
  const { layer, hiddenLayer, cloud, hidden, kernel } = stageLayers(input);
  const context = stageContext(input, cloud.n, layer);
  const { graph, record } = graphRecord(input, cloud, context);
  const total = mapperStageSteps(spec);
  let done = 0;
  const step = (status: string) => input.onStep?.(++done, total, status);
  step("graph");
  const shared: Omit<AttributionInput, "method" | "groups"> = {
    hidden,
    hiddenLayer,
    kernel,
    images: input.activations[0],
    labels,
    predictions: predict(input.activations.at(-1)!),
    top: Math.min(spec.top, hidden.d),
    seed: input.seed,
    nodeIds: graph.nodes.map((node) => node.id),
  };
  const methods: ArtifactRecord<"attribution">["methods"] = {};
  const pictures: MapperStageResult["pictures"] = {};
  for (const { method, groups } of clusterings(input, cloud, graph, step)) {
    const result: MethodResult = attributionMethod({ ...shared, method, groups });
    methods[method] = result.record;
    if (result.pictures) pictures[method] = result.pictures;
    step(`${method} attribution`);
  }
  const attribution = {
    ...context,
    attributionLayer: hiddenLayer,
    neurons: hidden.d,
    top: shared.top,
    methods,
  };
  return { graph: record, attribution, pictures };
}

/** Row-wise softmax of a point cloud. */
function softmax(cloud: PointCloud): PointCloud {
  const { data, n, d } = cloud;
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let c = 0; c < d; c++) max = Math.max(max, data[i * d + c]);
    let sum = 0;
    for (let c = 0; c < d; c++) sum += out[i * d + c] = Math.exp(data[i * d + c] - max);
    for (let c = 0; c < d; c++) out[i * d + c] /= sum;
  }
  return { data: out, n, d };
}

/** Class predicted from output activations: argmax, or logit > 0 for one unit. */
function predict(output: PointCloud): Int32Array {
  const { data, n, d } = output;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (d === 1) {
      out[i] = data[i] > 0 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let c = 1; c < d; c++) if (data[i * d + c] > data[i * d + best]) best = c;
    out[i] = best;
  }
  return out;
}

function stackLenses(parts: Array<{ values: Float64Array; dim: number }>, n: number) {
  const dim = parts.reduce((s, p) => s + p.dim, 0);
  const values = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    let at = 0;
    for (const p of parts) {
      for (let c = 0; c < p.dim; c++) values[i * dim + at + c] = p.values[i * p.dim + c];
      at += p.dim;
    }
  }
  return { values, dim };
}

function lensLabel(lens: NamedLens): string {
  if (typeof lens === "string") return lens;
  if (lens.name === "pca") return `pca${lens.component ?? 0}`;
  if (lens.name === "coordinate") return `x${lens.index}`;
  if (lens.name === "knnDistance" || lens.name === "density") return `${lens.name}${lens.k}`;
  return lens.name;
}

/** The most frequent class of a histogram, ties to the smaller; -1 when empty. */
function majority(histogram: Record<string, number> | undefined): number {
  let best = -1, count = 0;
  for (const [k, v] of Object.entries(histogram ?? {})) {
    const label = Number(k);
    if (v > count || (v === count && label < best)) [best, count] = [label, v];
  }
  return best;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
