/**
 * SVG → PNG with resvg (WebAssembly; no native build, nothing fetched). resvg
 * has no system fonts here: DejaVu Sans (regular and bold, from the
 * `dejavu-fonts-ttf` npm package) is loaded as the sans-serif family, so every
 * chart's text renders the same on every machine. Same SVG → byte-identical PNG.
 *
 * resvg rasterises; an opaque image (every chart: the background is white) is
 * encoded here ({@linkcode encodePng}: rows unfiltered, zlib level 3 through
 * the runtime's native zlib), many times faster than resvg's own encoder and
 * a quarter smaller on the default study's charts; the pixels are the same.
 * Level 3 deflates these mostly white images three times faster than level 6
 * for files 9 % larger. Images with
 * transparency keep resvg's encoder, which un-premultiplies them.
 *
 * @module
 */

import { crc32, deflateSync } from "node:zlib";
import { initWasm, Resvg } from "@resvg/resvg-wasm";
// Importing the font package's manifest puts the package in Deno's module
// graph, so `deno install` / auto-install always brings the .ttf files along.
import "dejavu-fonts-ttf/package.json" with { type: "json" };
import type { Chart } from "../plots/chart.ts";
import { renderSvg } from "../plots/render.ts";
import { svgDocument } from "../plots/svg_dom.ts";
import type { PlotOptions } from "@observablehq/plot";

/** Options of {@linkcode svgToPng}. */
export interface SvgToPngOptions {
  /** Output width in px; the SVG is scaled (vector) to it. Default: the SVG's own width. */
  width?: number;
  /** Background colour (any CSS colour); default `"white"`. */
  background?: string;
  /**
   * Who encodes the PNG: `"auto"` (default) uses {@linkcode encodePng} for an
   * opaque image and resvg's encoder otherwise; `"resvg"` always resvg's
   * (same pixels, other bytes, five times slower).
   */
  encoder?: "auto" | "resvg";
}

const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"];

let ready: Promise<Uint8Array[]> | undefined;

/** Initialise the resvg wasm module once and load the fonts once. */
function initialise(): Promise<Uint8Array[]> {
  ready ??= (async () => {
    const wasmUrl = new URL(import.meta.resolve("@resvg/resvg-wasm/index_bg.wasm"));
    const wasm = await readPackageFile(wasmUrl, "@resvg/resvg-wasm");
    // Compiled here, synchronously: V8 compiles a wasm function when it is
    // first called, so this takes some 15 ms. Handed the bytes, initWasm
    // compiles them asynchronously, and in the default study one of the two
    // workers that start their first pictures together sat idle 1.7 s there.
    await initWasm(new WebAssembly.Module(wasm));
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

async function readPackageFile(url: URL, pkg: string): Promise<Uint8Array<ArrayBuffer>> {
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
      // resvg's pixels are premultiplied: only opaque ones are the PNG's as they are.
      if (opts.encoder !== "resvg") {
        const pixels = image.pixels;
        if (isOpaqueColour(opts.background ?? "white") || isOpaque(pixels)) {
          return encodePng(image.width, image.height, pixels);
        }
      }
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}

/**
 * Whether `colour` is surely opaque: `white`, `black` or a `#rgb` /
 * `#rrggbb` hex colour (other forms are not recognised: their images are
 * checked pixel by pixel). resvg fills the whole image with the background
 * before drawing, and every SVG drawing operation composites onto it with
 * the source-over alpha rule, a + d·(1 − a), which stays 1 where d is 1 (in
 * 8 bits too): over an opaque background every pixel is opaque, so the
 * check of each pixel's alpha (a few ms a chart) is skipped.
 */
function isOpaqueColour(colour: string): boolean {
  return colour === "white" || colour === "black" ||
    /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(colour);
}

/** Whether every pixel of RGBA data has alpha 255. */
function isOpaque(rgba: Uint8Array): boolean {
  if (rgba.byteOffset % 4 === 0 && rgba.length % 4 === 0) {
    // One word per pixel; alpha is its high byte on a little-endian machine, its low byte otherwise.
    const words = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length / 4);
    const alpha = LITTLE_ENDIAN ? 0xff000000 : 0xff;
    for (let i = 0; i < words.length; i++) {
      if ((words[i] & alpha) >>> 0 !== alpha >>> 0) return false;
    }
    return true;
  }
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return false;
  return true;
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * The filtered rows of the image being encoded, kept between images: a
 * 1600-px chart's are 10 MB, and a fresh buffer each time costs the kernel
 * that much zeroed memory per picture.
 */
let rowsScratch = new Uint8Array(0);

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A PNG chunk: length, type, data, CRC-32 of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)) >>> 0);
  return out;
}

/**
 * Encode 8-bit RGBA pixels (row-major, not premultiplied) as a PNG: colour
 * type 6, no interlacing, every row with filter 0 (none), one IDAT chunk
 * compressed by zlib at level 3. Same pixels → same bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { inflateSync } from "node:zlib";
 * import { encodePng } from "./png.ts";
 * const pixels = new Uint8Array([255, 0, 0, 255, 0, 0, 255, 128]); // 2×1: red, half-transparent blue
 * const png = encodePng(2, 1, pixels);
 * assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
 * const idat = png.subarray(8 + 25 + 8, png.length - 12 - 4); // after IHDR, before IEND
 * assert.deepEqual([...inflateSync(idat)], [0, ...pixels]); // filter byte, then the row
 * ```
 */
export function encodePng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0)) {
    throw new RangeError(
      `encodePng: expected a positive integer width and height, found ${width}×${height}`,
    );
  }
  const stride = width * 4;
  if (rgba.length !== stride * height) {
    throw new RangeError(
      `encodePng: expected ${
        stride * height
      } bytes of RGBA for ${width}×${height}, found ${rgba.length}`,
    );
  }
  const size = height * (stride + 1);
  if (rowsScratch.length < size) rowsScratch = new Uint8Array(size);
  const rows = rowsScratch.subarray(0, size);
  for (let y = 0; y < height; y++) {
    rows[y * (stride + 1)] = 0; // filter type None
    rows.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, adaptive filtering, no interlace
  const parts = [
    Uint8Array.from(PNG_SIGNATURE),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: 3 })),
    chunk("IEND", new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function load(svg: string, opts: SvgToPngOptions) {
  if (opts.encoder !== undefined && opts.encoder !== "auto" && opts.encoder !== "resvg") {
    throw new RangeError(`svgToPng: encoder must be "auto" or "resvg", found ${opts.encoder}`);
  }
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
 * The last pictures drawn, by SVG and options, most recent last: a study
 * writes some pictures more than once (its input's at every network and
 * epoch), and drawing one costs tens of milliseconds.
 */
const recentPngs = new Map<string, Uint8Array>();
const RECENT_PNGS = 32;

/**
 * Render a chart to a PNG file at the chart's own width (800 px by default)
 * times `opts.scale` (default 1; 2 for a picture a page shows on
 * high-density screens, at two to three times the cost), or at `opts.width`,
 * atomically: the bytes go to
 * `path + ".tmp"`, which is then renamed to `path`. A chart drawn lately
 * with the same SVG and options is not drawn again.
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
  opts: SvgToPngOptions & { scale?: number } = {},
): Promise<void> {
  // The lean DOM: linkedom's markup, built several times faster for big charts.
  const svg = renderSvg(chart, { document: svgDocument() });
  const { scale = 1, ...rest } = opts;
  const width = Number(/^<svg[^>]*\swidth="(\d+(?:\.\d+)?)"/.exec(svg)?.[1] ?? 800);
  const options = { width: Math.round(width * scale), ...rest };
  const key = `${JSON.stringify(options)}\n${svg}`;
  let png = recentPngs.get(key);
  if (png) recentPngs.delete(key);
  else png = await svgToPng(svg, options);
  recentPngs.set(key, png);
  if (recentPngs.size > RECENT_PNGS) recentPngs.delete(recentPngs.keys().next().value!);
  const tmp = `${path}.tmp`;
  await Deno.writeFile(tmp, png);
  await Deno.rename(tmp, path);
}
