/**
 * The concentric-spheres course report's study: two concentric 9-spheres in R^10 (r = 3 and 6, noise std 0.75),
 * a network able to separate them (10-8-5-1) against a crippled one of the
 * same depth (2-3-2-1); activations snapshotted untrained, after 10 and after
 * 25 epochs.
 *
 * @module
 */

import type { ExperimentSpec } from "../src/experiment/spec.ts";
import { concentricSpheresPair } from "../src/nn/architectures.ts";

/** The spheres study of the concentric-spheres course report, the default experiment. */
const spec: ExperimentSpec = {
  name: "spheres",
  title: "Concentric spheres: a network that learns vs one that cannot",
  description:
    "Two concentric spheres in R^10 (radii 3 and 6, Gaussian noise of std 0.75, 10,000 points each) " +
    "are classified by a 10-8-5-1 ReLU network able to learn the task and by a 2-3-2-1 ReLU network " +
    "of the same depth that cannot. The persistent homology of every layer's activations, untrained " +
    "and after 10 and 25 epochs, shows how each network transforms the data.",
  dataset: {
    name: "spheres",
    source: { kind: "concentric-spheres", d: 10, n: 10_000, r1: 3, r2: 6 },
  },
  testFraction: 0.33,
  dataAmount: { part: 1, parts: 1 },
  networks: [
    { ...concentricSpheresPair[0], role: "good" },
    { ...concentricSpheresPair[1], role: "bad" },
  ],
  epochs: 25,
  snapshots: [0, 10, 25],
  topology: { maxDim: 1, points: 1000, splits: ["all", "train", "test"], metric: "euclidean" },
  seed: 0,
};

export default spec;
