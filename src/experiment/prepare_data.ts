/**
 * The data step of an experiment: generate, split, take the data amount,
 * standardise on the training part only.
 *
 * @module
 */

import { concentricSpheres, intersectingSpheres } from "../data/spheres.ts";
import { trainTestSplit } from "../data/split.ts";
import { dataAmount } from "../data/data_amount.ts";
import { fitStandardizer, standardize } from "../data/standardize.ts";
import type { SplitDataset } from "../data/dataset.ts";
import { deriveSeed } from "../data/random.ts";
import type { ExperimentSpec } from "./spec.ts";

/**
 * The standardised train and test sets of an experiment (standardisation
 * fitted on the training part, as seed 004's Keras Normalization layer).
 *
 * @example
 * ```ts
 * import { prepareData } from "./prepare_data.ts";
 * import spec from "../../experiments/spheres.ts";
 * const small = { ...spec, dataset: { ...spec.dataset, source: { kind: "concentric-spheres" as const, n: 50 } } };
 * const { train, test } = prepareData(small);
 * console.assert(train.n + test.n === 100);
 * ```
 */
export function prepareData(spec: ExperimentSpec): SplitDataset {
  const source = spec.dataset.source;
  const seed = deriveSeed(spec.seed, "data");
  const full = source.kind === "concentric-spheres"
    ? concentricSpheres({ ...source, seed })
    : intersectingSpheres({ ...source, seed });
  const split = trainTestSplit(full, {
    testFraction: spec.testFraction,
    seed: deriveSeed(spec.seed, "split"),
  });
  const train = dataAmount(split.train, spec.dataAmount.part, spec.dataAmount.parts);
  const standardizer = fitStandardizer(train);
  return { train: standardize(train, standardizer), test: standardize(split.test, standardizer) };
}
