/**
 * Images on a grid of cells (the MNIST Mapper talk's weight pictures): a hidden neuron's
 * 784 incoming weights as a 28×28 image, their combination, a digit and the
 * digit "transformed" by the combination — rows of labelled images.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import type { Chart } from "./chart.ts";

/** One image: `side × side` values, row-major. */
export interface LabelledImage {
  /** Caption under the image. */
  label: string;
  /** Pixel values, row-major. */
  data: ArrayLike<number>;
}

/** One row of images with a heading. */
export interface ImageRow {
  /** Heading above the row. */
  label: string;
  /** The images, left to right. */
  images: LabelledImage[];
}

/** Options of {@linkcode weightImagesChart}. */
export interface WeightImagesChartOptions {
  /** Image side in pixels (default: √ of the first image's length). */
  side?: number;
  /** Bold first line. */
  title?: string;
  /** Grey line(s) under the title. */
  subtitle?: string;
  /** Total width in px (default 800). */
  width?: number;
}

const GAP = 4; // image pixels between images
const CAPTION = 6; // image pixels of caption under each image
const HEADING = 7; // image pixels of heading above each row

/**
 * Build the chart. Each image is scaled by its own largest |value| and drawn
 * on a diverging scale: red negative, white 0, blue positive.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { weightImagesChart } from "./weight_images.ts";
 * import { renderSvg } from "./render.ts";
 * const chart = weightImagesChart([
 *   { label: "two pixels", images: [{ label: "a", data: [1, -1, 0, 0.5] }] },
 * ]);
 * assert.ok(renderSvg(chart).includes("two pixels"));
 * ```
 */
export function weightImagesChart(
  rows: ImageRow[],
  options: WeightImagesChartOptions = {},
): Chart {
  const first = rows.find((r) => r.images.length)?.images[0];
  const side = options.side ?? Math.round(Math.sqrt(first?.data.length ?? 0));
  if (!(Number.isInteger(side) && side >= 1)) {
    throw new RangeError(`weightImagesChart: "side" must be a positive integer, found ${side}`);
  }
  const columns = Math.max(1, ...rows.map((r) => r.images.length));
  const pixels: Array<{ x: number; y: number; v: number }> = [];
  const captions: Array<{ x: number; y: number; text: string }> = [];
  const headings: Array<{ x: number; y: number; text: string }> = [];
  const rowHeight = HEADING + side + CAPTION;
  rows.forEach((row, r) => {
    const top = r * rowHeight;
    headings.push({ x: 0, y: top + HEADING - 2, text: row.label });
    row.images.forEach((image, c) => {
      if (image.data.length !== side * side) {
        throw new RangeError(
          `weightImagesChart: rows[${r}].images[${c}] ("${image.label}") must hold ${side}×${side} = ${
            side * side
          } values, found ${image.data.length}`,
        );
      }
      let max = 0;
      for (let p = 0; p < image.data.length; p++) max = Math.max(max, Math.abs(image.data[p]));
      const left = c * (side + GAP);
      for (let p = 0; p < image.data.length; p++) {
        const v = max > 0 ? image.data[p] / max : 0;
        if (Math.abs(v) < 0.02) continue; // white background shows through
        pixels.push({ x: left + (p % side), y: top + HEADING + Math.floor(p / side), v });
      }
      captions.push({
        x: left + side / 2,
        y: top + HEADING + side + CAPTION - 2,
        text: image.label,
      });
    });
  });
  const worldWidth = columns * (side + GAP) - GAP;
  const worldHeight = rows.length * rowHeight;
  const width = options.width ?? 800;
  const margin = 8;
  const scale = (width - 2 * margin) / worldWidth;
  return {
    title: options.title,
    subtitle: options.subtitle,
    legend: [
      { label: "negative", color: "#b2182b" },
      { label: "positive", color: "#2166ac" },
    ],
    note: "Each image is scaled by its own largest |value|.",
    width,
    panels: [{
      height: Math.round(worldHeight * scale + 2 * margin),
      margin,
      x: { axis: null, domain: [0, worldWidth] },
      y: { axis: null, domain: [worldHeight, 0] },
      color: { type: "linear", scheme: "rdbu", domain: [-1, 1] },
      marks: [
        Plot.frame({ stroke: "none" }),
        Plot.rect(
          rows.flatMap((row, r) =>
            row.images.map((_, c) => ({
              x1: c * (side + GAP),
              x2: c * (side + GAP) + side,
              y1: r * rowHeight + HEADING,
              y2: r * rowHeight + HEADING + side,
            }))
          ),
          { x1: "x1", x2: "x2", y1: "y1", y2: "y2", fill: "white", stroke: "#ccc" },
        ),
        Plot.rect(pixels, {
          x1: "x",
          x2: (d: (typeof pixels)[number]) => d.x + 1,
          y1: "y",
          y2: (d: (typeof pixels)[number]) => d.y + 1,
          fill: "v",
          inset: 0,
        }),
        Plot.text(captions, { x: "x", y: "y", text: "text", fontSize: 10 }),
        Plot.text(headings, {
          x: "x",
          y: "y",
          text: "text",
          textAnchor: "start",
          fontSize: 11,
          fontWeight: "bold",
        }),
      ],
    }],
  };
}
