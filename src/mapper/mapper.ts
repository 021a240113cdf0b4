/**
 * The Mapper graph (Singh, Mémoli & Carlsson 2007): cover the lens image with
 * overlapping cubes, cluster each cube's points, and join clusters that share
 * points.
 *
 * @module
 */

import { assertPointCloud, type PointCloud } from "../data/point_cloud.ts";
import { type Clusterer, clusterSubset } from "./cluster.ts";
import { uniformCover } from "./cover.ts";
import { computeLens, type NamedLens } from "./lens.ts";
import { nerveEdges } from "./nerve.ts";
import { nodeStatistics } from "./node_stats.ts";

/** Mapper parameters. */
export interface MapperOptions {
  /** Lens values (n × lensDim row-major) or a named lens. */
  lens: Float64Array | NamedLens;
  /** Lens dimensions when `lens` is an array. Default 1. */
  lensDim?: number;
  /** Cover intervals per lens dimension. Default 10. */
  intervals?: number | number[];
  /** Overlap fraction of neighbouring intervals, in [0, 1). Default 0.3. */
  overlap?: number;
  /** Clusterer. Default single linkage cut at the first gap (relative gap 0.3). */
  clusterer?: Clusterer;
  /** Shared points needed for an edge. Default 1. */
  minIntersection?: number;
  /** True class of each point, for label histograms and purity. */
  labels?: Int32Array;
  /** Whether the network's prediction is right, per point, for node accuracy. */
  correct?: ArrayLike<boolean>;
}

/** One Mapper node: a cluster within one cube of the cover. */
export interface MapperNode {
  /** Stable id: `<cube index joined by ".">:<smallest member>`, e.g. `"3:17"`. */
  id: string;
  /** Point indices, ascending. */
  members: number[];
  /** Number of members. */
  size: number;
  /** Mean lens value over the members, per lens dimension. */
  meanLens: number[];
  /** Members per class, when labels were given. */
  labelHistogram?: Record<string, number>;
  /** Share of the most frequent class, when labels were given. */
  purity?: number;
  /** Share of correctly classified members, when `correct` was given. */
  accuracy?: number;
  /** The cube's interval index in each lens dimension. */
  interval: number[];
}

/** A Mapper graph: nodes sorted by cube index then smallest member; edges [i, j], i < j. */
export interface MapperGraph {
  /** Nodes. */
  nodes: MapperNode[];
  /** Edges between node positions in `nodes`. */
  edges: Array<[number, number]>;
}

/**
 * Build the Mapper graph of a point cloud. Points labelled −1 by the clusterer
 * (noise) belong to no node. Deterministic for given inputs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mapper } from "./mapper.ts";
 * const data = new Float32Array([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
 * const lens = { name: "coordinate" as const, index: 0 };
 * const graph = mapper({ data, n: 6, d: 1 }, { lens, intervals: 2, overlap: 0.5 });
 * assert.equal(graph.nodes.length, 2);
 * assert.equal(graph.edges.length, 1);
 * ```
 */
export function mapper(cloud: PointCloud, options: MapperOptions): MapperGraph {
  assertPointCloud(cloud, "mapper: cloud");
  if (cloud.n === 0) return { nodes: [], edges: [] };
  const { values: lens, dim: lensDim } = options.lens instanceof Float64Array
    ? { values: options.lens, dim: options.lensDim ?? 1 }
    : computeLens(cloud, options.lens);
  if (lens.length !== cloud.n * lensDim) {
    throw new RangeError(
      `mapper: "lens" must hold n × lensDim = ${cloud.n} × ${lensDim} = ${
        cloud.n * lensDim
      } values, found ${lens.length}`,
    );
  }
  for (
    const [field, array] of [["labels", options.labels], ["correct", options.correct]] as const
  ) {
    if (array && array.length !== cloud.n) {
      throw new RangeError(
        `mapper: "${field}" must have one entry per point (${cloud.n}), found ${array.length}`,
      );
    }
  }
  const cubes = uniformCover(lens, lensDim, {
    intervals: options.intervals,
    overlap: options.overlap,
  });
  const nodes: MapperNode[] = [];
  for (const cube of cubes) {
    const labels = clusterSubset(cloud, cube.members, options.clusterer);
    const groups = new Map<number, number[]>();
    for (let k = 0; k < labels.length; k++) {
      if (labels[k] < 0) continue;
      const group = groups.get(labels[k]);
      if (group) group.push(cube.members[k]);
      else groups.set(labels[k], [cube.members[k]]);
    }
    const clusters = [...groups.values()].sort((a, b) => a[0] - b[0]);
    for (const members of clusters) {
      const stats = nodeStatistics(members, {
        lens,
        lensDim,
        labels: options.labels,
        correct: options.correct,
      });
      nodes.push({
        id: `${cube.index.join(".")}:${members[0]}`,
        members,
        size: members.length,
        ...stats,
        interval: cube.index,
      });
    }
  }
  const edges = nerveEdges(nodes.map((node) => node.members), options.minIntersection ?? 1);
  return { nodes, edges };
}
