import { concentricSpheres } from "../../src/data/spheres.ts";
import { trainTestSplit } from "../../src/data/split.ts";
import { fitStandardizer, standardize } from "../../src/data/standardize.ts";
import type { SplitDataset } from "../../src/data/dataset.ts";
import type { ModelSpec } from "../../src/nn/spec.ts";

/** Small standardised concentric spheres (2n points in R^d). */
export function smallSpheres(n = 300, seed = 0, d = 10): SplitDataset {
  const split = trainTestSplit(concentricSpheres({ n, d, seed }), { seed });
  const s = fitStandardizer(split.train);
  return { train: standardize(split.train, s), test: standardize(split.test, s) };
}

export const good: ModelSpec = {
  name: "good_10-8-5-1",
  layers: [{ units: 10 }, { units: 8 }, { units: 5 }, { units: 1 }],
};
