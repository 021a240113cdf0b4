/**
 * The filter stage of the CNN-topology talk's study: at every snapshot epoch,
 * the first-layer filters of a conv network, pooled with those of networks of
 * the same architecture trained with other seeds, go through the density
 * filtration and Vietoris–Rips barcode of src/topology/filter_topology.ts and
 * a Mapper graph whose nodes are drawn as their mean filter. Written under
 * `filters/` of the network's folder: `filter_topology.json`,
 * `filter_mapper.json`, `epoch<k>_filter_barcode.png` and
 * `epoch<k>_filter_mapper.png`.
 *
 * @module
 */

import type * as tf from "@tensorflow/tfjs";
import type { PointCloud } from "../data/point_cloud.ts";
import type { SplitDataset } from "../data/dataset.ts";
import { deriveSeed } from "../data/random.ts";
import { buildModel } from "../nn/build_model.ts";
import { trainModel } from "../nn/train.ts";
import { evaluateModel, type Metrics } from "../nn/evaluate.ts";
import { modelWeights } from "../nn/weights.ts";
import { type FilterTopology, filterTopology, kernelFilters } from "../topology/filter_topology.ts";
import { diagramsToJson } from "../topology/diagram.ts";
import { computeLens } from "../mapper/lens.ts";
import { mapper } from "../mapper/mapper.ts";
import { forceLayout } from "../plots/graph_layout.ts";
import { barcodeChart } from "../plots/barcode.ts";
import { filterMapperChart } from "../plots/filter_mapper.ts";
import { writeChartPng } from "../artifacts/png.ts";
import { writeArtifactJson } from "../artifacts/json.ts";
import type {
  FilterMapperFile,
  FilterMapperGraph,
  FilterTopologyFile,
} from "../artifacts/schema.ts";
import type { ExperimentSpec, FilterSpec, NetworkSpec } from "./spec.ts";

/**
 * The filters of conv layer `layer` (1-based) of a model, one row of kh·kw
 * values per (output, input) channel pair.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildModel } from "../nn/build_model.ts";
 * import { modelFilters } from "./filter_stage.ts";
 * const model = buildModel({ name: "cnn", inputShape: [5, 5, 1], loss: "softmaxCrossentropy",
 *   layers: [{ kind: "conv2d", filters: 4, kernelSize: 3 }, { kind: "flatten" }, { units: 2 }] }, 25, { seed: 0 });
 * const cloud = modelFilters(model, 1);
 * assert.equal(cloud.n, 4);
 * assert.equal(cloud.d, 9);
 * ```
 */
export function modelFilters(model: tf.LayersModel, layer: number): PointCloud {
  const w = modelWeights(model).find((l) => l.index === layer - 1);
  if (!w || w.shape.length !== 4) {
    throw new RangeError(
      `modelFilters: model "${model.name}": expected a conv layer at layer ${layer}, found ${
        w ? `a kernel of shape ${JSON.stringify(w.shape)}` : "no weights"
      }`,
    );
  }
  return kernelFilters(w.kernel, w.shape);
}

/** Rows of several clouds, in order. */
function concatClouds(clouds: PointCloud[]): PointCloud {
  const d = clouds[0].d, n = clouds.reduce((s, c) => s + c.n, 0);
  const data = new Float32Array(n * d);
  let at = 0;
  for (const c of clouds) {
    data.set(c.data.subarray(0, c.n * d), at);
    at += c.n * d;
  }
  return { data, n, d };
}

/** What the stage needs. */
export interface FilterStageInput {
  /** The experiment. */
  spec: ExperimentSpec & { filters: FilterSpec };
  /** The network. */
  net: NetworkSpec;
  /** Its data (the pool networks train on the same). */
  data: SplitDataset;
  /** The network's seed. */
  seed: number;
  /** The network's own filters at each snapshot epoch. */
  own: Map<number, PointCloud>;
  /** The network's folder. */
  dir: string;
  /** Progress: training epochs of the pool networks done, of total. */
  onProgress?: (done: number, total: number, status: string) => void;
}

/** A pool network's seed and its metrics after the last epoch. */
export interface PoolNetwork {
  /** The seed of its initial weights and batch order (stream `filter-pool/<s>` of the network's). */
  seed: number;
  /** Metrics on the whole training set after the last epoch. */
  train: Metrics;
  /** Metrics on the whole test set after the last epoch. */
  test: Metrics;
}

/**
 * Filters of `poolSeeds` more networks at each snapshot epoch (seed streams
 * `filter-pool/<s>`), and each pool network's metrics after its last epoch:
 * the network's accuracy under other seeds, for free. Progress counts
 * training epochs of the pool networks.
 */
async function poolFilters(
  input: FilterStageInput,
  layer: number,
): Promise<{ byEpoch: Map<number, PointCloud[]>; networks: PoolNetwork[] }> {
  const { spec, net, data } = input;
  const seeds = input.spec.filters.poolSeeds ?? 0;
  const byEpoch = new Map<number, PointCloud[]>(spec.snapshots.map((k) => [k, []]));
  const networks: PoolNetwork[] = [];
  const total = seeds * spec.epochs;
  for (let s = 1; s <= seeds; s++) {
    const status = `pool network ${s}/${seeds}`;
    input.onProgress?.((s - 1) * spec.epochs, total, status);
    const seed = deriveSeed(input.seed, `filter-pool/${s}`);
    const model = buildModel(net, data.train.d, { seed });
    byEpoch.get(0)?.push(modelFilters(model, layer));
    await trainModel(model, net, data, {
      epochs: spec.epochs,
      seed,
      evaluate: false,
      onEpochEnd: (record, m) => {
        byEpoch.get(record.epoch)?.push(modelFilters(m, layer));
        input.onProgress?.((s - 1) * spec.epochs + record.epoch, total, status);
      },
    });
    networks.push({
      seed,
      train: evaluateModel(model, data.train),
      test: evaluateModel(model, data.test),
    });
    model.dispose();
  }
  const accuracies = networks.map((n) => n.test.accuracy.toFixed(3)).join(", ");
  const done = seeds > 0
    ? `pool networks trained, test accuracy ${accuracies}`
    : "no pool networks";
  input.onProgress?.(total, total, done);
  return { byEpoch, networks };
}

/** Mapper of the kept filters: lens the first two principal components. */
function filterMapper(
  result: FilterTopology,
  spec: FilterSpec,
  kh: number,
  kw: number,
): FilterMapperGraph {
  const { points } = result;
  const a = computeLens(points, { name: "pca", component: 0 }).values;
  const b = computeLens(points, { name: "pca", component: 1 }).values;
  const lens = new Float64Array(2 * points.n);
  for (let i = 0; i < points.n; i++) {
    lens[2 * i] = a[i];
    lens[2 * i + 1] = b[i];
  }
  const graph = mapper(points, {
    lens,
    lensDim: 2,
    intervals: spec.intervals ?? 5,
    overlap: spec.overlap ?? 0.3,
  });
  const { x, y } = forceLayout(graph.nodes.length, graph.edges, { seed: 0 });
  const d = points.d;
  return {
    kh,
    kw,
    nodes: graph.nodes.map((node, i) => {
      const filter = new Array(d).fill(0);
      for (const m of node.members) {
        for (let t = 0; t < d; t++) filter[t] += points.data[m * d + t] / node.size;
      }
      return {
        id: node.id,
        size: node.size,
        x: x[i],
        y: y[i],
        filter: filter.map(round),
        members: node.members,
      };
    }),
    links: graph.edges.map(([i, j]): [string, string] => [graph.nodes[i].id, graph.nodes[j].id]),
  };
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** One epoch's record in filter_topology.json. */
function topologyRecord(result: FilterTopology) {
  const h1 = (result.diagrams[1] ?? []).map(([b, d]) => d - b).filter(Number.isFinite);
  h1.sort((p, q) => q - p);
  return {
    filters: result.filters,
    flat: result.flat,
    kept: result.points.n,
    keptFilters: result.kept,
    diagrams: diagramsToJson(result.diagrams),
    h1Bars: h1.length,
    h1Longest: h1[0] ?? 0,
    h1Second: h1[1] ?? 0,
    h1Dominance: Number.isFinite(result.h1Dominance) ? result.h1Dominance : null,
  };
}

/**
 * Run the stage for one network and write its artifacts; returns each
 * snapshot epoch's H1 dominance (longest finite H1 bar over the second, null
 * when there is at most one).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { filterStage } from "./filter_stage.ts";
 * assert.equal(typeof filterStage, "function"); // run end to end in tests/experiment/cnn_experiment_test.ts
 * ```
 */
export async function filterStage(input: FilterStageInput): Promise<Record<string, number | null>> {
  const { spec, net } = input;
  const f = spec.filters, layer = f.layer ?? 1;
  const { byEpoch: pooled, networks: pool } = await poolFilters(input, layer);
  const conv = net.layers[layer - 1];
  const kh = conv.kind === "conv2d" ? conv.kernelSize : 1;
  const epochs: FilterTopologyFile["epochs"] = {};
  const graphs: FilterMapperFile["epochs"] = {};
  const dominance: Record<string, number | null> = {};
  await Deno.mkdir(`${input.dir}/filters`, { recursive: true });
  for (const k of spec.snapshots) {
    const own = input.own.get(k);
    if (!own) {
      throw new Error(`filterStage: network "${net.name}": no filters recorded at epoch ${k}`);
    }
    const cloud = concatClouds([own, ...(pooled.get(k) ?? [])]);
    const result = filterTopology(cloud, { k: f.k, p: f.p, maxDim: 1 });
    const record = topologyRecord(result);
    epochs[k] = record;
    dominance[k] = record.h1Dominance;
    const graph = filterMapper(result, f, kh, kh);
    graphs[k] = graph;
    const title = `${net.name} · epoch ${k} · layer ${layer} filters`;
    const subtitle =
      `${cloud.n} filters from ${
        1 + (f.poolSeeds ?? 0)
      } networks, X(k = ${result.k}, p = ${result.p}): ` +
      `${result.points.n} kept`;
    await writeChartPng(
      `${input.dir}/filters/epoch${k}_filter_barcode.png`,
      barcodeChart(result.diagrams, { title, subtitle }),
    );
    await writeChartPng(
      `${input.dir}/filters/epoch${k}_filter_mapper.png`,
      filterMapperChart(graph, { title, subtitle }),
    );
  }
  const common = {
    experiment: spec.name,
    network: net.name,
    layer,
    k: f.k ?? 15,
    p: f.p ?? 0.3,
    seeds: 1 + (f.poolSeeds ?? 0),
    normalisation: "mean-centred, divided by the Euclidean norm",
  };
  await writeArtifactJson(`${input.dir}/filters/filter_topology.json`, "filter_topology", {
    ...common,
    pool,
    epochs,
  });
  await writeArtifactJson(`${input.dir}/filters/filter_mapper.json`, "filter_mapper", {
    ...common,
    lens: "the first two principal components of the kept filters",
    intervals: f.intervals ?? 5,
    overlap: f.overlap ?? 0.3,
    epochs: graphs,
  });
  return dominance;
}
