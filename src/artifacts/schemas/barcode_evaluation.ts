/**
 * `barcodes/barcode_evaluation.json` (nntopo/barcode_evaluation@1): every
 * metric of every diagram of one network, keyed like barcode_data; how the
 * topology moves (tracking); network-level neural persistence.
 *
 * @module
 */

import { z } from "zod";
import {
  barcodeMetrics,
  byIndex,
  bySplit,
  count,
  networkNeuralPersistence,
  split,
} from "./common.ts";

/** The distances of one pair of diagrams, per homology dimension. */
const distanceRow = {
  /** Where the pair starts (an epoch or a layer, as the family says). */
  from: count,
  /** Where it ends. */
  to: count,
  split,
  /** Homology dimension. */
  dim: count,
  bottleneck: z.number().nonnegative(),
  /** The full diagrams' bottleneck distance lies within this of `bottleneck`. */
  bottleneckBound: z.number().nonnegative(),
  wasserstein1: z.number().nonnegative(),
  wasserstein2: z.number().nonnegative(),
};

/** Between consecutive snapshots of one layer: `from`/`to` are epochs. */
export const betweenEpochsRow = z.strictObject({ layer: count, ...distanceRow });

/** Between consecutive layers of one snapshot: `from`/`to` are layers. */
export const betweenLayersRow = z.strictObject({ epoch: count, ...distanceRow });

/** β-complexity: the sum of Betti numbers at `t = scale × threshold`. */
export const complexityRow = z.strictObject({
  epoch: count,
  layer: count,
  split,
  scale: z.number().positive(),
  t: z.number().nonnegative(),
  betti: z.array(count),
  total: count,
});

/**
 * The tracking series. Each distance family names what varies along it:
 * `betweenEpochs` rows fix a `layer` and step over epochs, `betweenLayers`
 * rows fix an `epoch` and step over layers.
 */
export const tracking = z.strictObject({
  /** How the distances were computed, in words. */
  convention: z.string(),
  betweenEpochs: z.array(betweenEpochsRow),
  betweenLayers: z.array(betweenLayersRow),
  complexity: z.array(complexityRow),
});

/** The barcode evaluation's schema, without its `schema` tag. */
export const barcodeEvaluationBody = z.strictObject({
  experiment: z.string().min(1),
  network: z.string().min(1),
  /** Metrics: epoch → layer → split → dimension. */
  epochs: byIndex(z.strictObject({ layers: byIndex(bySplit(barcodeMetrics)) })),
  /** How topology moves: between consecutive snapshots and consecutive layers. */
  tracking: tracking.optional(),
  /** Network-level neural persistence per epoch. */
  neuralPersistence: byIndex(networkNeuralPersistence),
});
