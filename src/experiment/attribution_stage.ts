/**
 * Neuron attribution of one clustering (the MNIST Mapper talk): for each
 * cluster, the hidden neurons most often among its members' most activated,
 * with controls; which clusters the charts show and the heatmap they draw;
 * and, when the hidden layer reads square images, the weight pictures of
 * the largest cluster. Computes the method's record of attribution.json and
 * the pictures' pixels; writes nothing.
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import { deriveSeed } from "../data/random.ts";
import { type NeuronAttribution, neuronAttribution } from "../mapper/attribution.ts";
import { type ClusterComposition, clusterComposition } from "../mapper/composition.ts";
import { clusterWeightPictures, type WeightPictures } from "../mapper/weight_pictures.ts";
import type { DenseKernel } from "../nn/weights.ts";
import type { Groups } from "../mapper/_groups.ts";
import type { ImageRow } from "../plots/weight_images.ts";
import type { AttributionMethod } from "../artifacts/schema.ts";
import type { ClusteringMethod } from "./spec.ts";

/** Clusters shown in charts when a method has many (the largest). */
export const MAX_SHOWN_CLUSTERS = 40;
/** Neuron columns of a heatmap: those with the highest top-set frequency somewhere. */
export const MAX_HEATMAP_COLUMNS = 60;

/** Display names of the clustering methods. */
export const METHOD_NAMES: Record<"mapper" | ClusteringMethod, string> = {
  mapper: "Mapper",
  kmeans: "k-means",
  umap: "UMAP + k-means",
  tsne: "t-SNE + k-means",
};

/** What {@linkcode attributionMethod} needs. */
export interface AttributionInput {
  /** The clustering method. */
  method: "mapper" | ClusteringMethod;
  /** Its clusters: member lists (Mapper) or one cluster per point. */
  groups: Groups;
  /** Activations of the attributed hidden layer. */
  hidden: PointCloud;
  /** That layer's index (1 = the first dense layer). */
  hiddenLayer: number;
  /** That layer's kernel; without it (imported activations) no weight pictures. */
  kernel: DenseKernel | undefined;
  /** The input layer: the images when the inputs are square. */
  images: PointCloud;
  /** True class of each point. */
  labels: Int32Array;
  /** Predicted class of each point. */
  predictions: Int32Array;
  /** Size of each member's top set. */
  top: number;
  /** The stage's seed. */
  seed: number;
  /** Mapper node ids, by node position (a Mapper cluster's `id`). */
  nodeIds: string[];
}

/** The weight pictures of a method's largest cluster, ready to draw. */
export interface MethodPictures {
  /** Rows of images: the cluster's top neurons, another cluster's, random ones. */
  rows: ImageRow[];
  /** Image side in pixels. */
  side: number;
  /** The member digit shown, and its class. */
  point: number;
  pointClass: number;
}

/** A method's record and, maybe, its pictures. */
export interface MethodResult {
  record: AttributionMethod;
  pictures?: MethodPictures;
}

/**
 * Attribute one clustering.
 *
 * @example
 * ```ts
 * import { attributionMethod } from "./attribution_stage.ts";
 * import assert from "node:assert/strict";
 * const hidden = { data: Float32Array.from([1, 0, 1, 0, 0, 1, 0, 1]), n: 4, d: 2 };
 * const { record } = attributionMethod({
 *   method: "kmeans", groups: Int32Array.from([0, 0, 1, 1]), hidden, hiddenLayer: 2,
 *   kernel: { kernel: new Float32Array(6), shape: [3, 2] },
 *   images: { data: new Float32Array(12), n: 4, d: 3 },
 *   labels: Int32Array.from([0, 0, 1, 1]), predictions: Int32Array.from([0, 0, 1, 0]),
 *   top: 1, seed: 0, nodeIds: [],
 * });
 * assert.deepEqual(record.clusters.map((c) => c.topNeurons[0].neuron), [0, 1]);
 * assert.deepEqual(record.shown, [0, 1]);
 * ```
 */
export function attributionMethod(input: AttributionInput): MethodResult {
  const { method, groups } = input;
  const attribution = neuronAttribution(input.hidden, groups, {
    top: input.top,
    seed: deriveSeed(input.seed, `controls:${method}`),
  });
  const composition = clusterComposition(groups, input.labels, input.predictions);
  const rowName = (c: number) => {
    const id = attribution.clusters[c];
    const base = method === "mapper" ? `n${id}` : `c${id}`;
    return composition[c].majorityLabel >= 0 ? `${base} (${composition[c].majorityLabel})` : base;
  };
  const shown = shownClusters(attribution.sizes, MAX_SHOWN_CLUSTERS);
  // Mapper nodes keep their cover order (ascending lens); k-means clusters,
  // whose numbers mean nothing, are shown by majority class.
  if (method !== "mapper") {
    shown.sort((a, b) => composition[a].majorityLabel - composition[b].majorityLabel || a - b);
  }
  const pictures = methodPictures(input, attribution, rowName);
  const record: AttributionMethod = {
    name: METHOD_NAMES[method],
    clusters: clusterRecords(input, attribution, composition, rowName),
    ...(groups instanceof Int32Array ? { assignment: Array.from(groups) } : {}),
    ...(pictures ? { weightPictures: pictures.record } : {}),
    shown,
    heatmap: heatmapColumns(attribution, shown, MAX_HEATMAP_COLUMNS),
  };
  return { record, pictures: pictures?.draw };
}

function clusterRecords(
  input: AttributionInput,
  attribution: NeuronAttribution,
  composition: ClusterComposition[],
  rowName: (c: number) => string,
): AttributionMethod["clusters"] {
  return attribution.clusters.map((id, c) => ({
    id: input.method === "mapper" ? input.nodeIds[id] : id,
    name: rowName(c),
    size: attribution.sizes[c],
    labelHistogram: composition[c].labelHistogram,
    majorityLabel: composition[c].majorityLabel,
    purity: round(composition[c].purity),
    accuracy: round(composition[c].accuracy ?? 0),
    topNeurons: topNeurons(attribution, c, 10),
    controls: {
      otherCluster: attribution.clusters[attribution.controls[c].otherCluster],
      randomNeurons: Array.from(attribution.controls[c].randomNeurons),
    },
  }));
}

/** The largest cluster's weight pictures, when the hidden layer reads square images. */
function methodPictures(
  input: AttributionInput,
  attribution: NeuronAttribution,
  rowName: (c: number) => string,
): { record: NonNullable<AttributionMethod["weightPictures"]>; draw: MethodPictures } | null {
  const { kernel, images, labels } = input;
  if (kernel === undefined) return null;
  const inputDim = kernel.shape[0];
  const side = Math.round(Math.sqrt(inputDim));
  const drawable = input.hiddenLayer === 1 && side * side === inputDim;
  if (!drawable || attribution.clusters.length === 0) return null;
  const position = argmax(attribution.sizes);
  const members = resolveMembers(input.groups, attribution.clusters[position]);
  const digit = nearestToMean(images, members);
  const digitImage = images.data.slice(digit * images.d, (digit + 1) * images.d);
  const p = clusterWeightPictures(attribution, position, kernel, digitImage);
  const otherPosition = attribution.clusters.indexOf(p.otherCluster);
  const rows: ImageRow[] = [
    pictureRow(`${rowName(position)}: its top ${attribution.top} neurons`, p.cluster, digitImage),
    pictureRow(
      `another cluster, ${rowName(otherPosition)}: its top neurons`,
      p.other,
      digitImage,
    ),
    pictureRow(`${attribution.top} random neurons`, p.random, digitImage),
  ];
  return {
    record: {
      cluster: attribution.clusters[position],
      name: rowName(position),
      point: digit,
      neurons: p.cluster.neurons,
      otherCluster: p.otherCluster,
      otherNeurons: p.other.neurons,
      randomNeurons: p.random.neurons,
    },
    draw: { rows, side, point: digit, pointClass: labels[digit] },
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Positions of the `max` largest clusters (ties to the earlier), in their original order. */
function shownClusters(sizes: number[], max: number): number[] {
  const all = sizes.map((_, c) => c);
  if (all.length <= max) return all;
  const keep = new Set(
    [...all].sort((a, b) => sizes[b] - sizes[a] || a - b).slice(0, max),
  );
  return all.filter((c) => keep.has(c));
}

/** Heatmap columns: neurons in some shown cluster's top set, the most frequent ones, by index. */
function heatmapColumns(attribution: NeuronAttribution, shown: number[], max: number) {
  const h = attribution.neurons;
  const best = new Map<number, number>();
  for (const c of shown) {
    for (const j of attribution.ranking[c].subarray(0, attribution.top)) {
      const f = attribution.frequencies[c * h + j];
      if (f > 0) best.set(j, Math.max(best.get(j) ?? 0, f));
    }
  }
  const columns = [...best.keys()]
    .sort((a, b) => best.get(b)! - best.get(a)! || a - b)
    .slice(0, max)
    .sort((a, b) => a - b);
  const values = shown.flatMap((c) => columns.map((j) => attribution.frequencies[c * h + j]));
  return { columns, values, candidates: best.size };
}

function topNeurons(attribution: NeuronAttribution, c: number, count: number) {
  const h = attribution.neurons;
  return Array.from(attribution.ranking[c].subarray(0, count))
    .filter((j) => attribution.counts[c * h + j] > 0)
    .map((j) => ({
      neuron: j,
      count: attribution.counts[c * h + j],
      frequency: round(attribution.frequencies[c * h + j]),
    }));
}

function resolveMembers(groups: Groups, id: number): number[] {
  if (groups instanceof Int32Array) {
    const members: number[] = [];
    for (let i = 0; i < groups.length; i++) if (groups[i] === id) members.push(i);
    return members;
  }
  return Array.from(groups[id]);
}

/** The member whose input is closest to the members' mean input. */
function nearestToMean(images: PointCloud, members: number[]): number {
  const { data, d } = images;
  const mean = new Float64Array(d);
  for (const i of members) for (let p = 0; p < d; p++) mean[p] += data[i * d + p] / members.length;
  let best = members[0], bestDistance = Infinity;
  for (const i of members) {
    let s = 0;
    for (let p = 0; p < d; p++) s += (data[i * d + p] - mean[p]) ** 2;
    if (s < bestDistance) [best, bestDistance] = [i, s];
  }
  return best;
}

function pictureRow(label: string, p: WeightPictures, digit: Float32Array): ImageRow {
  return {
    label,
    images: [
      ...p.neurons.map((j, k) => ({ label: `neuron ${j}`, data: p.images[k] })),
      { label: "mean", data: p.combined },
      { label: "digit", data: digit },
      { label: "digit × mean", data: p.transformed },
    ],
  };
}
