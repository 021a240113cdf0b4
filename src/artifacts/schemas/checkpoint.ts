/**
 * The resume state of an unfinished run (see src/experiment/checkpoint.ts):
 *
 * - `<network>/.resume/checkpoint.json` (nntopo/checkpoint@1): the spec's
 *   hash, the epoch and folder of the latest saved model with its files'
 *   sha256, the history so far, and for every committed snapshot the sha256
 *   of each file it wrote;
 * - `.resume/network-<name>.json` (nntopo/finished_network@1): a finished
 *   network's files and their sha256.
 *
 * Both are gone once the run completes.
 *
 * @module
 */

import { z } from "zod";
import { byIndex, count, epochScores } from "./common.ts";

/** A sha256 in hex. */
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 hex digest");

/** Files (paths relative to a folder) and the sha256 of each, as committed. */
export const fileLedger = z.record(z.string(), sha256);

/** checkpoint.json's schema, without its `schema` tag. */
export const checkpointBody = z.strictObject({
  /** sha256 of the experiment spec's JSON: a checkpoint of another spec is not used. */
  spec: sha256,
  /** The epoch of the saved model. */
  epoch: count,
  /** Its folder under `.resume/`, `checkpoint-epoch<epoch>`. */
  model: z.string().regex(/^checkpoint-epoch\d+$/, 'a folder "checkpoint-epoch<epoch>"'),
  /** The history up to `epoch`. */
  history: z.array(epochScores),
  /** The model files and their sha256, relative to the network's folder. */
  modelFiles: fileLedger,
  /** Committed snapshots: epoch → the files each wrote and their sha256. */
  snapshots: byIndex(fileLedger),
});

/** network-<name>.json's schema, without its `schema` tag. */
export const finishedNetworkBody = z.strictObject({
  /** sha256 of the experiment spec's JSON. */
  spec: sha256,
  /** Every file of the network's folder (the resume state aside) and its sha256. */
  files: fileLedger,
});
