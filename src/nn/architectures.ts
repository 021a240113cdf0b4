/**
 * The network pairs of the seed studies, as model specs.
 *
 * @module
 */

import type { ModelSpec } from "./spec.ts";

/**
 * The concentric-spheres course report's pair for the concentric spheres (d = 10): the good network
 * 10-8-5-1 and the crippled 2-3-2-1, ReLU hidden layers, one linear output
 * logit, Adam (lr 0.001), binary cross-entropy from logits, batch 32.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { concentricSpheresPair } from "./architectures.ts";
 * assert.equal(concentricSpheresPair[1].name, "bad_2-3-2-1");
 * ```
 */
export const concentricSpheresPair: readonly [ModelSpec, ModelSpec] = [
  {
    name: "good_10-8-5-1",
    layers: [{ units: 10 }, { units: 8 }, { units: 5 }, { units: 1 }],
  },
  {
    name: "bad_2-3-2-1",
    layers: [{ units: 2 }, { units: 3 }, { units: 2 }, { units: 1 }],
  },
];

/**
 * The course plan's pair for the intersecting spheres (d = 10): the same good
 * network, and a bad one of the same depth whose middle layer is a 3-unit
 * bottleneck, 3.3 times narrower than the input (10-3-5-1).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { intersectingSpheresPair } from "./architectures.ts";
 * import { layerLabel } from "./spec.ts";
 * assert.equal(layerLabel(intersectingSpheresPair[1].layers[1]), 3);
 * ```
 */
export const intersectingSpheresPair: readonly [ModelSpec, ModelSpec] = [
  concentricSpheresPair[0],
  {
    name: "bad_10-3-5-1",
    layers: [{ units: 10 }, { units: 3 }, { units: 5 }, { units: 1 }],
  },
];
