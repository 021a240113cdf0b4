/**
 * The Mapper stage of a snapshot (the MNIST Mapper talk): Mapper and k-means-based
 * clusterings of one layer's activations, neuron attribution on a hidden
 * layer for each clustering, and the pictures — written under the network's
 * `mapper/epoch<k>/`:
 *
 * ```
 * mapper/epoch<k>/layer<L>.json                    Mapper graph (nntopo/mapper@1), with positions
 * mapper/epoch<k>/layer<L>_graph_<colour>.png      colour = label | lens | accuracy
 * mapper/epoch<k>/attribution/attribution.json     every clustering (nntopo/attribution@1)
 * mapper/epoch<k>/attribution/<method>_heatmap.png cluster × neuron attribution
 * mapper/epoch<k>/attribution/<method>_labels.png  label composition and accuracy
 * mapper/epoch<k>/attribution/<method>_weights.png weight pictures of the largest cluster
 * ```
 *
 * Attribution files sit in a subfolder because the site reads every JSON
 * file of `mapper/epoch<k>/` as a Mapper graph.
 *
 * @module
 */

import type { DenseKernel } from "../nn/weights.ts";
import type { PointCloud } from "../data/point_cloud.ts";
import { deriveSeed } from "../data/random.ts";
import { computeLens, type NamedLens } from "../mapper/lens.ts";
import { mapper } from "../mapper/mapper.ts";
import { graphComponents, graphCycleRank } from "../mapper/graph.ts";
import { mapperGraphToJson } from "../mapper/graph_json.ts";
import { kmeans } from "../mapper/kmeans.ts";
import { tsneKmeans, umapKmeans } from "../mapper/embedded_kmeans.ts";
import { type NeuronAttribution, neuronAttribution } from "../mapper/attribution.ts";
import { clusterComposition } from "../mapper/composition.ts";
import { clusterWeightPictures, type WeightPictures } from "../mapper/weight_pictures.ts";
import type { Groups } from "../mapper/_groups.ts";
import { forceLayout } from "../plots/graph_layout.ts";
import { mapperGraphChart } from "../plots/mapper_graph.ts";
import { heatmapChart } from "../plots/heatmap.ts";
import { labelCompositionChart } from "../plots/label_composition.ts";
import { type ImageRow, weightImagesChart } from "../plots/weight_images.ts";
import { writeChartPng } from "../artifacts/png.ts";
import { writeArtifactJson } from "../artifacts/json.ts";
import type { ClusteringMethod, MapperSpec } from "./spec.ts";

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
  /** Output folder, `<network>/mapper/epoch<k>`. */
  dir: string;
  /**
   * Called after each step — the Mapper graph, each clustering, each
   * clustering's attribution — with the steps done, of
   * {@linkcode mapperStageSteps}, and what was just done.
   */
  onStep?: (done: number, total: number, status: string) => void;
}

/** A short account of what the stage found. */
export interface MapperStageSummary {
  /** Mapper nodes, edges, connected components and independent cycles. */
  graph: { nodes: number; edges: number; components: number; cycles: number };
  /** Clusters per method (`mapper` and the spec's methods). */
  clusters: Record<string, number>;
  /** Files written, relative to `dir`. */
  files: string[];
}

/**
 * How many steps {@linkcode MapperStageInput.onStep} counts for a spec: the
 * graph, then each clustering method and each clustering's attribution
 * (Mapper's nodes included).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mapperStageSteps } from "./mapper_stage.ts";
 * assert.equal(mapperStageSteps({ methods: ["kmeans", "umap"] }), 6);
 * ```
 */
export function mapperStageSteps(spec: Pick<MapperSpec, "methods">): number {
  return 2 + 2 * spec.methods.length;
}

/** Cluster positions shown in charts when a method has many (Mapper nodes by size). */
const MAX_ROWS = 40;
/** Neuron columns of a heatmap: those with the highest top-set frequency somewhere. */
const MAX_COLUMNS = 60;

/**
 * Run the stage and write its files.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mapperStage } from "./mapper_stage.ts";
 * const n = 40, rows = Array.from({ length: n }, (_, i) => i % 2);
 * const input = { data: Float32Array.from(rows.flatMap((c) => [c, 1 - c, 0, 0])), n, d: 4 };
 * const hidden = { data: Float32Array.from(rows.flatMap((c, i) => [c * 3 + i * 0.01, 1 - c, 0.5])), n, d: 3 };
 * const output = { data: Float32Array.from(rows.flatMap((c, i) => [c + i * 0.001, 1 - c])), n, d: 2 };
 * const dir = await Deno.makeTempDir();
 * const summary = await mapperStage({
 *   spec: { lens: { name: "pca" }, intervals: 4, overlap: 0.3, methods: ["kmeans"], k: 2, top: 1 },
 *   network: "toy", epoch: 0, activations: [input, hidden, output],
 *   labels: Int32Array.from(rows),
 *   kernels: [{ kernel: new Float32Array(12), shape: [4, 3] }, { kernel: new Float32Array(6), shape: [3, 2] }],
 *   seed: 1, dir,
 * });
 * assert.equal(summary.clusters.kmeans, 2);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function mapperStage(input: MapperStageInput): Promise<MapperStageSummary> {
  const { spec, activations, labels, dir, network, epoch } = input;
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
  const cloud = spec.transform === "softmax" ? softmax(activations[layer]) : activations[layer];
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
  const kernel = dense;
  const images = activations[0];
  const predictions = predict(activations[activations.length - 1]);
  const correct = Array.from(predictions, (p, i) => p === labels[i]);
  const files: string[] = [];
  await Deno.mkdir(`${dir}/attribution`, { recursive: true });
  const head = `${network} · epoch ${epoch}`;

  // Mapper on the chosen layer, laid out once.
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
  const json = mapperGraphToJson(graph, { lens: lensName, layer, members: true });
  const nodes = json.nodes.map((node, i) => ({
    ...node,
    majorityLabel: majority(node.labelHistogram),
    x: round(layout.x[i]),
    y: round(layout.y[i]),
  }));
  const graphSummary = {
    nodes: graph.nodes.length,
    edges: graph.edges.length,
    components: graphComponents(graph).length,
    cycles: graphCycleRank(graph),
  };
  // What both JSON files describe: the network, snapshot and clustered layer.
  const context = {
    network,
    epoch,
    split: spec.split ?? "test",
    points: cloud.n,
    layer,
    transform: spec.transform ?? "none",
  };
  const graphFile = `layer${layer}.json`;
  await writeArtifactJson(`${dir}/${graphFile}`, "mapper", {
    ...context,
    lens: lensName,
    lensDim: lens.dim,
    intervals: spec.intervals,
    overlap: spec.overlap,
    clusterer: "single linkage, first gap",
    ...graphSummary,
    nodes,
    links: json.links,
  });
  files.push(graphFile);
  const graphTitle = `${head} · Mapper of layer ${layer}` +
    (spec.transform ? ` (${spec.transform})` : "");
  const graphSubtitle = `lens ${lensName}, ${spec.intervals} intervals, overlap ${spec.overlap}; ` +
    `${cloud.n} points; ${graphSummary.components} components, ${graphSummary.cycles} cycles`;
  for (
    const [colour, colorBy] of [
      ["label", "majorityLabel"],
      ["lens", "lens"],
      ["accuracy", "accuracy"],
    ] as const
  ) {
    const file = `layer${layer}_graph_${colour}.png`;
    const chartNodes = colour === "lens"
      ? nodes.map((n) => ({ ...n, lens: n.meanLens[0] }))
      : nodes;
    await writeChartPng(
      `${dir}/${file}`,
      mapperGraphChart({ nodes: chartNodes, links: json.links }, {
        colorBy,
        title: graphTitle,
        subtitle: graphSubtitle,
      }),
    );
    files.push(file);
  }

  const total = mapperStageSteps(spec);
  let done = 0;
  const step = (status: string) => input.onStep?.(++done, total, status);
  step("graph");

  // Clusterings: Mapper's nodes and each method's k clusters.
  const clusterings: Array<{ method: "mapper" | ClusteringMethod; groups: Groups }> = [
    { method: "mapper", groups: graph.nodes.map((node) => node.members) },
  ];
  for (const method of spec.methods) {
    const seed = deriveSeed(input.seed, `cluster:${method}`);
    const k = Math.min(spec.k, cloud.n);
    const result = method === "kmeans"
      ? kmeans(cloud, k, { seed, restarts: 4 })
      : method === "umap"
      ? umapKmeans(cloud, k, { seed })
      : tsneKmeans(cloud, k, { seed });
    clusterings.push({ method, groups: result.labels });
    step(method);
  }

  const side = kernel ? Math.round(Math.sqrt(kernel.shape[0])) : 0;
  const drawable = kernel !== undefined && hiddenLayer === 1 && side * side === kernel.shape[0];
  const methods: Record<string, unknown> = {};
  const clusterCounts: Record<string, number> = {};
  for (const { method, groups } of clusterings) {
    const attribution = neuronAttribution(hidden, groups, {
      top: Math.min(spec.top, hidden.d),
      seed: deriveSeed(input.seed, `controls:${method}`),
    });
    const composition = clusterComposition(groups, labels, predictions);
    const rowName = (c: number) => {
      const id = attribution.clusters[c];
      const base = method === "mapper" ? `n${id}` : `c${id}`;
      return composition[c].majorityLabel >= 0 ? `${base} (${composition[c].majorityLabel})` : base;
    };
    clusterCounts[method] = attribution.clusters.length;
    // Mapper nodes keep their cover order (ascending lens); k-means clusters,
    // whose numbers mean nothing, are shown by majority class.
    const shown = shownClusters(attribution.sizes, MAX_ROWS);
    if (method !== "mapper") {
      shown.sort((a, b) => composition[a].majorityLabel - composition[b].majorityLabel || a - b);
    }
    const methodName = METHOD_NAMES[method];
    const clusterWord = method === "mapper" ? "Mapper nodes" : "clusters";
    const rowsNote = (shown.length < attribution.clusters.length
      ? `the ${shown.length} largest of ${attribution.clusters.length} ${clusterWord}`
      : `${attribution.clusters.length} ${clusterWord}`) +
      ` of layer ${layer}` +
      (method === "mapper" ? ", in lens order" : ", by majority class");

    const heat = heatmapColumns(attribution, shown, MAX_COLUMNS);
    const heatFile = `attribution/${method}_heatmap.png`;
    await writeChartPng(
      `${dir}/${heatFile}`,
      heatmapChart({
        rows: shown.map(rowName),
        columns: heat.columns.map((j) =>
          String(j)
        ),
        values: heat.values,
      }, {
        title: `${head} · ${methodName}: hidden neurons per cluster`,
        subtitle: `share of a cluster's members having the neuron among their ${attribution.top} ` +
          `most activated (layer ${hiddenLayer}, ${hidden.d} neurons); rows: ${rowsNote}, ` +
          `named "cluster (majority class)"; columns: ${heat.columns.length} of the ` +
          `${heat.candidates} neurons in some row's top ${attribution.top}`,
        xLabel: `layer ${hiddenLayer} neuron`,
        valueLabel: "share",
        domain: [0, 1],
      }),
    );
    files.push(heatFile);

    const labelsFile = `attribution/${method}_labels.png`;
    await writeChartPng(
      `${dir}/${labelsFile}`,
      labelCompositionChart(
        shown.map((c) => ({
          cluster: rowName(c),
          labelHistogram: composition[c].labelHistogram,
          accuracy: composition[c].accuracy,
        })),
        {
          title: `${head} · ${methodName}: label composition and accuracy`,
          subtitle: rowsNote,
        },
      ),
    );
    files.push(labelsFile);

    let pictures: Record<string, unknown> | undefined;
    if (drawable && attribution.clusters.length > 0) {
      const position = argmax(attribution.sizes);
      const { members } = resolveMembers(groups, attribution.clusters[position]);
      const digit = nearestToMean(images, members);
      const digitImage = images.data.slice(digit * images.d, (digit + 1) * images.d);
      const p = clusterWeightPictures(attribution, position, kernel, digitImage);
      const otherPosition = attribution.clusters.indexOf(p.otherCluster);
      const rows: ImageRow[] = [
        pictureRow(
          `${rowName(position)}: its top ${attribution.top} neurons`,
          p.cluster,
          digitImage,
        ),
        pictureRow(
          `another cluster, ${rowName(otherPosition)}: its top neurons`,
          p.other,
          digitImage,
        ),
        pictureRow(`${attribution.top} random neurons`, p.random, digitImage),
      ];
      const weightsFile = `attribution/${method}_weights.png`;
      await writeChartPng(
        `${dir}/${weightsFile}`,
        weightImagesChart(rows, {
          side,
          title: `${head} · ${methodName}: the largest cluster's top neurons`,
          subtitle: `incoming weights of layer-${hiddenLayer} neurons as ${side}×${side} images, ` +
            `their mean, a member digit (test point ${digit}, closest to the cluster's mean image, ` +
            `class ${labels[digit]}) and the digit × mean; controls: another cluster's ` +
            `top neurons and random neurons`,
        }),
      );
      files.push(weightsFile);
      pictures = {
        cluster: attribution.clusters[position],
        point: digit,
        neurons: p.cluster.neurons,
        otherCluster: p.otherCluster,
        otherNeurons: p.other.neurons,
        randomNeurons: p.random.neurons,
      };
    }

    methods[method] = {
      name: methodName,
      clusters: attribution.clusters.map((id, c) => ({
        id: method === "mapper" ? graph.nodes[id].id : id,
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
      })),
      ...(groups instanceof Int32Array ? { assignment: Array.from(groups) } : {}),
      ...(pictures ? { weightPictures: pictures } : {}),
    };
    step(`${method} attribution`);
  }
  await writeArtifactJson(`${dir}/attribution/attribution.json`, "attribution", {
    ...context,
    attributionLayer: hiddenLayer,
    neurons: hidden.d,
    top: Math.min(spec.top, hidden.d),
    methods,
  });
  files.push("attribution/attribution.json");
  return { graph: graphSummary, clusters: clusterCounts, files };
}

const METHOD_NAMES: Record<string, string> = {
  mapper: "Mapper",
  kmeans: "k-means",
  umap: "UMAP + k-means",
  tsne: "t-SNE + k-means",
};

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

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Positions of the `max` largest clusters, in their original order. */
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
  const values = new Float64Array(shown.length * columns.length);
  shown.forEach((c, r) =>
    columns.forEach((j, k) => values[r * columns.length + k] = attribution.frequencies[c * h + j])
  );
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

function resolveMembers(groups: Groups, id: number): { members: number[] } {
  if (groups instanceof Int32Array) {
    const members: number[] = [];
    for (let i = 0; i < groups.length; i++) if (groups[i] === id) members.push(i);
    return { members };
  }
  return { members: Array.from(groups[id]) };
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
