/**
 * The default spheres study over seeds 0–9: one run cannot speak for a
 * network — the crippled 2-3-2-1 network ends at ≈0.50 under some seeds and
 * ≈0.64 under others.
 *
 * @module
 */

import type { SweepSpec } from "../src/sweep/spec.ts";
import spheres from "./spheres.ts";

/** The spheres-seeds sweep. */
const sweep: SweepSpec = {
  name: "spheres-seeds",
  title: "Concentric spheres over seeds 0–9: the spread of one study",
  description:
    "The default study (10-8-5-1 vs the crippled 2-3-2-1 on two concentric spheres in R^10) run " +
    "with seeds 0 to 9; each seed draws its own data, split, initial weights and batch order.",
  experiments: [spheres],
  seeds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
};

export default sweep;
