/**
 * A small, schema-conformant experiment folder for the site tests, so they do
 * not depend on training: two networks ("good" learns, "bad" does not),
 * snapshots at epochs 0 and 2, layers 0..3, splits all/train/test, random
 * diagrams drawn from a seeded stream, metrics computed from those diagrams.
 *
 * @module
 */

import { experimentDir, manifestPath, networkPaths, SPLITS } from "../../src/artifacts/layout.ts";
import { writeArtifactJson } from "../../src/artifacts/json.ts";
import { hashTree } from "../../src/artifacts/hash.ts";
import { createRandom, deriveSeed, type Random } from "../../src/data/random.ts";
import { type DiagramJson, diagramsFromJson, diagramsToJson } from "../../src/topology/diagram.ts";
import { cloudBarcode } from "../../src/experiment/snapshot.ts";
import { labelCellCycles } from "../../src/experiment/cell_cycles.ts";
import { diagramMetrics } from "../../src/topology/metrics.ts";
import { forceLayout } from "../../src/plots/graph_layout.ts";
import type {
  BarcodeDataFile,
  BarcodeEvaluationFile,
  ManifestNetwork,
  MapperNode,
  Tracking,
} from "../../src/artifacts/schema.ts";
import { mapperRecords } from "../../src/experiment/mapper_stage.ts";
import { writeMapperFiles } from "../../src/experiment/mapper_files.ts";

/** Options of {@linkcode writeFixtureExperiment}. */
export interface FixtureOptions {
  /** Experiment name (default `fixture`); may hold characters that need escaping. */
  experiment?: string;
  /** Manifest title (default `Fixture study <experiment>`). */
  title?: string;
  /** Dataset name (default `spheres`). */
  dataset?: string;
  /** Seed of every random draw (default 7). */
  seed?: number;
  /** Write a Mapper graph for `good` at epoch 2, layer 3 (default true). */
  mapper?: boolean;
  /**
   * Run the runner's real Mapper stage (src/experiment/mapper_stage.ts) for
   * the first network at the last epoch on a small synthetic 784-12-3 network:
   * a positioned graph `layer2.json`, `attribution/attribution.json` with
   * Mapper and k-means, and the PNGs (default false: it takes a second or two).
   */
  attribution?: boolean;
  /**
   * Give the first network's last cell (epoch, layer, all) a real barcode of
   * two noisy circles with representative cycles, in barcodes/cycles.json
   * (default false).
   */
  cycles?: boolean;
  /** Write `tracking` into barcode_evaluation.json (default true). */
  tracking?: boolean;
  /** Network names (default `["good", "bad"]`). */
  networks?: string[];
  /** Snapshot epochs (default {@linkcode FIXTURE_EPOCHS}); history runs to the last. */
  epochs?: number[];
  /** Layers (default {@linkcode FIXTURE_LAYERS}). */
  layers?: number[];
  /** Points per barcode (default 24): H0 then has this many bars. */
  points?: number;
}

/** The fixture's snapshot epochs. */
export const FIXTURE_EPOCHS = [0, 2];
/** The fixture's layers (0 = input). */
export const FIXTURE_LAYERS = [0, 1, 2, 3];

/**
 * Write a fixture experiment under `root` and return its folder.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeFixtureExperiment } from "./fixture.ts";
 * const root = await Deno.makeTempDir();
 * const dir = await writeFixtureExperiment(root);
 * assert.ok(dir.endsWith("exp_fixture"));
 * ```
 */
export async function writeFixtureExperiment(
  root: string,
  options: FixtureOptions = {},
): Promise<string> {
  const experiment = options.experiment ?? "fixture";
  const dataset = options.dataset ?? "spheres";
  const seed = options.seed ?? 7;
  const names = options.networks ?? ["good", "bad"];
  const epochs = options.epochs ?? FIXTURE_EPOCHS;
  const layers = options.layers ?? FIXTURE_LAYERS;
  const sampled = options.points ?? 24;
  const expDir = experimentDir({ root, dataset, experiment });
  await Deno.mkdir(expDir, { recursive: true });
  const networks: ManifestNetwork[] = [];
  for (const [index, name] of names.entries()) {
    const quality = index === 0 ? 1 : 0.15;
    const rng = createRandom(deriveSeed(seed, name));
    const paths = networkPaths(expDir, name, 1);
    await Deno.mkdir(paths.barcodesDir, { recursive: true });
    const history = fixtureHistory(rng, quality, epochs.at(-1)!);
    await writeArtifactJson(paths.history, "history", { network: name, epochs: history });
    const data: BarcodeDataFile["epochs"] = {};
    const evaluation: BarcodeEvaluationFile["epochs"] = {};
    const weights: BarcodeDataFile["weights"] = {};
    const np: BarcodeEvaluationFile["neuralPersistence"] = {};
    for (const epoch of epochs) {
      data[epoch] = { layers: {} };
      evaluation[epoch] = { layers: {} };
      weights[epoch] = { layers: {} };
      for (const layer of layers) {
        data[epoch].layers[layer] = {};
        evaluation[epoch].layers[layer] = {};
        for (const split of SPLITS) {
          const points = Math.round(
            sampled * (split === "all" ? 5 / 3 : split === "train" ? 1.25 : 0.4),
          );
          const strength = quality * (epoch === 0 ? 0.2 : 1) * (0.4 + layer / 5);
          let diagrams = fixtureDiagrams(rng, Math.min(points, sampled), strength);
          if (
            options.cycles && index === 0 && epoch === epochs.at(-1) &&
            layer === layers.at(-1) && split === "all"
          ) {
            const cell = fixtureCycles(seed, points);
            diagrams = cell.diagrams;
            await writeArtifactJson(paths.cycles, "cycles", {
              experiment,
              network: name,
              top: 5,
              epochs: { [epoch]: { layers: { [layer]: { all: cell.cycles } } } },
            });
          }
          data[epoch].layers[layer][split] = {
            points,
            sampled: Math.min(points, sampled),
            subsample: points > sampled ? "maxmin" : "all",
            coveringRadius: points > sampled ? 0.1 : 0,
            threshold: 2,
            dim: layer === 0 ? 10 : 8 - layer,
            diagrams,
          };
          evaluation[epoch].layers[layer][split] = Object.fromEntries(
            diagramsFromJson(diagrams).map((d, k) => [`H${k}`, diagramMetrics(d, { infinity: 2 })]),
          );
        }
      }
      const perLayer: number[] = [];
      for (const layer of layers.slice(1)) {
        const value = round(0.2 + quality * epoch * 0.1 + rng.next() * 0.1);
        perLayer.push(value);
        weights[epoch].layers[layer] = {
          neuralPersistence: {
            diagram: [[0, round(rng.next())], [0, round(rng.next())]],
            value,
            normalized: round(value / 2),
          },
        };
      }
      np[epoch] = { mean: round(perLayer.reduce((a, b) => a + b, 0) / perLayer.length), perLayer };
    }
    await writeArtifactJson(paths.barcodeData, "barcode_data", {
      experiment,
      network: name,
      maxDim: 1,
      epochs: data,
      weights,
    });
    await writeArtifactJson(paths.barcodeEvaluation, "barcode_evaluation", {
      experiment,
      network: name,
      epochs: evaluation,
      neuralPersistence: np,
      tracking: options.tracking ?? true ? fixtureTracking(rng, epochs, layers) : undefined,
    });
    if ((options.mapper ?? true) && index === 0) {
      await writeFixtureMapper(paths.dir, rng, epochs.at(-1)!, layers.at(-1)!);
    }
    if (options.attribution && index === 0) {
      await runFixtureMapperStage(paths.dir, name, epochs.at(-1)!, deriveSeed(seed, "mapper"));
    }
    const last = history[history.length - 1];
    networks.push({
      name,
      role: index === 0 ? "learns" : "crippled",
      dir: paths.dir.slice(expDir.length + 1),
      dataAmount: { part: 1, parts: 1 },
      // As the runner writes it: units of each dense layer.
      layers: layers.slice(1).map((j) => (index === 0 ? 12 : 4) - j),
      final: last,
    });
  }
  const files = await hashTree(expDir);
  await writeArtifactJson(manifestPath(expDir), "manifest", {
    experiment,
    title: options.title ?? `Fixture study ${experiment}`,
    description: "Two small networks on nested spheres, written by tests/site/fixture.ts.",
    dataset,
    seed,
    spec: { epochs: epochs.at(-1), snapshots: epochs, points: sampled, maxDim: 1 },
    networks,
    versions: { nntopo: "0.1.0", deno: "2.9.6" },
    timings: { train: 1.5, topology: 0.5 },
    createdAt: "2026-11-21T12:00:00.000Z",
    files,
  });
  return expDir;
}

/**
 * A real cell: two noisy circles in R^3 (class 0 and 1), maxmin landmarks,
 * their barcode with cycles — as the runner computes it.
 */
function fixtureCycles(seed: number, points: number) {
  const random = createRandom(deriveSeed(seed, "cycles"));
  const n = Math.max(points, 40), data = new Float32Array(3 * n), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = 2 * Math.PI * random.next(), c = i % 2;
    data.set([c * 3 + Math.cos(a), Math.sin(a), 0.05 * random.normal()], 3 * i);
    labels[i] = c;
  }
  const cloud = { data, n, d: 3 };
  const { diagrams, cycles } = cloudBarcode(cloud, {
    maxDim: 1,
    points: 30,
    metric: "euclidean",
    seed,
    cycles: 5,
  });
  return { diagrams: diagramsToJson(diagrams), cycles: labelCellCycles(cycles!, { labels }) };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function fixtureHistory(rng: Random, quality: number, last: number) {
  const out = [];
  for (let epoch = 0; epoch <= last; epoch++) {
    const progress = last > 0 ? (2 * epoch) / last : 0;
    const scores = (offset: number) => {
      const loss = round(0.7 - quality * progress * 0.3 + offset + rng.next() * 0.02);
      return {
        loss,
        accuracy: round(0.5 + quality * progress * 0.2 - offset),
        rmse: round(Math.sqrt(loss)),
      };
    };
    out.push({ epoch, train: scores(0), test: scores(0.03) });
  }
  return out;
}

function fixtureDiagrams(rng: Random, n: number, strength: number): Record<string, DiagramJson> {
  const h0: DiagramJson = [];
  for (let i = 0; i < n - 1; i++) h0.push([0, round(0.05 + rng.next() * 0.5)]);
  h0.push([0, null]);
  const h1: DiagramJson = [];
  const count = 2 + rng.int(5);
  for (let i = 0; i < count; i++) {
    const b = round(0.2 + rng.next() * 0.4);
    h1.push([b, round(b + 0.02 + rng.next() * 0.1 + (i === 0 ? strength : 0))]);
  }
  return { H0: h0, H1: h1 };
}

/** The shape src/experiment/tracking.ts writes: betweenEpochs, betweenLayers, complexity. */
function fixtureTracking(rng: Random, epochs: number[], layers: number[]) {
  const distances = () => ({
    bottleneck: round(0.05 + rng.next() * 0.3),
    bottleneckBound: 0,
    wasserstein1: round(0.1 + rng.next() * 0.6),
    wasserstein2: round(0.08 + rng.next() * 0.4),
  });
  const betweenEpochs: Tracking["betweenEpochs"] = [];
  for (const layer of layers) {
    for (const split of SPLITS) {
      for (let i = 1; i < epochs.length; i++) {
        for (const dim of [0, 1]) {
          betweenEpochs.push({
            layer,
            from: epochs[i - 1],
            to: epochs[i],
            split,
            dim,
            ...distances(),
          });
        }
      }
    }
  }
  const betweenLayers: Tracking["betweenLayers"] = [];
  const complexity: Tracking["complexity"] = [];
  for (const epoch of epochs) {
    for (const split of SPLITS) {
      for (const to of layers.slice(1)) {
        for (const dim of [0, 1]) {
          betweenLayers.push({ epoch, from: to - 1, to, split, dim, ...distances() });
        }
      }
      for (const layer of layers) {
        for (const scale of [0.05, 0.1, 0.25]) {
          const betti = [1 + rng.int(10), rng.int(3)];
          complexity.push({
            epoch,
            layer,
            split,
            scale,
            t: round(scale * 2),
            betti,
            total: betti[0] + betti[1],
          });
        }
      }
    }
  }
  return { convention: "fixture", betweenEpochs, betweenLayers, complexity } satisfies Tracking;
}

/** A graph in the runner's shape (nntopo/mapper@1): positioned nodes, links as id pairs. */
async function writeFixtureMapper(
  networkDir: string,
  rng: Random,
  epoch: number,
  layer: number,
): Promise<void> {
  const dir = `${networkDir}/mapper/epoch${epoch}`;
  await Deno.mkdir(dir, { recursive: true });
  const nodes: MapperNode[] = [];
  const count = 18;
  let next = 0;
  for (let i = 0; i < count; i++) {
    const size = 3 + rng.int(12);
    const members = Array.from({ length: size }, () => next++);
    const ones = i < count / 2 ? rng.int(2) : size - rng.int(2);
    nodes.push({
      id: `${i}:${members[0]}`,
      members,
      size,
      meanLens: [round(i / count)],
      labelHistogram: { "0": size - ones, "1": ones },
      purity: round(Math.max(ones, size - ones) / size),
      accuracy: round(0.6 + rng.next() * 0.4),
      interval: [i],
      majorityLabel: ones > size - ones ? 1 : 0,
      x: 0,
      y: 0,
    });
  }
  const edges: Array<[number, number]> = [];
  for (let i = 1; i < count; i++) {
    if (i !== count / 2) edges.push([i - 1, i]);
  }
  edges.push([0, count / 2 - 1], [count / 2, count - 1]);
  const layout = forceLayout(nodes.length, edges, { seed: 1 });
  nodes.forEach((node, i) => [node.x, node.y] = [round(layout.x[i]), round(layout.y[i])]);
  await writeArtifactJson(`${dir}/layer${layer}.json`, "mapper", {
    network: "good",
    epoch,
    split: "test",
    points: next,
    layer,
    transform: "none",
    lens: "pca1",
    lensDim: 1,
    intervals: count,
    overlap: 0.3,
    clusterer: "fixture",
    nodes,
    edges: edges.length,
    components: 2,
    cycles: 2,
    links: edges.map(([a, b]) => [nodes[a].id, nodes[b].id]),
  });
}

/**
 * The real Mapper stage on a planted 784-12-3 network: 60 "digits" of 3
 * classes (class c lights a band of rows of the 28×28 image), hidden neuron j
 * fires for class j mod 3, logits favour the true class (every fifth point is
 * misclassified), kernels drawn from the seeded stream.
 */
async function runFixtureMapperStage(
  networkDir: string,
  network: string,
  epoch: number,
  seed: number,
): Promise<void> {
  const rng = createRandom(seed);
  const n = 60, pixels = 784, hiddenUnits = 12, classes = 3;
  const labels = Int32Array.from({ length: n }, (_, i) => i % classes);
  const input = new Float32Array(n * pixels);
  const hidden = new Float32Array(n * hiddenUnits);
  const output = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    for (let p = 0; p < pixels; p++) {
      const row = Math.floor(p / 28);
      input[i * pixels + p] = row >= 4 + 7 * c && row < 10 + 7 * c ? 0.6 + 0.4 * rng.next() : 0;
    }
    for (let j = 0; j < hiddenUnits; j++) {
      hidden[i * hiddenUnits + j] = (j % classes === c ? 2 + j / 10 : 0) + 0.3 * rng.next();
    }
    const predicted = i % 5 === 4 ? (c + 1) % classes : c;
    for (let k = 0; k < classes; k++) {
      output[i * classes + k] = (k === predicted ? 2 + rng.next() : 0) + 0.2 * rng.normal();
    }
  }
  const kernel = (rows: number, cols: number) => ({
    kernel: Float32Array.from({ length: rows * cols }, () => rng.normal() * 0.1),
    shape: [rows, cols] as [number, number],
  });
  const records = mapperRecords({
    spec: {
      lens: "l2norm",
      transform: "softmax",
      intervals: 5,
      overlap: 0.3,
      methods: ["kmeans"],
      k: 3,
      top: 3,
    },
    network,
    epoch,
    activations: [
      { data: input, n, d: pixels },
      { data: hidden, n, d: hiddenUnits },
      { data: output, n, d: classes },
    ],
    labels,
    kernels: [kernel(pixels, hiddenUnits), kernel(hiddenUnits, classes)],
    seed,
  });
  await writeMapperFiles(`${networkDir}/mapper/epoch${epoch}`, records);
}
