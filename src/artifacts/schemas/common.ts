/**
 * The pieces several artifact schemas share: keys, diagrams, barcodes,
 * metrics and scores. Each is a zod schema; its TypeScript type is
 * `z.infer` of it, so the check and the type cannot drift apart.
 *
 * @module
 */

import { z } from "zod";
import { DIAGRAM_METRIC_NAMES, type DiagramMetricName } from "../../topology/metrics.ts";
import { SPLITS } from "../layout.ts";
import { fastArray, isBar } from "./fast_array.ts";

/** A decimal key: an epoch or a layer number as JSON object keys spell it. */
export const indexKey = z.string().regex(/^(0|[1-9]\d*)$/, 'a decimal index such as "0"');

/** A homology dimension key, `H0`, `H1`, … */
export const dimensionKey = z.string().regex(/^H(0|[1-9]\d*)$/, 'a dimension key such as "H1"');

/** A split: `all` (train+test), `train` or `test`. */
export const split = z.enum(SPLITS);

/** A count: a non-negative integer. */
export const count = z.number().int().nonnegative();

/** One bar `[birth, death]`, `death = null` for an essential class. */
export const bar = z.tuple([z.number(), z.number().nullable()]);

/** A diagram of one dimension: its bars. */
export const diagramJson = fastArray(bar, isBar);

/** Diagrams by dimension: `{ "H0": [[b, d], …], "H1": … }`. */
export const diagramsJson = z.record(dimensionKey, diagramJson);

/** Persistent homology of one activation set (one epoch × layer × split). */
export const snapshotBarcode = z.strictObject({
  /** Points in the split. */
  points: count,
  /** Points the barcode was computed on (≤ `--points`). */
  sampled: count,
  /** `all` when every point was used, `maxmin` for a landmark subsample. */
  subsample: z.enum(["all", "maxmin"]),
  /** Largest distance from a point of the split to its nearest landmark (0 for `all`). */
  coveringRadius: z.number().nonnegative(),
  /** Filtration threshold: the enclosing radius of the sample. */
  threshold: z.number(),
  /** Dimension of the activation vectors. */
  dim: count,
  /** Diagrams H0..H<maxDim>. */
  diagrams: diagramsJson,
});

/** Topology read from one dense layer's weights. */
export const weightTopology = z.strictObject({
  /** Neural persistence H0 diagram of the layer's bipartite weight graph. */
  neuralPersistence: z.strictObject({
    diagram: diagramJson,
    value: z.number(),
    normalized: z.number(),
  }).optional(),
  /** VR barcode of the neurons' incoming weight vectors as points. */
  neurons: snapshotBarcode.optional(),
});

const metricShape = Object.fromEntries(
  DIAGRAM_METRIC_NAMES.map((name) => [name, z.number()]),
) as Record<DiagramMetricName, z.ZodNumber>;

/**
 * Numeric summaries of one diagram (src/topology/metrics.ts names them);
 * `bettiCurve` holds β at 16 evenly spaced scales from 0 to `truncatedAt`,
 * both included.
 */
export const diagramMetrics = z.strictObject({
  ...metricShape,
  bettiCurve: z.array(count).optional(),
});

/** The metrics of every dimension of one barcode. */
export const barcodeMetrics = z.record(dimensionKey, diagramMetrics);

/** Network-level neural persistence of one snapshot. */
export const networkNeuralPersistence = z.strictObject({
  /** Mean of the normalised per-layer values. */
  mean: z.number(),
  /** Normalised neural persistence of dense layer i + 1 at index i. */
  perLayer: z.array(z.number()),
});

/** Loss, accuracy and RMSE of one data set at one epoch. */
export const scores = z.strictObject({
  loss: z.number(),
  accuracy: z.number(),
  rmse: z.number(),
});

/** The scores of one epoch (0 = untrained) on the train and the test set. */
export const epochScores = z.strictObject({
  epoch: count,
  train: scores,
  test: scores,
});

/** Scores as a history records them: `null` where an imported dump did not record one. */
export const recordedScores = z.strictObject({
  loss: z.number().nullable(),
  accuracy: z.number().nullable(),
  rmse: z.number().nullable(),
});

/** One row of a history: an epoch's recorded scores on the train and the test set. */
export const recordedEpochScores = z.strictObject({
  epoch: count,
  train: recordedScores,
  test: recordedScores,
});

/** A record keyed by split; not every split need be there. */
export function bySplit<T extends z.ZodType>(value: T) {
  return z.partialRecord(split, value);
}

/** A record keyed by decimal index (epoch or layer). */
export function byIndex<T extends z.ZodType>(value: T) {
  return z.record(indexKey, value);
}
