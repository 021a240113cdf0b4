/**
 * A worker thread of distances_parallel.ts: computes the band of rows it is
 * sent into the shared triangle, then answers.
 *
 * @module
 */

import type { DistanceBand } from "./distances_parallel.ts";
import { ripserEuclideanRows } from "./ripser_rows.ts";

const scope = self as unknown as {
  onmessage: (event: MessageEvent<DistanceBand>) => void;
  postMessage(message: null): void;
};

scope.onmessage = (event) => {
  const { cloud, cutoff, rows, out } = event.data;
  ripserEuclideanRows(cloud, { cutoff, rows, out });
  scope.postMessage(null);
};
