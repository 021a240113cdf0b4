/**
 * `barcodes/barcode_data.json` (nntopo/barcode_data@1): every diagram of one
 * network, keyed epoch → layer → split, and the topology of its weights.
 * Layer 0 is the normalised input, 1..L the dense layers.
 *
 * @module
 */

import { z } from "zod";
import { byIndex, bySplit, count, snapshotBarcode, weightTopology } from "./common.ts";

/** The barcode data's schema, without its `schema` tag. */
export const barcodeDataBody = z.strictObject({
  experiment: z.string().min(1),
  network: z.string().min(1),
  /** Highest homology dimension computed. */
  maxDim: count,
  /** Barcodes: epoch → layer → split. */
  epochs: byIndex(z.strictObject({ layers: byIndex(bySplit(snapshotBarcode)) })),
  /** Weight topology: epoch → dense layer. */
  weights: byIndex(z.strictObject({ layers: byIndex(weightTopology) })),
});
