/**
 * `barcodes/cycles.json` (nntopo/cycles@1): representative cycles of the
 * longest H1 bars of every cell (epoch × layer × split) of one network, so a
 * bar can be read as the samples that make it up.
 *
 * @module
 */

import { z } from "zod";
import { byIndex, bySplit, count } from "./common.ts";
import { fastArray, isCount, isCountPair, isInt, isNumber } from "./fast_array.ts";

/** One of the longest H1 bars of a cell, with a representative cycle. */
export const cycleBar = z.strictObject({
  /** Position of the bar in the cell's `diagrams.H1` (barcode_data.json). */
  index: count,
  /** Birth of the bar: the cycle's longest edge. */
  birth: z.number(),
  /** Death of the bar, or null for an essential class. */
  death: z.number().nullable(),
  /** The cycle's edges as [sample, sample] pairs, in order around the loop. */
  edges: fastArray(z.tuple([count, count]), isCountPair),
  /** The cycle's samples, in order around the loop. */
  samples: fastArray(count, isCount),
  /** Their class labels. */
  labels: fastArray(z.number().int(), isInt),
});

/** Representative cycles of the longest H1 bars of one cell. */
export const cellCycles = z.strictObject({
  /** The barcode's points (landmarks) as sample indices of the split (`all`: train rows, then test rows). */
  landmarks: fastArray(count, isCount),
  /** Class label of each landmark. */
  labels: fastArray(z.number().int(), isInt),
  /** 2D PCA projection of the landmarks and the variance along each axis. */
  pca: z.strictObject({
    x: fastArray(z.number(), isNumber),
    y: fastArray(z.number(), isNumber),
    variance: z.tuple([z.number(), z.number()]),
  }),
  /** The longest H1 bars (at most the spec's `topology.cycles`), longest first. */
  bars: z.array(cycleBar),
  /** For image data: each cycle sample's picture, 8-bit grey, row-major, base64, by sample index. */
  images: z.strictObject({
    width: count,
    height: count,
    pixels: z.record(z.string().regex(/^\d+$/), z.string()),
  }).optional(),
});

/** The cycles file's schema, without its `schema` tag. */
export const cyclesBody = z.strictObject({
  experiment: z.string().min(1),
  network: z.string().min(1),
  /** Most bars per cell. */
  top: count,
  epochs: byIndex(z.strictObject({ layers: byIndex(bySplit(cellCycles)) })),
});
