/**
 * Networks: model specs, seeded tfjs dense models, the training loop,
 * metrics, activation probes and weights.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildModel, concentricSpheresPair } from "./mod.ts";
 * const [good] = concentricSpheresPair;
 * assert.equal(buildModel(good, 10, { seed: 0 }).layers.length, 4);
 * ```
 *
 * @module
 */

export * from "./spec.ts";
export * from "./backend.ts";
export * from "./build_model.ts";
export * from "./forward.ts";
export * from "./evaluate.ts";
export * from "./train.ts";
export * from "./activations.ts";
export * from "./weights.ts";
export * from "./architectures.ts";
export * from "./initializers.ts";
export * from "./conv_engine.ts";
export * from "./conv_model.ts";
export * from "./conv_trainer.ts";
export * from "./conv_train.ts";
