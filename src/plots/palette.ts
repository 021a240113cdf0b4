/**
 * The colours every nntopo chart uses, so that H1 is the same colour in a
 * barcode, a persistence diagram and a Betti curve, on a PNG and on the site.
 *
 * @module
 */

/**
 * One colour per homology dimension: `dimensionColors[k]` is H_k's colour
 * (blue, red-orange, green, purple, yellow, then repeating from
 * {@linkcode dimensionColor}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dimensionColors } from "./palette.ts";
 * assert.equal(dimensionColors[0], "#4269d0");
 * ```
 */
export const dimensionColors: readonly string[] = Object.freeze([
  "#4269d0",
  "#e8590c",
  "#2f9e44",
  "#9c36b5",
  "#d4a106",
  "#0b7285",
]);

/**
 * The colour of homology dimension `k` (cycling past the end of
 * {@linkcode dimensionColors}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dimensionColor } from "./palette.ts";
 * assert.equal(dimensionColor(1), "#e8590c");
 * ```
 */
export function dimensionColor(k: number): string {
  return dimensionColors[k % dimensionColors.length];
}

/**
 * The label of homology dimension `k`: `"H0"`, `"H1"`, …
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dimensionLabel } from "./palette.ts";
 * assert.equal(dimensionLabel(2), "H2");
 * ```
 */
export function dimensionLabel(k: number): string {
  return `H${k}`;
}

/**
 * Colours for a sequence of layers (layer 0 = input … layer L): a
 * dark-blue → teal → green → orange ramp, readable on white (no pale end).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { layerColors } from "./palette.ts";
 * assert.equal(layerColors.length, 8);
 * ```
 */
export const layerColors: readonly string[] = Object.freeze([
  "#1c3d8c",
  "#3a6fd8",
  "#1098ad",
  "#2f9e44",
  "#94b800",
  "#e0a100",
  "#e8590c",
  "#c92a2a",
]);

/**
 * The colour of layer `j` out of `count` layers: spread evenly over
 * {@linkcode layerColors} when there are fewer layers than colours.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { layerColor } from "./palette.ts";
 * assert.equal(layerColor(0, 3), "#1c3d8c");
 * assert.equal(layerColor(2, 3), "#c92a2a");
 * ```
 */
export function layerColor(j: number, count: number): string {
  const n = layerColors.length;
  if (count <= 1) return layerColors[0];
  if (count > n) return layerColors[j % n];
  return layerColors[Math.round((j * (n - 1)) / (count - 1))];
}

/**
 * Text colour for subtitles and notes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mutedTextColor } from "./palette.ts";
 * assert.ok(mutedTextColor.startsWith("#"));
 * ```
 */
export const mutedTextColor = "#555555";

/**
 * Colours of the data splits in training curves (train is also dashed).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { splitColors } from "./palette.ts";
 * assert.ok(splitColors.train !== splitColors.test);
 * ```
 */
export const splitColors: Readonly<{ train: string; test: string }> = Object.freeze({
  train: "#3a6fd8",
  test: "#d9480f",
});
