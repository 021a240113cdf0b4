/**
 * Worker entry of {@linkcode ./topology_pool.ts}: computes one barcode
 * ({@linkcode cloudBarcode}) or one pair's tracked distances
 * ({@linkcode trackedDistances}) per message, off the main thread.
 *
 * A message is `{ id, kind: "barcode", cloud, options }` or
 * `{ id, kind: "distances", a, b }`; the reply is `{ id, result }` or
 * `{ id, error }`.
 *
 * @module
 */

import { cloudBarcode, type CloudBarcodeOptions } from "./snapshot.ts";
import { trackedDistances } from "./tracking.ts";
import type { PointCloud } from "../data/point_cloud.ts";
import type { Diagram } from "../topology/diagram.ts";

type Request =
  & { id: number }
  & (
    | { kind: "barcode"; cloud: PointCloud; options: CloudBarcodeOptions }
    | { kind: "distances"; a: Diagram; b: Diagram }
  );

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<Request>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = async ({ data }: MessageEvent<Request>) => {
  try {
    const result = data.kind === "barcode"
      ? await cloudBarcode(data.cloud, data.options)
      : trackedDistances(data.a, data.b);
    scope.postMessage({ id: data.id, result });
  } catch (error) {
    const e = error as Error;
    scope.postMessage({ id: data.id, error: e?.stack ?? String(error) });
  }
};
