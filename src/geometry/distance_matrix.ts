/**
 * Distance matrices: the input of Vietoris–Rips when no point cloud is given.
 *
 * @module
 */

/**
 * A symmetric distance matrix of n points with zero diagonal.
 *
 * - `"lower"`: the packed strict lower triangle, row by row — entries
 *   (1,0), (2,0), (2,1), (3,0), … — of length n(n−1)/2, as Ripser's
 *   `lower-distance` format and its internal compressed matrix.
 * - `"full"`: all n×n entries, row-major.
 */
export interface DistanceMatrix {
  /** `"lower"`: the packed strict lower triangle; `"full"`: all n×n entries. */
  kind: "lower" | "full";
  /** The distances, laid out as `kind` says. */
  data: Float32Array;
  /** Number of points. */
  n: number;
}

/** The distances nntopo computes between points. */
export type Metric = "euclidean" | "cosine" | "correlation";
