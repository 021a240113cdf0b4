/**
 * `manifest.json` (nntopo/manifest@1): what ran, with what, how long, and
 * the hash of every file of the experiment folder.
 *
 * @module
 */

import { z } from "zod";
import { count, recordedScores } from "./common.ts";

/** One network of an experiment, as the manifest lists it. */
export const manifestNetwork = z.strictObject({
  /** The network's name (its architecture's). */
  name: z.string().min(1),
  /** Its role in the study, e.g. `good` or `bad`. */
  role: z.string(),
  /** Its folder, relative to the experiment folder. */
  dir: z.string().min(1),
  /** The part of the training set it trained on: `part` of `parts` (its folder's `DataAmount<part>`). */
  dataAmount: z.strictObject({ part: z.number().int().min(1), parts: z.number().int().min(1) }),
  /** Each layer: a dense layer's units, or a label such as `conv64x3x3`, `maxpool2`, `flatten`. */
  layers: z.array(z.union([count, z.string().min(1)])),
  /** The scores after the last epoch (an import without a history: the epoch alone). */
  final: z.strictObject({
    epoch: count,
    train: recordedScores.optional(),
    test: recordedScores.optional(),
  }),
});

/** Where an imported experiment's arrays came from (`deno task analyze`). */
export const manifestSource = z.strictObject({
  kind: z.literal("activations"),
  /** The command that imported them. */
  tool: z.string(),
  networks: z.array(z.strictObject({
    name: z.string().min(1),
    /** The dump folder, resolved. */
    dir: z.string(),
    /** `npy`, `safetensors`, both (`npy+safetensors`), or `tfjs-model`. */
    format: z.string(),
    samples: count,
    /** `split.npy` when the dump has one, else `none`. */
    splits: z.string(),
    epochs: z.array(count),
    layers: z.array(count),
    /** SHA-256 of every file read, relative to `dir`. */
    files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 hex digest")),
  })),
});

/** The manifest's schema, without its `schema` tag. */
export const manifestBody = z.strictObject({
  experiment: z.string().min(1),
  title: z.string(),
  description: z.string(),
  dataset: z.string().min(1),
  seed: count,
  /** The experiment spec as run (checked by the runner's validateSpec when it ran). */
  spec: z.record(z.string(), z.unknown()),
  networks: z.array(manifestNetwork),
  /** Versions of the runtime and the libraries. */
  versions: z.record(z.string(), z.string()),
  /** Seconds per stage. */
  timings: z.record(z.string(), z.number().nonnegative()),
  /** When the run finished (ISO 8601). */
  createdAt: z.string(),
  /** SHA-256 (hex) of every file, by path relative to the experiment folder. */
  files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 hex digest")),
  /** Present for an import: the dumps it read. */
  source: manifestSource.optional(),
});
