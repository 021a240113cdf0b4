/**
 * The cycles of one snapshot cell's longest H1 bars, as the artifacts keep
 * them: landmark indices mapped back to sample indices, the samples' labels,
 * a 2D PCA projection of the landmarks to draw the loops on, and for image
 * data the pictures of the cycles' samples.
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import { pca } from "../geometry/pca.ts";
import type { Barcode } from "../topology/diagram.ts";
import { cycleVertices } from "../topology/representative_cycles.ts";
import type { CellCycles } from "../artifacts/schema.ts";

/** Five significant digits: enough to draw, a third of the bytes. */
const round = (x: number) => Number(x.toPrecision(5));

/**
 * The cycles of the `top` longest H1 bars of a barcode computed with
 * `cycles: true` on `sample` — the rows `landmarks` of the split (null: all
 * rows) — longest first (an essential bar counts up to the threshold; ties
 * by position). Labels are left empty for {@linkcode labelCellCycles}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { vietorisRips } from "../topology/vietoris_rips.ts";
 * import { longestBarCycles } from "./cell_cycles.ts";
 * const data = new Float32Array(24);
 * for (let i = 0; i < 12; i++) {
 *   data[2 * i] = Math.cos(i * Math.PI / 6);
 *   data[2 * i + 1] = Math.sin(i * Math.PI / 6);
 * }
 * const sample = { data, n: 12, d: 2 };
 * const barcode = vietorisRips(sample, { cycles: true });
 * const cycles = longestBarCycles(barcode, sample, null, 5);
 * assert.equal(cycles.bars.length, 1);
 * assert.equal(cycles.bars[0].samples.length, 12);
 * ```
 */
export function longestBarCycles(
  barcode: Barcode,
  sample: PointCloud,
  landmarks: Int32Array | null,
  top: number,
): CellCycles {
  const h1 = barcode.diagrams[1] ?? [];
  const cycles = barcode.cycles?.H1;
  if (h1.length > 0 && (!cycles || cycles.length !== h1.length)) {
    throw new Error(
      `longestBarCycles: expected a cycle per H1 bar (vietorisRips with cycles: true), found ` +
        `${cycles?.length ?? "none"} for ${h1.length} bars`,
    );
  }
  const sampleOf = (i: number) => landmarks ? landmarks[i] : i;
  const length = (k: number) => Math.min(h1[k][1], barcode.threshold) - h1[k][0];
  const order = h1.map((_, k) => k).sort((a, b) => length(b) - length(a) || a - b).slice(0, top);
  const bars = order.map((k) => {
    const edges = cycles![k].map(([u, v]) => [sampleOf(u), sampleOf(v)] as [number, number]);
    return {
      index: k,
      birth: h1[k][0],
      death: Number.isFinite(h1[k][1]) ? h1[k][1] : null,
      edges,
      samples: cycleVertices(edges),
      labels: [],
    };
  });
  return {
    landmarks: Array.from({ length: sample.n }, (_, i) => sampleOf(i)),
    labels: [],
    pca: plane(sample),
    bars,
  };
}

/** The first two principal coordinates of the points (the second 0 in one dimension). */
function plane(sample: PointCloud): CellCycles["pca"] {
  const n = sample.n;
  if (sample.d < 2 || n < 2) {
    const x = Array.from({ length: n }, (_, i) => round(sample.data[i * sample.d] ?? 0));
    return { x, y: new Array(n).fill(0), variance: [0, 0] };
  }
  const { scores, variances } = pca(sample, 2);
  const x: number[] = new Array(n), y: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = round(scores[2 * i]);
    y[i] = round(scores[2 * i + 1]);
  }
  return { x, y, variance: [round(variances[0]), round(variances[1])] };
}

/** What {@linkcode labelCellCycles} adds: labels, and pictures for image data. */
export interface CycleSamples {
  /** Label of every sample of the split. */
  labels: Int32Array;
  /** The split's input rows and their picture size, for image data. */
  images?: { cloud: PointCloud; width: number; height: number };
}

/**
 * Fill in the labels of the landmarks and of each cycle's samples, and for
 * image data each cycle sample's picture (scaled to 0..255 by its own range).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { labelCellCycles } from "./cell_cycles.ts";
 * const cell = {
 *   landmarks: [0, 2], labels: [], pca: { x: [0, 1], y: [0, 0], variance: [1, 0] as [number, number] },
 *   bars: [{ index: 0, birth: 1, death: 2, edges: [], samples: [2], labels: [] }],
 * };
 * const out = labelCellCycles(cell, { labels: Int32Array.from([7, 8, 9]) });
 * assert.deepEqual(out.labels, [7, 9]);
 * assert.deepEqual(out.bars[0].labels, [9]);
 * ```
 */
export function labelCellCycles(cycles: CellCycles, samples: CycleSamples): CellCycles {
  const label = (s: number) => {
    if (s < 0 || s >= samples.labels.length) {
      throw new RangeError(
        `labelCellCycles: sample ${s} is outside the split's ${samples.labels.length} labels`,
      );
    }
    return samples.labels[s];
  };
  const out: CellCycles = {
    ...cycles,
    labels: cycles.landmarks.map(label),
    bars: cycles.bars.map((bar) => ({ ...bar, labels: bar.samples.map(label) })),
  };
  const images = samples.images;
  if (images) {
    const pixels: Record<string, string> = {};
    for (const bar of cycles.bars) {
      for (const s of bar.samples) pixels[s] ??= greyBase64(images.cloud, s);
    }
    out.images = { width: images.width, height: images.height, pixels };
  }
  return out;
}

/** Row s of the cloud as 8-bit grey (its own min..max to 0..255), base64. */
function greyBase64(cloud: PointCloud, s: number): string {
  const row = cloud.data.subarray(s * cloud.d, (s + 1) * cloud.d);
  let lo = Infinity, hi = -Infinity;
  for (const v of row) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  let text = "";
  for (const v of row) text += String.fromCharCode(Math.round((v - lo) * scale));
  return btoa(text);
}
