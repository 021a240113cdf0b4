/**
 * A sweep small enough for tests: 100 + 100 sphere points, the good network
 * on data amounts 1/2 and 2/2, seeds 0–3 (4 runs, each one `exp_*` folder
 * with a `weights_graphs_*_DataAmount<n>` folder per amount), 2 epochs, a
 * 2-candidate grid search with early stopping.
 *
 * @module
 */

import type { SweepSpec } from "../../src/sweep/spec.ts";
import spheres from "../../experiments/spheres.ts";

const sweep: SweepSpec = {
  name: "tiny",
  title: "A tiny sweep",
  description: "Spheres of 100 points each, two data amounts, four seeds.",
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
  networks: ["good_10-8-5-1"],
  seeds: [0, 1, 2, 3],
  search: {
    method: "grid",
    space: { learningRate: [0.01, 0.001] },
    epochs: 3,
    earlyStopping: { patience: 1 },
  },
};

export default sweep;
