/**
 * A sweep's own files under `<out>/sweeps/<name>/` (see src/sweep/layout.ts):
 *
 * - `sweep.json` (nntopo/sweep@1): the merged table the sweep page plots —
 *   final scores, H0 and H1 summaries at the first, middle and last layer and
 *   neural persistence, per run and network at the last snapshot;
 * - `runs/<id>.json` (nntopo/sweep_run@1): one run's record (done or failed);
 * - `hyperparameters.json` (nntopo/hyperparameters@1): the search — every
 *   candidate configuration of every network and the chosen one.
 *
 * @module
 */

import { z } from "zod";
import { count, dimensionKey } from "./common.ts";

/** A hyperparameter configuration: a value for some of the hyperparameters. */
export const hyperparameterConfig = z.strictObject({
  learningRate: z.number().optional(),
  batchSize: z.number().optional(),
  l1: z.number().optional(),
  l2: z.number().optional(),
  epochs: z.number().optional(),
});

/** The chosen configurations: experiment → network → configuration. */
export const chosenConfigs = z.record(z.string(), z.record(z.string(), hyperparameterConfig));

/** One network of one run, as sweep.json lists it. */
export const sweepNetworkRow = z.strictObject({
  name: z.string().min(1),
  role: z.string(),
  /** The part of the training set it trained on: `part` of `parts`. */
  dataAmount: z.strictObject({ part: z.number().int().min(1), parts: z.number().int().min(1) }),
  epoch: count,
  train: z.strictObject({ accuracy: z.number(), loss: z.number() }),
  test: z.strictObject({ accuracy: z.number(), loss: z.number() }),
  /** Mean normalised neural persistence over the dense layers at the last snapshot. */
  neuralPersistence: z.number().nullable(),
  /** Which layers are first, middle and last (0 = input). */
  layers: z.strictObject({ first: count, middle: count, last: count }),
  /** The split the summaries were computed on. */
  split: z.string(),
  /** position → `H<d>` → metric → value. */
  topology: z.record(
    z.enum(["first", "middle", "last"]),
    z.partialRecord(dimensionKey, z.record(z.string(), z.number().nullable())),
  ),
});

/** One run, as sweep.json lists it. */
export const sweepRunRow = z.strictObject({
  id: z.string().min(1),
  experiment: z.string().min(1),
  dataset: z.string().min(1),
  seed: count,
  /** Index of the configuration in the grid, and its values. */
  config: z.strictObject({ index: count, values: hyperparameterConfig }),
  /** The run's experiment folder, relative to the artifacts root. */
  dir: z.string(),
  networks: z.array(sweepNetworkRow),
});

/** sweep.json's schema, without its `schema` tag. */
export const sweepBody = z.strictObject({
  sweep: z.string().min(1),
  title: z.string(),
  description: z.string(),
  /** The experiments swept, by name. */
  experiments: z.array(z.string()),
  /** The search's chosen configurations, or null without a search. */
  search: chosenConfigs.nullable(),
  runs: z.array(sweepRunRow),
});

/** runs/<id>.json's schema, without its `schema` tag. */
export const sweepRunBody = z.strictObject({
  run: z.string().min(1),
  status: z.enum(["done", "failed"]),
  /** Wall time of the run in seconds. */
  seconds: z.number().nonnegative(),
  /** SHA-256 of the run's manifest.json (done runs). */
  manifest: z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 hex digest").optional(),
  /** The error (failed runs). */
  error: z.string().optional(),
});

/** Validation loss, accuracy and RMSE. */
const validationScores = z.strictObject({
  loss: z.number(),
  accuracy: z.number(),
  rmse: z.number(),
});

/** How one configuration did on the validation split. */
export const candidateResult = z.strictObject({
  config: hyperparameterConfig,
  /** The epoch of the best validation accuracy. */
  bestEpoch: count,
  /** The last epoch trained (early stopping may end before `epochs`). */
  stoppedAt: count,
  /** Validation scores at the best epoch. */
  validation: validationScores,
  /** Validation accuracy after every epoch (index 0 = untrained). */
  accuracy: z.array(z.number()),
});

/** The search of one network: every candidate and the chosen one. */
export const networkSearch = z.strictObject({
  chosen: hyperparameterConfig,
  /** Index of the chosen candidate. */
  best: count,
  candidates: z.array(candidateResult),
});

/** The search settings, as the sweep spec gives them. */
export const searchSettings = z.strictObject({
  method: z.enum(["grid", "random"]),
  space: z.strictObject({
    learningRate: z.array(z.number()).optional(),
    batchSize: z.array(z.number()).optional(),
    l1: z.array(z.number()).optional(),
    l2: z.array(z.number()).optional(),
  }),
  samples: z.number().int().min(1).optional(),
  seed: z.number().int().optional(),
  validationFraction: z.number().gt(0).lt(1).optional(),
  epochs: z.number().int().min(1),
  earlyStopping: z.strictObject({
    patience: z.number().int().min(1),
    minDelta: z.number().optional(),
  }).optional(),
  networks: z.array(z.string()).optional(),
});

/** hyperparameters.json's schema, without its `schema` tag. */
export const hyperparametersBody = z.strictObject({
  sweep: z.string().min(1),
  search: searchSettings,
  /** The `--epochs` cap of the search, or null. */
  maxEpochs: z.number().int().nullable(),
  /** experiment → network → its search. */
  experiments: z.record(z.string(), z.record(z.string(), networkSearch)),
});
