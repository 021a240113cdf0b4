/**
 * SVG → PNG with resvg (WebAssembly; no native build, nothing fetched). resvg
 * has no system fonts here: DejaVu Sans (regular and bold, from the
 * `dejavu-fonts-ttf` npm package) is loaded as the sans-serif family, so every
 * chart's text renders the same on every machine. Same SVG → byte-identical PNG.
 *
 * @module
 */

import { initWasm, Resvg } from "@resvg/resvg-wasm";
// Importing the font package's manifest puts the package in Deno's module
// graph, so `deno install` / auto-install always brings the .ttf files along.
import "dejavu-fonts-ttf/package.json" with { type: "json" };
import type { Chart } from "../plots/chart.ts";
import { renderSvg } from "../plots/render.ts";
import type { PlotOptions } from "@observablehq/plot";

/** Options of {@linkcode svgToPng}. */
export interface SvgToPngOptions {
  /** Output width in px; the SVG is scaled (vector) to it. Default: the SVG's own width. */
  width?: number;
  /** Background colour (any CSS colour); default `"white"`. */
  background?: string;
}

const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"];

let ready: Promise<Uint8Array[]> | undefined;

/** Initialise the resvg wasm module once and load the fonts once. */
function initialise(): Promise<Uint8Array[]> {
  ready ??= (async () => {
    const wasmUrl = new URL(import.meta.resolve("@resvg/resvg-wasm/index_bg.wasm"));
    const wasm = await readPackageFile(wasmUrl, "@resvg/resvg-wasm");
    await initWasm(wasm);
    return await Promise.all(
      FONT_FILES.map((name) =>
        readPackageFile(
          new URL(`ttf/${name}`, import.meta.resolve("dejavu-fonts-ttf/package.json")),
          "dejavu-fonts-ttf",
        )
      ),
    );
  })();
  return ready;
}

async function readPackageFile(url: URL, pkg: string): Promise<Uint8Array> {
  if (url.protocol !== "file:") {
    throw new Error(
      `svgToPng: expected ${pkg} in node_modules (deno.json "nodeModulesDir": "auto"), ` +
        `found it resolved to ${url.href}; run \`deno install\``,
    );
  }
  try {
    return await Deno.readFile(url);
  } catch (error) {
    throw new Error(
      `svgToPng: cannot read ${url.pathname} from npm package ${pkg}: ${
        (error as Error).message
      }; run \`deno install\``,
    );
  }
}

/**
 * The RGBA pixels resvg renders for `svg` (row-major, 4 bytes per pixel),
 * before PNG encoding: for tests and for checking what a chart shows.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { svgToPixels } from "./png.ts";
 * const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"/>';
 * const { width, height, pixels } = await svgToPixels(svg);
 * assert.equal(width, 4);
 * assert.equal(height, 2);
 * assert.equal(pixels[0], 255);
 * ```
 */
export async function svgToPixels(
  svg: string,
  opts: SvgToPngOptions = {},
): Promise<{ width: number; height: number; pixels: Uint8Array }> {
  const resvg = await load(svg, opts);
  try {
    const image = resvg.render();
    try {
      return { width: image.width, height: image.height, pixels: image.pixels.slice() };
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}

/**
 * Rasterise SVG markup to PNG bytes. Use `width: 1600` for a crisp 2× image of
 * an 800 px chart.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { svgToPng } from "./png.ts";
 * const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5"><text y="5">x</text></svg>';
 * const png = await svgToPng(svg, { width: 20 });
 * assert.equal(png[1], 0x50);
 * assert.equal(png[2], 0x4e);
 * assert.equal(png[3], 0x47); // "PNG"
 * ```
 */
export async function svgToPng(svg: string, opts: SvgToPngOptions = {}): Promise<Uint8Array> {
  const resvg = await load(svg, opts);
  try {
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}

async function load(svg: string, opts: SvgToPngOptions) {
  if (opts.width !== undefined && !(Number.isInteger(opts.width) && opts.width > 0)) {
    throw new RangeError(`svgToPng: width must be a positive integer, found ${opts.width}`);
  }
  const fontBuffers = await initialise();
  try {
    return new Resvg(svg, {
      background: opts.background ?? "white",
      fitTo: opts.width === undefined ? { mode: "original" } : { mode: "width", value: opts.width },
      font: {
        fontBuffers,
        defaultFontFamily: "DejaVu Sans",
        sansSerifFamily: "DejaVu Sans",
        serifFamily: "DejaVu Sans",
        monospaceFamily: "DejaVu Sans",
        defaultFontSize: 12,
      },
      shapeRendering: 2,
      textRendering: 1,
    });
  } catch (error) {
    throw new Error(`svgToPng: resvg could not parse the SVG: ${String(error)}`);
  }
}

/**
 * Render a chart to a PNG file at twice the chart's own width (1600 px for
 * the default 800; `opts.width` overrides), atomically: the bytes go to
 * `path + ".tmp"`, which is then renamed to `path`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as Plot from "@observablehq/plot";
 * import { writeChartPng } from "./png.ts";
 * const path = await Deno.makeTempFile({ suffix: ".png" });
 * await writeChartPng(path, { title: "dots", panels: [{ marks: [Plot.dot([[0, 1]])] }] });
 * assert.ok((await Deno.stat(path)).size > 0);
 * ```
 */
export async function writeChartPng(
  path: string,
  chart: Chart | PlotOptions,
  opts: SvgToPngOptions = {},
): Promise<void> {
  const svg = renderSvg(chart);
  const width = Number(/^<svg[^>]*\swidth="(\d+(?:\.\d+)?)"/.exec(svg)?.[1] ?? 800);
  const png = await svgToPng(svg, { width: Math.round(width * 2), ...opts });
  const tmp = `${path}.tmp`;
  await Deno.writeFile(tmp, png);
  await Deno.rename(tmp, path);
}
