/**
 * Worker entry of {@linkcode ./topology_pool.ts}: computes one barcode
 * ({@linkcode cloudBarcode}), one pair's tracked distances
 * ({@linkcode trackedDistances}) or one cell's pictures
 * ({@linkcode writeCellPictures}) per message, off the main thread.
 *
 * A message is `{ id, kind: "barcode", cloud, options }`,
 * `{ id, kind: "distances", a, b }` or `{ id, kind: "pictures", job }`; the
 * reply is `{ id, result }` or `{ id, error }`.
 *
 * @module
 */

import { cloudBarcode, type CloudBarcodeOptions } from "./snapshot.ts";
import { trackedDistances } from "./tracking.ts";
import { writeCellPictures } from "./pictures.ts";
import { networkPaths } from "../artifacts/layout.ts";
import type { CellPicturesJob } from "./topology_pool.ts";
import type { PointCloud } from "../data/point_cloud.ts";
import type { Diagram } from "../topology/diagram.ts";

type Request =
  & { id: number }
  & (
    | { kind: "barcode"; cloud: PointCloud; options: CloudBarcodeOptions }
    | { kind: "distances"; a: Diagram; b: Diagram }
    | { kind: "pictures"; job: CellPicturesJob }
  );

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<Request>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = async ({ data }: MessageEvent<Request>) => {
  try {
    const result = data.kind === "barcode"
      ? await cloudBarcode(data.cloud, data.options)
      : data.kind === "distances"
      ? trackedDistances(data.a, data.b)
      : await cellPictures(data.job);
    scope.postMessage({ id: data.id, result });
  } catch (error) {
    const e = error as Error;
    scope.postMessage({ id: data.id, error: e?.stack ?? String(error) });
  }
};

async function cellPictures(job: CellPicturesJob): Promise<null> {
  const paths = networkPaths(job.experimentDir, job.network, job.amount);
  await writeCellPictures(paths, job.network, job.epoch, job.cell);
  return null;
}
