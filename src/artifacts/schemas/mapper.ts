/**
 * `mapper/epoch<k>/layer<L>.json` (nntopo/mapper@1): the Mapper graph of one
 * layer's activations at one snapshot, laid out once (node positions `x`,
 * `y` in [0, 1]) so that the PNGs and the site draw the same picture.
 *
 * @module
 */

import { z } from "zod";
import { count } from "./common.ts";

/** Where a Mapper or attribution file comes from: network, snapshot, layer. */
export const mapperContext = {
  network: z.string().min(1),
  epoch: count,
  /** The split whose activations were analysed. */
  split: z.enum(["train", "test"]),
  /** Points analysed. */
  points: count,
  /** The layer clustered (0 = input). */
  layer: count,
  /** Applied to the layer's activations first. */
  transform: z.enum(["none", "softmax"]),
};

/** Members per true class, by class number. */
export const labelHistogram = z.record(z.string().regex(/^-?\d+$/), count);

/** One node of a Mapper graph. */
export const mapperNode = z.strictObject({
  id: z.string().min(1),
  /** Member count. */
  size: count,
  /** The cover interval(s) of the node, per lens dimension. */
  interval: z.array(z.number()),
  /** Mean lens value per lens dimension. */
  meanLens: z.array(z.number()),
  labelHistogram: labelHistogram.optional(),
  /** Share of the majority class. */
  purity: z.number().min(0).max(1).optional(),
  /** The network's accuracy on the members. */
  accuracy: z.number().min(0).max(1).optional(),
  /** Member point indices. */
  members: z.array(count).optional(),
  /** Most frequent class, ties to the smaller; -1 when unlabelled. */
  majorityLabel: z.number().int().min(-1),
  /** Layout position in [0, 1]. */
  x: z.number(),
  /** Layout position in [0, 1]. */
  y: z.number(),
});

/** The Mapper graph's schema, without its `schema` tag. */
export const mapperBody = z.strictObject({
  ...mapperContext,
  /** The lens, e.g. `pca0 × pca1`. */
  lens: z.string(),
  lensDim: count,
  intervals: count,
  overlap: z.number(),
  /** How each preimage was clustered, in words. */
  clusterer: z.string(),
  nodes: z.array(mapperNode),
  edges: count,
  /** Connected components of the graph. */
  components: count,
  /** Independent cycles of the graph (its first Betti number). */
  cycles: count,
  /** Edges as `[source id, target id]`. */
  links: z.array(z.tuple([z.string(), z.string()])),
});
