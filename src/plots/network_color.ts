/**
 * Colours that tell the networks of an experiment apart on overlaid charts
 * (training curves, tracking distances). Distinct from the homology-dimension
 * palette of src/plots/palette.ts, since both can appear on one page.
 *
 * @module
 */

/**
 * One colour per network, in manifest order (cycling).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { networkColors } from "./network_color.ts";
 * assert.ok(networkColors.length > 1);
 * ```
 */
export const networkColors: readonly string[] = Object.freeze([
  "#1b6ec2",
  "#c2255c",
  "#5c940d",
  "#e67700",
  "#5f3dc4",
  "#495057",
]);

/**
 * The colour of the `i`-th network.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { networkColor } from "./network_color.ts";
 * assert.equal(networkColor(0), "#1b6ec2");
 * assert.equal(networkColor(6), networkColor(0));
 * ```
 */
export function networkColor(i: number): string {
  return networkColors[i % networkColors.length];
}
