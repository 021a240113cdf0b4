/**
 * One unit of a run's topology work — a barcode, a pair's tracked distances
 * or a cell's pictures — and the function that does it. The pool
 * ({@linkcode ./topology_pool.ts}) runs tasks on its workers
 * ({@linkcode ./topology_worker.ts}), or on the calling thread with no
 * workers; both call {@linkcode runTopologyTask}.
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import type { Diagram } from "../topology/diagram.ts";
import { networkPaths } from "../artifacts/layout.ts";
import {
  type CloudBarcode,
  cloudBarcodeOn,
  type CloudBarcodeOptions,
  type SnapshotCell,
} from "./snapshot.ts";
import { type TrackedDistances, trackedDistances } from "./tracking.ts";
import type { NetworkPicture } from "./pictures.ts";

/**
 * The charts (Observable Plot, d3, resvg) are most of a worker's modules and
 * only pictures need them: they load at the first pictures task, through a
 * specifier the module graph does not follow, so that a worker starts on
 * barcodes some 0.5 s sooner.
 */
const PICTURES_MODULE = "./pictures.ts";
let picturesModule: Promise<typeof import("./pictures.ts")> | undefined;
const pictures = () => (picturesModule ??= import(PICTURES_MODULE));

/** What a pictures task draws: one snapshot cell of a network. */
export interface CellPicturesJob {
  /** The experiment's folder (as `networkPaths` takes it). */
  experimentDir: string;
  /** The network's name. */
  network: string;
  /** The data amount part of the network's folder name. */
  amount: number;
  /** The snapshot epoch. */
  epoch: number;
  /** The cell, with its diagrams. */
  cell: SnapshotCell;
}

/** A task, as it is posted to a worker. */
export type TopologyTask =
  | { kind: "barcode"; cloud: PointCloud; options: CloudBarcodeOptions }
  | { kind: "distances"; a: Diagram; b: Diagram }
  | { kind: "pictures"; job: CellPicturesJob }
  | { kind: "picture"; job: NetworkPicture };

/**
 * Do a task: {@linkcode cloudBarcodeOn}, {@linkcode trackedDistances},
 * `writeCellPictures` (of ./pictures.ts) into the network's folder or
 * `drawNetworkPicture` (both resolving to null).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runTopologyTask } from "./topology_task.ts";
 * const d = await runTopologyTask({ kind: "distances", a: [[0, 1]], b: [[0, 1]] });
 * assert.equal((d as { bottleneck: number }).bottleneck, 0);
 * ```
 */
export async function runTopologyTask(
  task: TopologyTask,
): Promise<CloudBarcode | TrackedDistances | null> {
  if (task.kind === "barcode") return await cloudBarcodeOn(task.cloud, task.options);
  if (task.kind === "distances") return trackedDistances(task.a, task.b);
  if (task.kind === "picture") {
    await (await pictures()).drawNetworkPicture(task.job);
    return null;
  }
  const { experimentDir, network, amount, epoch, cell } = task.job;
  await (await pictures()).writeCellPictures(
    networkPaths(experimentDir, network, amount),
    network,
    epoch,
    cell,
  );
  return null;
}
