/**
 * Make rendered SVG lean for the site: round the numbers in geometry
 * attributes (positions and transforms to whole pixels; paths, sizes and
 * radii to a tenth) and drop Plot's per-panel `<style>` block, whose rules
 * site.css carries once. Text content and tooltips are left alone.
 *
 * @module
 */

const POSITION = /(\s(?:x|y|x1|x2|y1|y2|cx|cy|transform)=")([^"]*)"/g;
const SHAPE = /(\s(?:d|points|r|width|height|viewBox)=")([^"]*)"/g;
/** Values with units (`0.3em`, `50%`) are relative: left as they are. */
const UNIT = /\d(?:em|ex|%|px|pt)/;
const NUMBER = /-?\d*\.\d+(?:e-?\d+)?/g;
/** Plot's per-panel stylesheet. */
const PLOT_STYLE = /<style>:where\(\.plot-[0-9a-f]+\)[^<]*<\/style>/g;

function rounder(digits: number) {
  const scale = 10 ** digits;
  return (all: string, head: string, value: string) =>
    UNIT.test(value) ? all : `${head}${
      value.replace(NUMBER, (n) => {
        const r = Math.round(Number(n) * scale) / scale;
        return String(Object.is(r, -0) ? 0 : r);
      })
    }"`;
}

/**
 * Round geometry attributes of `svg` (positions to integers; paths, sizes and
 * radii to one decimal, so small symbols keep their shape; values with units
 * untouched) and remove Plot's `<style>` blocks.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compactSvg } from "./compact_svg.ts";
 * const svg = '<rect x="1.23456" width="10.04" height="6.44"><title>0.12345</title></rect>';
 * assert.equal(compactSvg(svg), '<rect x="1" width="10" height="6.4"><title>0.12345</title></rect>');
 * assert.equal(compactSvg('<text y="0.32em" x="3.5">'), '<text y="0.32em" x="4">');
 * assert.equal(compactSvg('<svg><style>:where(.plot-d6a7b5) { display: block; }</style></svg>'), '<svg></svg>');
 * ```
 */
export function compactSvg(svg: string): string {
  return svg.replace(PLOT_STYLE, "").replace(POSITION, rounder(0)).replace(SHAPE, rounder(1));
}
