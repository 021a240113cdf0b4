/**
 * CIFAR-10's binary format (the "CIFAR-10 binary version" the user downloads):
 * files `data_batch_1.bin` … `data_batch_5.bin` and `test_batch.bin`, each a
 * run of 3,073-byte records — one label byte (0–9), then 3,072 pixel bytes:
 * the 1,024 red values of the 32×32 image row by row, then the green, then the
 * blue. Nothing is downloaded; the user supplies the files.
 *
 * @module
 */

import { assertDataset, concatRows, type Dataset, type SplitDataset } from "./dataset.ts";

/** Bytes of one record: a label and 3 × 32 × 32 pixels. */
export const CIFAR10_RECORD = 1 + 3 * 32 * 32;

/** The class names, by label. */
export const CIFAR10_CLASSES: readonly string[] = Object.freeze([
  "airplane",
  "automobile",
  "bird",
  "cat",
  "deer",
  "dog",
  "frog",
  "horse",
  "ship",
  "truck",
]);

/**
 * Decode one batch file's bytes into a data set: 3,072 features per image in
 * the file's order (red plane, green plane, blue plane), scaled to [0, 1].
 * `file` names the source in errors.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CIFAR10_RECORD, readCifar10Batch } from "./cifar10.ts";
 * const bytes = new Uint8Array(2 * CIFAR10_RECORD);
 * bytes[0] = 3; bytes[1] = 255; bytes[CIFAR10_RECORD] = 9;
 * const data = readCifar10Batch(bytes, "b.bin");
 * assert.deepEqual([data.n, data.d, data.y[0], data.y[1], data.x[0]], [2, 3072, 3, 9, 1]);
 * ```
 */
export function readCifar10Batch(bytes: Uint8Array, file = "<bytes>"): Dataset {
  if (bytes.length === 0 || bytes.length % CIFAR10_RECORD !== 0) {
    throw new Error(
      `CIFAR-10 file ${file}: expected a whole number of ${CIFAR10_RECORD}-byte records (label + 3×32×32 pixels), found ${bytes.length} bytes`,
    );
  }
  const n = bytes.length / CIFAR10_RECORD, d = CIFAR10_RECORD - 1;
  const x = new Float32Array(n * d), y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const at = i * CIFAR10_RECORD;
    if (bytes[at] > 9) {
      throw new Error(
        `CIFAR-10 file ${file}: record ${i} (byte ${at}): expected a label 0–9, found ${bytes[at]}`,
      );
    }
    y[i] = bytes[at];
    for (let k = 0; k < d; k++) x[i * d + k] = bytes[at + 1 + k] / 255;
  }
  const data: Dataset = { name: "cifar10", x, y, n, d, classes: 10 };
  assertDataset(data, file);
  return data;
}

/** Read one batch file. */
export async function readCifar10File(path: string): Promise<Dataset> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    throw new Error(
      `CIFAR-10 file ${path}: could not read it (${
        (error as Error).message
      }); download the binary version from https://www.cs.toronto.edu/~kriz/cifar.html and pass its folder`,
    );
  }
  return readCifar10Batch(bytes, path);
}

/**
 * The training batches present in `dir` (data_batch_1..5.bin, at least one)
 * and test_batch.bin, as train and test sets.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CIFAR10_RECORD, loadCifar10 } from "./cifar10.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeFile(`${dir}/data_batch_1.bin`, new Uint8Array(3 * CIFAR10_RECORD));
 * await Deno.writeFile(`${dir}/test_batch.bin`, new Uint8Array(CIFAR10_RECORD));
 * const { train, test } = await loadCifar10(dir);
 * assert.deepEqual([train.n, test.n], [3, 1]);
 * ```
 */
export async function loadCifar10(dir: string): Promise<SplitDataset> {
  const batches: Dataset[] = [];
  for (let b = 1; b <= 5; b++) {
    const path = `${dir}/data_batch_${b}.bin`;
    try {
      await Deno.stat(path);
    } catch {
      continue;
    }
    batches.push(await readCifar10File(path));
  }
  if (batches.length === 0) {
    throw new Error(
      `CIFAR-10 folder ${dir}: expected data_batch_1.bin … data_batch_5.bin, found none`,
    );
  }
  const train = batches.reduce((a, b) => concatRows(a, b, "cifar10_train"));
  const test = await readCifar10File(`${dir}/test_batch.bin`);
  return { train: { ...train, name: "cifar10_train" }, test: { ...test, name: "cifar10_test" } };
}
