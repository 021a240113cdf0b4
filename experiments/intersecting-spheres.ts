/**
 * The course plan's study: two slightly intersecting spheres in R^10, a network able to
 * separate them against one of the same depth with a bottleneck layer in the
 * middle, 3.3× narrower than the input (10-3-5-1).
 *
 * @module
 */

import type { ExperimentSpec } from "../src/experiment/spec.ts";
import { intersectingSpheresPair } from "../src/nn/architectures.ts";

/** The course plan: intersecting spheres and a bottlenecked network. */
const spec: ExperimentSpec = {
  name: "intersecting-spheres",
  title: "Intersecting spheres: a full-width network vs a bottlenecked one",
  description: "Two slightly intersecting spheres in R^10 (the course plan) are classified by a " +
    "10-8-5-1 ReLU network and by a 10-3-5-1 network of the same depth whose middle layer is a " +
    "3-unit bottleneck, 3.3 times narrower than the input. Activations are snapshotted untrained, in the " +
    "middle and at the end of training.",
  dataset: {
    name: "intersecting_spheres",
    source: { kind: "intersecting-spheres", d: 10, n: 10_000, r1: 3, r2: 6 },
  },
  testFraction: 0.33,
  dataAmount: { part: 1, parts: 1 },
  networks: [
    { ...intersectingSpheresPair[0], role: "good" },
    { ...intersectingSpheresPair[1], role: "bad" },
  ],
  epochs: 25,
  snapshots: [0, 10, 25],
  topology: { maxDim: 1, points: 1000, splits: ["all", "train", "test"], metric: "euclidean" },
  seed: 0,
};

export default spec;
