/**
 * Colours of class labels (digits 0–9, clothing classes…), the same in every
 * chart that colours by class: Observable's ten categorical colours.
 *
 * @module
 */

const CLASS_COLORS: readonly string[] = Object.freeze([
  "#4269d0",
  "#efb118",
  "#ff725c",
  "#6cc5b0",
  "#3ca951",
  "#ff8ab7",
  "#a463f2",
  "#97bbf5",
  "#9c6b4e",
  "#9498a0",
]);

/**
 * The colour of class `label` (cycling after ten classes; negative → grey).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { classColor } from "./class_colors.ts";
 * assert.equal(classColor(0), "#4269d0");
 * assert.equal(classColor(10), classColor(0));
 * ```
 */
export function classColor(label: number): string {
  if (!(label >= 0)) return "#bbbbbb";
  return CLASS_COLORS[Math.floor(label) % CLASS_COLORS.length];
}
