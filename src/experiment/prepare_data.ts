/**
 * The data step of an experiment: generate or load, split, take the data
 * amount, standardise on the training part only (spheres always; images when
 * the spec asks — by default their [0, 1] pixels are kept).
 *
 * @module
 */

import { concentricSpheres, intersectingSpheres } from "../data/spheres.ts";
import { trainTestSplit } from "../data/split.ts";
import { dataAmount } from "../data/data_amount.ts";
import { fitStandardizer, standardize } from "../data/standardize.ts";
import { concatRows, type Dataset, selectRows, type SplitDataset } from "../data/dataset.ts";
import { loadFashionMnist, mnistDigits } from "../data/mnist.ts";
import { loadCifar10 } from "../data/cifar10.ts";
import { loadTable } from "../data/table.ts";
import { createRandom, deriveSeed, shuffleInPlace } from "../data/random.ts";
import type { DatasetSpec, ExperimentSpec } from "./spec.ts";

/**
 * The train and test sets of an experiment. Spheres are standardised with
 * statistics of the training part (as the concentric-spheres course report's Keras Normalization layer);
 * MNIST and Fashion-MNIST keep pixels in [0, 1] unless `standardize` is set.
 * Image sets take a seeded subsample of `n` images first when `n` is given.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { prepareData } from "./prepare_data.ts";
 * import spec from "../../experiments/spheres.ts";
 * const small = { ...spec, dataset: { ...spec.dataset, source: { kind: "concentric-spheres" as const, n: 50 } } };
 * const { train, test } = await prepareData(small);
 * assert.equal(train.n + test.n, 100);
 * ```
 */
export async function prepareData(spec: ExperimentSpec): Promise<SplitDataset> {
  const source = spec.dataset.source;
  const seed = deriveSeed(spec.seed, "data");
  let full: Dataset;
  let scale = true;
  if (source.kind === "concentric-spheres") full = concentricSpheres({ ...source, seed });
  else if (source.kind === "intersecting-spheres") full = intersectingSpheres({ ...source, seed });
  else if (source.kind === "table") {
    full = await loadTable(source.path, { labels: source.labels, label: source.label });
    scale = source.standardize ?? true;
  } else {
    full = subsample(await loadImages(source), source.n, deriveSeed(spec.seed, "subset"));
    scale = source.standardize ?? false;
  }
  const split = trainTestSplit(full, {
    testFraction: spec.testFraction,
    seed: deriveSeed(spec.seed, "split"),
  });
  const train = dataAmount(split.train, spec.dataAmount.part, spec.dataAmount.parts);
  if (!scale) return { train, test: split.test };
  const standardizer = fitStandardizer(train);
  return { train: standardize(train, standardizer), test: standardize(split.test, standardizer) };
}

async function loadImages(
  source: Extract<DatasetSpec, { kind: "mnist" | "fashion-mnist" | "cifar10" }>,
): Promise<Dataset> {
  if (source.kind === "mnist") return await mnistDigits();
  if (source.kind === "cifar10") {
    const { train, test } = await loadCifar10(source.dir);
    return concatRows(train, test, "cifar10");
  }
  const { train, test } = await loadFashionMnist(source.dir);
  return concatRows(train, test, "fashion_mnist");
}

/** A seeded subsample of `n` rows (all rows, in order, when n is undefined or ≥ the size). */
function subsample(data: Dataset, n: number | undefined, seed: number): Dataset {
  if (n === undefined || n >= data.n) return data;
  const order = shuffleInPlace(
    Int32Array.from({ length: data.n }, (_, i) => i),
    createRandom(seed),
  );
  return selectRows(data, order.subarray(0, n), data.name);
}
