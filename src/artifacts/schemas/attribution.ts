/**
 * `mapper/epoch<k>/attribution/attribution.json` (nntopo/attribution@1):
 * every clustering of one layer at one snapshot (Mapper's nodes and each
 * k-means based method), with the hidden neurons most often among each
 * cluster's members' most activated, and controls.
 *
 * @module
 */

import { z } from "zod";
import { count } from "./common.ts";
import { labelHistogram, mapperContext } from "./mapper.ts";

/** One cluster of a clustering. */
export const attributionCluster = z.strictObject({
  /** A Mapper node id, or a k-means cluster number. */
  id: z.union([z.string(), count]),
  /** Display name, `cluster (majority class)`, e.g. `c3 (7)`. */
  name: z.string(),
  /** Member count. */
  size: count,
  labelHistogram,
  /** The most frequent class (-1 when empty). */
  majorityLabel: z.number().int().min(-1),
  /** Share of the majority class. */
  purity: z.number().min(0).max(1),
  /** The network's accuracy on the members. */
  accuracy: z.number().min(0).max(1),
  /** The most frequent neurons among the members' top sets, most frequent first. */
  topNeurons: z.array(z.strictObject({
    neuron: count,
    count,
    frequency: z.number().min(0).max(1),
  })),
  /** Controls: another cluster (its position) and random neurons. */
  controls: z.strictObject({ otherCluster: count, randomNeurons: z.array(count) }),
});

/** Which cluster, point and neurons the weight-picture PNG shows. */
export const weightPictures = z.strictObject({
  /** The pictured cluster: its id (a position among the method's clusters). */
  cluster: count,
  /** Its display name. */
  name: z.string(),
  point: count,
  neurons: z.array(count),
  otherCluster: count,
  otherNeurons: z.array(count),
  randomNeurons: z.array(count),
});

/** One clustering method's results. */
export const attributionMethod = z.strictObject({
  /** Display name, e.g. `UMAP + k-means`. */
  name: z.string(),
  clusters: z.array(attributionCluster),
  /** Cluster of each point, for a partition (k-means based methods). */
  assignment: z.array(z.number().int()).optional(),
  weightPictures: weightPictures.optional(),
  /**
   * The clusters the charts show, as positions in `clusters`, in display
   * order: the largest ones when there are many, Mapper nodes in lens order,
   * k-means clusters by majority class.
   */
  shown: z.array(count),
  /**
   * The cluster × neuron heatmap of the shown clusters: the neurons of some
   * shown cluster's top set with the highest frequency anywhere (by index),
   * and each shown cluster's frequency of each, row-major.
   */
  heatmap: z.strictObject({
    columns: z.array(count),
    values: z.array(z.number().min(0).max(1)),
    /** Neurons in some shown cluster's top set, before the column cut. */
    candidates: count,
  }),
});

/** The attribution's schema, without its `schema` tag. */
export const attributionBody = z.strictObject({
  ...mapperContext,
  /** Hidden layer whose neurons are attributed. */
  attributionLayer: count,
  /** Neurons in that layer. */
  neurons: count,
  /** Size of each member's top set. */
  top: count,
  /** Clusterings by method key: `mapper`, `kmeans`, `umap`, `tsne`. */
  methods: z.partialRecord(z.enum(["mapper", "kmeans", "umap", "tsne"]), attributionMethod),
});
