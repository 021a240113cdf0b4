/**
 * `filters/filter_topology.json` (nntopo/filter_topology@1) and
 * `filters/filter_mapper.json` (nntopo/filter_mapper@1): the first-layer
 * filters of a conv network (pooled with networks of other seeds) at every
 * snapshot epoch, through the density filtration and Vietoris–Rips barcode,
 * and their Mapper graph whose nodes carry their mean filter (the
 * CNN-topology talk).
 *
 * @module
 */

import { z } from "zod";
import { byIndex, count, diagramsJson } from "./common.ts";

/** What both filter files share: network, studied layer, filtration settings. */
const filterContext = {
  experiment: z.string().min(1),
  network: z.string().min(1),
  /** The studied conv layer (1-based). */
  layer: z.number().int().min(1),
  /** Density-filtration neighbour: the k-th nearest. */
  k: z.number().int().min(1),
  /** Share of the densest filters kept. */
  p: z.number().gt(0).max(1),
  /** Networks pooled (this one and the pool's). */
  seeds: z.number().int().min(1),
  /** How each filter was normalised, in words. */
  normalisation: z.string(),
};

/** One snapshot epoch of the filter topology. */
export const filterEpoch = z.strictObject({
  /** Filters pooled. */
  filters: count,
  /** Filters dropped for lack of contrast. */
  flat: count,
  /** Filters kept by the density filtration. */
  kept: count,
  /** Their indices among the pooled filters. */
  keptFilters: z.array(count),
  /** Diagrams of the kept filters (`death` null: essential). */
  diagrams: diagramsJson,
  /** Finite H1 bars. */
  h1Bars: count,
  /** Longest finite H1 lifetime. */
  h1Longest: z.number().nonnegative(),
  /** Second longest. */
  h1Second: z.number().nonnegative(),
  /** Longest over second longest (null when at most one bar). */
  h1Dominance: z.number().nullable(),
});

/** Loss, accuracy and RMSE of a pool network after its last epoch. */
const poolScores = z.strictObject({ loss: z.number(), accuracy: z.number(), rmse: z.number() });

/** filter_topology.json's schema, without its `schema` tag. */
export const filterTopologyBody = z.strictObject({
  ...filterContext,
  /** The pool networks whose filters were pooled: seed and scores after the last epoch. */
  pool: z.array(z.strictObject({ seed: count, train: poolScores, test: poolScores })).optional(),
  /** Per snapshot epoch. */
  epochs: byIndex(filterEpoch),
});

/** One node of a filter Mapper graph. */
export const filterMapperNode = z.strictObject({
  id: z.string().min(1),
  /** Member count. */
  size: count,
  /** Layout position. */
  x: z.number(),
  /** Layout position. */
  y: z.number(),
  /** The members' mean filter, row-major kh × kw. */
  filter: z.array(z.number()),
  /** Member indices among the kept filters. */
  members: z.array(count),
});

/** A filter Mapper graph of one snapshot epoch. */
export const filterMapperGraph = z.strictObject({
  /** Filter height. */
  kh: z.number().int().min(1),
  /** Filter width. */
  kw: z.number().int().min(1),
  nodes: z.array(filterMapperNode),
  /** Edges as `[source id, target id]`. */
  links: z.array(z.tuple([z.string(), z.string()])),
});

/** filter_mapper.json's schema, without its `schema` tag. */
export const filterMapperBody = z.strictObject({
  ...filterContext,
  /** The lens, in words. */
  lens: z.string(),
  intervals: z.number().int().min(1),
  overlap: z.number().min(0).lt(1),
  /** Per snapshot epoch. */
  epochs: byIndex(filterMapperGraph),
});
