/**
 * `model/model.json` (published as nntopo/tfjs_model@1): tfjs's own
 * "layers-model" file — the topology and the manifest of `weights.bin` —
 * as `saveModelFiles` writes it, with nntopo's optional `nntopoOptimizer`
 * entry (the optimizer state in `optimizer.bin`, for resuming). The file
 * keeps tfjs's format, so it carries no `schema` tag; readers know it by name.
 *
 * @module
 */

import { z } from "zod";
import { count } from "./common.ts";

/** One tensor of a weights file: its name, shape and dtype. */
export const weightSpec = z.looseObject({
  name: z.string(),
  shape: z.array(count),
  dtype: z.enum(["float32", "int32", "bool"]),
});

/** The schema of model.json. */
export const tfjsModelFile = z.strictObject({
  format: z.literal("layers-model"),
  generatedBy: z.string(),
  convertedBy: z.null(),
  /** The Keras-style model topology tfjs reads (its own format). */
  modelTopology: z.record(z.string(), z.unknown()),
  /** One group: the weights file and its tensors, in order. */
  weightsManifest: z.array(
    z.strictObject({ paths: z.array(z.string()).length(1), weights: z.array(weightSpec) }),
  ).length(1),
  /** The optimizer state, when the model was saved while training. */
  nntopoOptimizer: z.strictObject({
    className: z.string(),
    config: z.record(z.string(), z.unknown()),
    weightsPath: z.string(),
    weightSpecs: z.array(weightSpec),
  }).optional(),
});
