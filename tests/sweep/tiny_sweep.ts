/**
 * A sweep small enough for tests: 100 + 100 sphere points, data amounts 1/2
 * and 2/2, seeds 0 and 1 (4 runs of 2 networks), 2 epochs, a 2-candidate
 * grid search with early stopping.
 *
 * @module
 */

import type { SweepSpec } from "../../src/sweep/spec.ts";
import spheres from "../../experiments/spheres.ts";

const sweep: SweepSpec = {
  name: "tiny",
  title: "A tiny sweep",
  description: "Spheres of 100 points each, two data amounts, two seeds.",
  experiments: [{
    ...spheres,
    dataset: {
      name: "spheres",
      source: { kind: "concentric-spheres", d: 10, n: 100, r1: 3, r2: 6 },
    },
    epochs: 2,
    snapshots: [0, 2],
    topology: { ...spheres.topology, points: 30 },
  }],
  dataAmount: { parts: 2 },
  seeds: [0, 1],
  search: {
    method: "grid",
    space: { learningRate: [0.01, 0.001] },
    epochs: 3,
    earlyStopping: { patience: 1 },
  },
};

export default sweep;
