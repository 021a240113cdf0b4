/**
 * Make rendered SVG lean for the site: round the numbers in geometry
 * attributes (coordinates, sizes, paths, transforms) to one decimal. Text
 * content and tooltips are left alone.
 *
 * @module
 */

const GEOMETRY =
  /(\s(?:x|y|x1|x2|y1|y2|cx|cy|r|width|height|d|transform|points|viewBox)=")([^"]*)"/g;
const NUMBER = /-?\d*\.\d+(?:e-?\d+)?/g;

/** Plot's per-panel stylesheet; the site's CSS carries the same rules once. */
const PLOT_STYLE = /<style>:where\(\.plot-[0-9a-f]+\)[^<]*<\/style>/g;

/**
 * Round every decimal number in geometry attributes of `svg` to `digits`
 * decimals (default 1), dropping trailing zeros, and drop Plot's per-panel
 * `<style>` block (site.css holds its rules once).
 *
 * @example
 * ```ts
 * import { compactSvg } from "./compact_svg.ts";
 * const svg = '<rect x="1.23456" width="10.04"><title>0.12345</title></rect>';
 * console.assert(compactSvg(svg) === '<rect x="1.2" width="10"><title>0.12345</title></rect>');
 * console.assert(compactSvg('<svg><style>:where(.plot-d6a7b5) { display: block; }</style></svg>') === '<svg></svg>');
 * ```
 */
export function compactSvg(svg: string, digits = 1): string {
  const scale = 10 ** digits;
  return svg.replace(PLOT_STYLE, "").replace(GEOMETRY, (_, head: string, value: string) => {
    const rounded = value.replace(NUMBER, (n) => {
      const r = Math.round(Number(n) * scale) / scale;
      return String(Object.is(r, -0) ? 0 : r);
    });
    return `${head}${rounded}"`;
  });
}
