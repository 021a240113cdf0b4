/**
 * The repo-layout source's `DataAmount<n>`: train on n/N of the training set.
 *
 * @module
 */

import { createRandom, deriveSeed, shuffleInPlace } from "./random.ts";
import { assertDataset, type Dataset, selectRows } from "./dataset.ts";

/**
 * The first `ceil(part / parts · train.n)` rows of a training set: data
 * amount `part` of `parts` ("n/N of the data set's parts", 1 ≤ part ≤ parts),
 * so amounts are nested — DataAmount2 of 4 contains DataAmount1 of 4. The
 * training set is normally already shuffled (by {@linkcode trainTestSplit});
 * with the option `seed` the rows are first permuted by the stream
 * `deriveSeed(seed, "data_amount")`. `part === parts` returns all rows. The
 * name gets the suffix `_DataAmount<part>`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { concentricSpheres } from "./spheres.ts";
 * import { dataAmount } from "./data_amount.ts";
 * const half = dataAmount(concentricSpheres({ n: 50 }), 1, 2);
 * assert.equal(half.n, 50);
 * ```
 */
export function dataAmount(
  train: Dataset,
  part: number,
  parts: number,
  options: { seed?: number } = {},
): Dataset {
  const seed = options.seed;
  assertDataset(train, "dataAmount: train");
  if (!Number.isInteger(parts) || parts < 1) {
    throw new RangeError(
      `dataAmount: argument "parts": expected a positive integer, found ${parts}`,
    );
  }
  if (!Number.isInteger(part) || part < 1 || part > parts) {
    throw new RangeError(
      `dataAmount: argument "part": expected an integer in [1, ${parts}], found ${part}`,
    );
  }
  if (seed !== undefined && !Number.isInteger(seed)) {
    throw new RangeError(`dataAmount: option "seed": expected an integer, found ${seed}`);
  }
  const m = Math.ceil((part / parts) * train.n - 1e-9);
  const order = Int32Array.from({ length: train.n }, (_, i) => i);
  if (seed !== undefined) shuffleInPlace(order, createRandom(deriveSeed(seed, "data_amount")));
  return selectRows(train, order.subarray(0, m), `${train.name}_DataAmount${part}`);
}
