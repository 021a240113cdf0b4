/**
 * Hyperparameter search: a grid or a seeded random draw of configurations,
 * each trained on the training set minus a validation split cut from it (the
 * test set is never touched), scored by its best validation accuracy (ties:
 * lower validation loss, then the earlier candidate), with optional early
 * stopping on the validation loss.
 *
 * @module
 */

import { createRandom, deriveSeed, shuffleInPlace } from "../data/random.ts";
import { trainTestSplit } from "../data/split.ts";
import type { SplitDataset } from "../data/dataset.ts";
import { buildModel } from "../nn/build_model.ts";
import { trainModel } from "../nn/train.ts";
import { evaluateModel, type Metrics } from "../nn/evaluate.ts";
import { prepareData } from "../experiment/prepare_data.ts";
import type { ExperimentSpec, NetworkSpec } from "../experiment/spec.ts";
import { configureNetwork, type HyperparameterConfig, hyperparameterGrid } from "./spec.ts";
import type { SearchSpec } from "./search_spec.ts";

/**
 * The configurations a search tries, in order: the whole grid, or `samples`
 * of it drawn without replacement by the stream `deriveSeed(seed, "search")`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { searchCandidates } from "./search.ts";
 * const space = { learningRate: [0.1, 0.01, 0.001], batchSize: [16, 64] };
 * assert.equal(searchCandidates({ method: "grid", space, epochs: 1 }).length, 6);
 * const a = searchCandidates({ method: "random", space, samples: 3, seed: 5, epochs: 1 });
 * assert.deepEqual(a, searchCandidates({ method: "random", space, samples: 3, seed: 5, epochs: 1 }));
 * assert.equal(a.length, 3);
 * ```
 */
export function searchCandidates(search: SearchSpec): HyperparameterConfig[] {
  const grid = hyperparameterGrid(search.space);
  if (search.method === "grid") return grid;
  const order = shuffleInPlace(
    Int32Array.from(grid, (_, i) => i),
    createRandom(deriveSeed(search.seed ?? 0, "search")),
  );
  return Array.from(order.subarray(0, Math.min(search.samples ?? 1, grid.length)), (i) => grid[i]);
}

/**
 * The experiment's training set (all of it: data amount N of N), split into
 * a training part and a validation part of `fraction` of its rows (stream
 * `deriveSeed(seed, "validation")`); the test set is dropped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { validationSplit } from "./search.ts";
 * import spheres from "../../experiments/spheres.ts";
 * const small = { ...spheres, dataset: { ...spheres.dataset, source: { kind: "concentric-spheres" as const, n: 60 } } };
 * const { train, test } = await validationSplit(small, 0.25);
 * assert.equal(train.n + test.n, 80); // the 120 points less the 40 test points
 * ```
 */
export async function validationSplit(
  spec: ExperimentSpec,
  fraction: number,
): Promise<SplitDataset> {
  const { train } = await prepareData({ ...spec, dataAmount: { part: 1, parts: 1 } });
  return trainTestSplit(train, {
    testFraction: fraction,
    seed: deriveSeed(spec.seed, "validation"),
  });
}

/** How one configuration did on the validation split. */
export interface CandidateResult {
  config: HyperparameterConfig;
  /** The epoch of the best validation accuracy. */
  bestEpoch: number;
  /** The last epoch trained (early stopping may end before `epochs`). */
  stoppedAt: number;
  /** Validation metrics at the best epoch. */
  validation: Metrics;
  /** Validation accuracy after every epoch (index 0 = untrained). */
  accuracy: number[];
}

/** What {@linkcode trainCandidate} needs. */
export interface CandidateOptions {
  epochs: number;
  seed: number;
  earlyStopping?: { patience: number; minDelta?: number };
}

/**
 * Train one configuration of a network epoch by epoch on `data.train`, scoring
 * on `data.test` (the validation part) after each; stop early when the
 * validation loss has not improved by more than `minDelta` for `patience` epochs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { trainCandidate } from "./search.ts";
 * import { concentricSpheres } from "../data/spheres.ts";
 * import { trainTestSplit } from "../data/split.ts";
 * const data = trainTestSplit(concentricSpheres({ d: 3, n: 60, seed: 1 }), { seed: 0 });
 * const net = { name: "t", role: "good", layers: [{ units: 4 }, { units: 1 }] };
 * const r = await trainCandidate(net, data, { learningRate: 0.01 }, { epochs: 3, seed: 0 });
 * assert.equal(r.accuracy.length, 4);
 * assert.equal(r.validation.accuracy, Math.max(...r.accuracy.slice(1)));
 * ```
 */
export async function trainCandidate(
  net: NetworkSpec,
  data: SplitDataset,
  config: HyperparameterConfig,
  options: CandidateOptions,
): Promise<CandidateResult> {
  const spec = configureNetwork(net, config);
  const model = buildModel(spec, data.train.d, { seed: options.seed });
  const accuracy = [evaluateModel(model, data.test).accuracy];
  let best = { epoch: 0, metrics: evaluateModel(model, data.test) };
  let bestLoss = Infinity, sinceGain = 0, stoppedAt = 0;
  const patience = options.earlyStopping?.patience ?? Infinity;
  const minDelta = options.earlyStopping?.minDelta ?? 0;
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    // One epoch at a time: the optimizer lives on the model and batch order
    // depends only on the epoch, so this equals one uninterrupted call.
    const [record] = await trainModel(model, spec, data, {
      epochs: epoch,
      startEpoch: epoch - 1,
      seed: options.seed,
    });
    stoppedAt = epoch;
    accuracy.push(record.test.accuracy);
    if (epoch === 1 || isBetter(record.test, best.metrics)) best = { epoch, metrics: record.test };
    if (record.test.loss < bestLoss - minDelta) {
      bestLoss = record.test.loss;
      sinceGain = 0;
    } else if (++sinceGain >= patience) break;
  }
  return { config, bestEpoch: best.epoch, stoppedAt, validation: best.metrics, accuracy };
}

function isBetter(a: Metrics, b: Metrics): boolean {
  return a.accuracy > b.accuracy || (a.accuracy === b.accuracy && a.loss < b.loss);
}

/** The search of one network: every candidate and the chosen one. */
export interface NetworkSearch {
  chosen: HyperparameterConfig;
  /** Index of the chosen candidate. */
  best: number;
  candidates: CandidateResult[];
}

/** Options of {@linkcode searchExperiment}. */
export interface SearchOptions {
  /** Cap on the epochs a candidate trains (`--epochs`). */
  maxEpochs?: number;
  /** After each candidate. */
  onCandidate?: (network: string, done: number, total: number) => void;
}

/**
 * Search every (selected) network of one experiment.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { searchExperiment } from "./search.ts";
 * import spheres from "../../experiments/spheres.ts";
 * const small = { ...spheres, dataset: { ...spheres.dataset, source: { kind: "concentric-spheres" as const, n: 80 } } };
 * const found = await searchExperiment(small, { method: "grid", space: { learningRate: [0.01, 0.001] }, epochs: 2, networks: [small.networks[0].name] });
 * const net = found[small.networks[0].name];
 * assert.equal(net.candidates.length, 2);
 * assert.deepEqual(net.chosen, net.candidates[net.best].config);
 * ```
 */
export async function searchExperiment(
  spec: ExperimentSpec,
  search: SearchSpec,
  options: SearchOptions = {},
): Promise<Record<string, NetworkSearch>> {
  const data = await validationSplit(spec, search.validationFraction ?? 0.2);
  const candidates = searchCandidates(search);
  const epochs = Math.min(search.epochs, options.maxEpochs ?? Infinity);
  const out: Record<string, NetworkSearch> = {};
  for (const net of spec.networks) {
    if (search.networks && !search.networks.includes(net.name)) continue;
    const seed = deriveSeed(search.seed ?? 0, `search:${spec.name}:${net.name}`);
    const results: CandidateResult[] = [];
    for (const config of candidates) {
      const opts = { epochs, seed, earlyStopping: search.earlyStopping };
      results.push(await trainCandidate(net, data, config, opts));
      options.onCandidate?.(net.name, results.length, candidates.length);
    }
    let best = 0;
    results.forEach((r, i) => {
      if (isBetter(r.validation, results[best].validation)) best = i;
    });
    out[net.name] = { chosen: results[best].config, best, candidates: results };
  }
  return out;
}
