import assert from "node:assert/strict";
import { crc32, inflateSync } from "node:zlib";
import { encodePng, svgToPixels, svgToPng, writeChartPng } from "../../src/artifacts/png.ts";
import { barcodeChart, persistenceDiagramChart, renderSvg } from "../../src/plots/mod.ts";
import type { Diagram } from "../../src/topology/diagram.ts";

const diagrams: Diagram[] = [
  [[0, 0.2], [0, 0.5], [0, Infinity]],
  [[0.3, 0.45]],
];

/** Width and height from the IHDR chunk (bytes 16–23). */
function ihdr(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  assert.equal(new TextDecoder().decode(png.subarray(12, 16)), "IHDR");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Non-white pixels in rows [y0, y1) of an RGBA image. */
function inkInRows(
  image: { width: number; pixels: Uint8Array },
  y0: number,
  y1: number,
): number {
  let ink = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      if (image.pixels[i] < 200 || image.pixels[i + 1] < 200 || image.pixels[i + 2] < 200) ink++;
    }
  }
  return ink;
}

Deno.test("svgToPng writes a PNG of the requested width, byte-identical across renders", async () => {
  const svg = renderSvg(barcodeChart(diagrams, { title: "determinism" }));
  const a = await svgToPng(svg, { width: 1600 });
  const b = await svgToPng(svg, { width: 1600 });
  assert.deepEqual([...a.subarray(0, 8)], SIGNATURE);
  const { width, height } = ihdr(a);
  assert.equal(width, 1600);
  const svgHeight = Number(/height="(\d+)"/.exec(svg)?.[1]);
  assert.equal(height, svgHeight * 2);
  assert.deepEqual(a, b);
  const native = ihdr(await svgToPng(svg));
  assert.equal(native.width, 800);
});

Deno.test("text renders: the title band has ink only when there is a title", async () => {
  const titled = await svgToPixels(renderSvg(barcodeChart(diagrams, { title: "A Title Here" })));
  const untitled = await svgToPixels(renderSvg(barcodeChart(diagrams, {})));
  // The title's baseline is at y = 30 (px at 1×): the band 10..32 holds its glyphs.
  assert.ok(inkInRows(titled, 10, 32) > 300, "title glyphs should put ink in the title band");
  // Without a title the first line is the grey subtitle: also text, but a
  // different picture; and a chart with only shapes and no text at all has none.
  assert.notDeepEqual(titled.pixels, untitled.pixels);
  const textOnly = await svgToPixels(
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">' +
      '<text x="10" y="30" font-size="24" font-family="sans-serif">Hello</text></svg>',
  );
  assert.ok(inkInRows(textOnly, 0, 40) > 100, "fonts are loaded: text must draw pixels");
});

Deno.test("svgToPng background option and bad input errors", async () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>';
  const white = await svgToPixels(svg);
  assert.deepEqual([...white.pixels.subarray(0, 4)], [255, 255, 255, 255]);
  const red = await svgToPixels(svg, { background: "#ff0000" });
  assert.deepEqual([...red.pixels.subarray(0, 4)], [255, 0, 0, 255]);
  await assert.rejects(() => svgToPng(svg, { width: 0 }), /width must be a positive integer/);
  await assert.rejects(() => svgToPng("not svg"), /resvg could not parse/);
});

Deno.test("writeChartPng writes atomically a PNG at the chart's width, or the width asked", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/barcode.png`;
    await writeChartPng(path, barcodeChart(diagrams, { title: "file" }));
    const png = await Deno.readFile(path);
    assert.deepEqual([...png.subarray(0, 8)], SIGNATURE);
    assert.equal(ihdr(png).width, 800);
    await writeChartPng(`${dir}/wide.png`, barcodeChart(diagrams, { title: "file" }), {
      scale: 2,
    });
    assert.equal(ihdr(await Deno.readFile(`${dir}/wide.png`)).width, 1600);
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(names, ["barcode.png", "wide.png"]); // no leftover .tmp
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** The RGBA pixels of an 8-bit RGBA, non-interlaced PNG: every IDAT inflated and unfiltered. */
function decodeRgbaPng(png: Uint8Array): { width: number; height: number; pixels: Uint8Array } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const { width, height } = ihdr(png);
  assert.deepEqual([...png.subarray(24, 29)], [8, 6, 0, 0, 0], "8-bit RGBA, not interlaced");
  const idat: Uint8Array[] = [];
  for (let at = 8; at < png.length;) {
    const length = view.getUint32(at);
    const type = new TextDecoder().decode(png.subarray(at + 4, at + 8));
    const body = png.subarray(at + 8, at + 8 + length);
    assert.equal(view.getUint32(at + 8 + length), crc32(png.subarray(at + 4, at + 8 + length)));
    if (type === "IDAT") idat.push(body);
    at += 12 + length;
  }
  const raw = inflateSync(concat(idat));
  const stride = width * 4, pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x];
      const a = x >= 4 ? pixels[y * stride + x - 4] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4] : 0;
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      assert.ok(predictor !== undefined, `row ${y}: unknown filter ${filter}`);
      pixels[y * stride + x] = (value + predictor) & 255;
    }
  }
  return { width, height, pixels };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

Deno.test("an opaque chart's PNG holds exactly resvg's pixels, as resvg's own encoder's PNG does", async () => {
  const svg = renderSvg(barcodeChart(diagrams, { title: "encoders" }));
  const ours = await svgToPng(svg, { width: 600 });
  const theirs = await svgToPng(svg, { width: 600, encoder: "resvg" });
  assert.notDeepEqual(ours, theirs, "two encoders: other bytes");
  const rendered = await svgToPixels(svg, { width: 600 });
  const a = decodeRgbaPng(ours), b = decodeRgbaPng(theirs);
  assert.equal(a.width, 600);
  assert.deepEqual(a, b);
  assert.deepEqual(a.pixels, rendered.pixels);
  assert.ok(rendered.pixels.some((v) => v < 128), "the chart draws something dark");
});

Deno.test("encodePng gives the same bytes whatever it encoded before (its row buffer is reused)", () => {
  const image = (w: number, h: number, seed: number) => {
    const rgba = new Uint8Array(w * h * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * seed) % 251));
    return { w, h, rgba };
  };
  const big = image(40, 30, 7), small = image(3, 2, 11);
  const first = encodePng(big.w, big.h, big.rgba);
  const smallPng = encodePng(small.w, small.h, small.rgba);
  assert.deepEqual(encodePng(big.w, big.h, big.rgba), first);
  assert.deepEqual(decodeRgbaPng(smallPng), { width: 3, height: 2, pixels: small.rgba });
  assert.deepEqual(decodeRgbaPng(first).pixels, big.rgba);
});

Deno.test("a PNG with transparency comes from resvg's encoder (un-premultiplied)", async () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="4">' +
    '<rect width="4" height="4" fill="#ff0000" fill-opacity="0.5"/></svg>';
  const png = await svgToPng(svg, { background: "transparent" });
  assert.deepEqual(png, await svgToPng(svg, { background: "transparent", encoder: "resvg" }));
  const { pixels } = decodeRgbaPng(png);
  assert.deepEqual([...pixels.subarray(0, 4)], [255, 0, 0, 128], "red at half opacity");
  assert.equal(pixels[7 * 4 + 3], 0, "transparent where nothing is drawn");
});

Deno.test("encodePng and svgToPng reject what they cannot encode", async () => {
  assert.throws(() => encodePng(2, 2, new Uint8Array(15)), /expected 16 bytes of RGBA for 2×2/);
  assert.throws(() => encodePng(0, 2, new Uint8Array(0)), /positive integer width and height/);
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>';
  await assert.rejects(
    () => svgToPng(svg, { encoder: "png" as "auto" }),
    /encoder must be "auto" or "resvg", found png/,
  );
});

Deno.test("over an opaque background every pixel is opaque, whatever the SVG composites", async () => {
  // Translucent fills and strokes, group opacity, blend modes, a mask, a
  // clip, a blur and a filter that punches holes (xor): on a transparent
  // background all of these leave pixels that are not opaque.
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="32">' +
    '<defs><mask id="m"><rect width="24" height="32" fill="white" fill-opacity="0.3"/></mask>' +
    '<clipPath id="c"><circle cx="30" cy="16" r="9"/></clipPath>' +
    '<filter id="x"><feGaussianBlur stdDeviation="2"/>' +
    '<feComposite in2="SourceGraphic" operator="xor"/></filter>' +
    '<linearGradient id="g"><stop offset="0" stop-opacity="0"/><stop offset="1" stop-color="red"/>' +
    "</linearGradient></defs>" +
    '<rect width="48" height="10" fill="url(#g)"/>' +
    '<g opacity="0.4" style="mix-blend-mode:multiply"><circle cx="10" cy="20" r="8" fill="blue"/></g>' +
    '<rect x="2" y="2" width="40" height="28" fill="green" fill-opacity="0.01" mask="url(#m)"/>' +
    '<rect x="20" width="28" height="32" fill="#0c0" fill-opacity="0.5" clip-path="url(#c)"/>' +
    '<path d="M4,28L44,4" stroke="black" stroke-opacity="0.1" stroke-width="3" filter="url(#x)"/>' +
    '<g style="mix-blend-mode:screen"><rect x="30" y="20" width="10" height="8" fill="#fff8"/></g>' +
    "</svg>";
  const see = await svgToPixels(svg, { background: "transparent" });
  assert.ok(see.pixels.some((v, i) => i % 4 === 3 && v !== 0 && v !== 255), "translucent pixels");
  for (const background of [undefined, "white", "black", "#123456", "#abc"]) {
    const { width, height, pixels } = await svgToPixels(svg, { background });
    assert.ok(pixels.every((v, i) => i % 4 !== 3 || v === 255), `${background}: all opaque`);
    const png = await svgToPng(svg, { background });
    assert.deepEqual(png, encodePng(width, height, pixels), `${background}: our encoder`);
    assert.deepEqual(decodeRgbaPng(png).pixels, pixels);
  }
});

Deno.test("a barcode's or diagram's PNG is the same bytes without the hover texts", async () => {
  const many: Diagram[] = [
    Array.from({ length: 120 }, (_, i): [number, number] => [0, 0.01 * i]),
    Array.from({ length: 80 }, (_, i): [number, number] => [0.005 * i, 0.005 * i + 0.3]),
  ];
  for (const build of [barcodeChart, persistenceDiagramChart]) {
    const withTips = renderSvg(build(many, { title: "tips", threshold: 2 }));
    const without = renderSvg(build(many, { title: "tips", threshold: 2, tooltips: false }));
    assert.ok((withTips.match(/<title>/g) ?? []).length >= 150, `${build.name}: hover texts`);
    assert.ok(!without.includes("<title>"), `${build.name}: none`);
    assert.deepEqual(await svgToPng(without), await svgToPng(withTips), build.name);
  }
});
