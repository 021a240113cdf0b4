/**
 * Shuffled train/test split (like scikit-learn's `train_test_split`).
 *
 * @module
 */

import { createRandom, deriveSeed, shuffleInPlace } from "./random.ts";
import { assertDataset, type Dataset, selectRows, type SplitDataset } from "./dataset.ts";

/** Options of {@linkcode trainTestSplit}. */
export interface TrainTestSplitOptions {
  /** Share of the rows that go to the test set, in (0, 1) (default 0.33, as in the concentric-spheres course report). */
  testFraction?: number;
  /** Seed of the permutation (stream `"split"` derived from it). */
  seed: number;
}

/**
 * Split a data set into shuffled train and test parts: the rows are permuted
 * with the stream `deriveSeed(seed, "split")`, the first
 * `ceil(testFraction · n)` of them form the test set (scikit-learn's rounding:
 * 20,000 rows at 0.33 give 6,600 test and 13,400 train rows), the rest the
 * training set. Both parts keep the permuted order; their names get the
 * suffixes `_train` and `_test`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { concentricSpheres } from "./spheres.ts";
 * import { trainTestSplit } from "./split.ts";
 * const { train, test } = trainTestSplit(concentricSpheres({ n: 50 }), { seed: 0 });
 * assert.equal(train.n, 67);
 * assert.equal(test.n, 33);
 * ```
 */
export function trainTestSplit(data: Dataset, opts: TrainTestSplitOptions): SplitDataset {
  assertDataset(data, "trainTestSplit: data");
  const testFraction = opts.testFraction ?? 0.33;
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new RangeError(
      `trainTestSplit: option "testFraction": expected a number in (0, 1), found ${testFraction}`,
    );
  }
  if (!Number.isInteger(opts.seed)) {
    throw new RangeError(`trainTestSplit: option "seed": expected an integer, found ${opts.seed}`);
  }
  const nTest = Math.ceil(testFraction * data.n - 1e-9);
  if (nTest < 1 || nTest >= data.n) {
    throw new RangeError(
      `trainTestSplit: expected both parts non-empty, found ${nTest} test rows of ${data.n}`,
    );
  }
  const order = shuffleInPlace(
    Int32Array.from({ length: data.n }, (_, i) => i),
    createRandom(deriveSeed(opts.seed, "split")),
  );
  return {
    train: selectRows(data, order.subarray(nTest), `${data.name}_train`),
    test: selectRows(data, order.subarray(0, nTest), `${data.name}_test`),
  };
}
