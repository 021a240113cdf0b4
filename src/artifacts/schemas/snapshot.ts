/**
 * `.resume/epoch<k>.json` (nntopo/snapshot@1): the committed topology of one
 * snapshot epoch of an unfinished run, kept so that `--resume` need not
 * recompute it. Gone once the network's artifacts are written.
 *
 * @module
 */

import { z } from "zod";
import { cellCycles } from "./cycles.ts";
import {
  barcodeMetrics,
  byIndex,
  bySplit,
  count,
  networkNeuralPersistence,
  snapshotBarcode,
  weightTopology,
} from "./common.ts";

/** The snapshot record's schema, without its `schema` tag. */
export const snapshotBody = z.strictObject({
  epoch: count,
  /** Barcodes: layer → split. */
  layers: byIndex(bySplit(snapshotBarcode)),
  /** Metrics: layer → split → dimension. */
  metrics: byIndex(bySplit(barcodeMetrics)),
  /** Weight topology per dense layer. */
  weights: byIndex(weightTopology),
  /** Network-level neural persistence; absent when no dense kernel is known (an import). */
  neuralPersistence: networkNeuralPersistence.optional(),
  /** Cycles of the longest H1 bars: layer → split. */
  cycles: byIndex(bySplit(cellCycles)).optional(),
  /** The studied conv layer's filters (row-major filters × kh·kw), when the spec has `filters`. */
  filters: z.array(z.number()).optional(),
});
