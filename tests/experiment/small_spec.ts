/**
 * A small version of the concentric-spheres study for tests: few points, few epochs.
 *
 * @module
 */

import spheres from "../../experiments/spheres.ts";
import type { ExperimentSpec } from "../../src/experiment/spec.ts";

/** The spheres study shrunk to run in seconds. */
export function smallSpec(overrides: Partial<ExperimentSpec> = {}): ExperimentSpec {
  return {
    ...structuredClone(spheres),
    name: "spheres-small",
    dataset: {
      name: "spheres",
      source: { kind: "concentric-spheres", d: 10, n: 600, r1: 3, r2: 6 },
    },
    // A larger step than Adam's default so four epochs on 800 points learn the task.
    networks: spheres.networks.map((net) => ({ ...net, learningRate: 0.02 })),
    epochs: 4,
    snapshots: [0, 4],
    topology: { maxDim: 1, points: 60, splits: ["all", "train", "test"], metric: "euclidean" },
    ...overrides,
  };
}
