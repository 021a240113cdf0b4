/**
 * Printing for `deno task ph`: numbers exactly as C++'s default stream
 * formatting prints them (what Ripser's output uses), Ripser's report lines,
 * and the JSON barcode.
 *
 * @module
 */

import { type Barcode, type Cycle, type DiagramJson, diagramsToJson } from "../topology/diagram.ts";

/**
 * Format a number as C++ `std::ostream << x` does with default flags
 * (precision 6), i.e. C's `%g`: 6 significant digits, rounded half-to-even
 * on the exact binary value, trailing zeros removed, scientific notation
 * (`1.5e-05`, `1.23457e+06`) when the decimal exponent is below −4 or at
 * least 6; `inf`, `-inf`, `nan` for the special values.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatFloat } from "./ph_format.ts";
 * assert.equal(formatFloat(Math.fround(Math.SQRT1_2)), "0.707107");
 * assert.equal(formatFloat(1.015625), "1.01562"); // a tie, rounded to even
 * assert.equal(formatFloat(1234567), "1.23457e+06");
 * ```
 */
export function formatFloat(x: number, precision = 6): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  const a = Math.abs(x);
  if (a === 0) return sign + "0";
  let { digits, exponent } = roundedDecimal(a, precision);
  // Round to `precision` significant digits, half to even on the exact value.
  if (digits.length > precision) {
    const kept = digits.slice(0, precision);
    const rest = digits.slice(precision);
    const half = rest[0] > "5" ||
      (rest[0] === "5" && (/[1-9]/.test(rest.slice(1)) || Number(kept.at(-1)) % 2 === 1));
    digits = half ? increment(kept) : kept;
    if (digits.length > precision) {
      digits = digits.slice(0, precision);
      exponent++;
    }
  }
  digits = digits.replace(/0+$/, "") || "0";
  if (exponent < -4 || exponent >= precision) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exponent);
    return `${sign}${mantissa}e${exponent < 0 ? "-" : "+"}${e < 10 ? "0" : ""}${e}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const frac = digits.slice(exponent + 1);
  return sign + whole + (frac ? "." + frac : "");
}

/** Exact decimal digits of a positive finite double: value = 0.d₁d₂… × 10^(exponent+1). */
/**
 * The decimal digits of a > 0 rounded to `precision` significant digits, or
 * all of them when the value may lie exactly halfway (then the caller rounds
 * half to even). toExponential rounds the exact value correctly, halves up;
 * only an exact half can round differently, and its digits past `precision`
 * read 5000… at any length.
 */
function roundedDecimal(a: number, precision: number): { digits: string; exponent: number } {
  const probe = a.toExponential(precision + 14);
  const cut = probe.indexOf("e");
  if (/^50*$/.test(probe.slice(0, cut).replace(".", "").slice(precision))) return exactDecimal(a);
  const rounded = a.toExponential(precision - 1);
  const at = rounded.indexOf("e");
  return { digits: rounded.slice(0, at).replace(".", ""), exponent: Number(rounded.slice(at + 1)) };
}

function exactDecimal(a: number): { digits: string; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, a);
  const hi = view.getUint32(0), lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (biased === 0) e2 = -1074;
  else {
    mantissa |= 1n << 52n;
    e2 = biased - 1075;
  }
  // a = mantissa × 2^e2 = (mantissa × 5^−e2) × 10^e2 when e2 < 0.
  let text: string, pointShift: number;
  if (e2 >= 0) {
    text = (mantissa << BigInt(e2)).toString();
    pointShift = 0;
  } else {
    text = (mantissa * 5n ** BigInt(-e2)).toString();
    pointShift = e2;
  }
  const stripped = text.replace(/^0+/, "");
  // value = stripped × 10^pointShift; first digit's power of ten:
  const exponent = stripped.length - 1 + pointShift;
  return { digits: stripped.replace(/0+$/, "") || "0", exponent };
}

function increment(digits: string): string {
  const d = digits.split("").map(Number);
  let i = d.length - 1;
  while (i >= 0 && d[i] === 9) d[i--] = 0;
  if (i < 0) return "1" + d.join("");
  d[i]++;
  return d.join("");
}

/** What {@linkcode ripserReport} prints, besides the barcode. */
export interface RipserHeader {
  /** Input format (decides the first lines). */
  format: "point-cloud" | "lower-distance" | "upper-distance" | "distance";
  /** Number of points. */
  n: number;
  /** Dimension of the points (point-cloud input only). */
  d?: number;
  /** The packed lower triangle of distances (for the value range and edge count). */
  lower: Float32Array;
  /** The threshold given with `--threshold`, if any. */
  threshold?: number;
  /** Only pairs with death/birth above this ratio are printed in dimensions ≥ 1 (default 1). */
  ratio?: number;
}

/**
 * The intervals of one dimension, filtered and ordered as Ripser prints them:
 * H0 drops zero-length intervals and lists finite ones by death, then the
 * essential ones; higher dimensions keep pairs with death > birth × ratio
 * (and every essential class) by decreasing birth. The sorts are stable:
 * intervals of equal death (H0) or birth keep the order of `diagram`, which
 * is Ripser's own when the barcode was computed with `ripserOrder`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ripserIntervals } from "./ph_format.ts";
 * const h1 = ripserIntervals([[1, 2], [3, 3.5], [2, Infinity]], 1, 1.2);
 * // [3, 3.5] dies before 3 × 1.2: dropped; the rest by decreasing birth
 * assert.deepEqual(h1, [[2, Infinity], [1, 2]]);
 * ```
 */
export function ripserIntervals(
  diagram: Array<[number, number]>,
  dim: number,
  ratio = 1,
): Array<[number, number]> {
  return ripserIntervalOrder(diagram, dim, ratio).map((k) => diagram[k]);
}

/** Which intervals {@linkcode ripserIntervals} keeps, as positions in the diagram, in its order. */
function ripserIntervalOrder(
  diagram: Array<[number, number]>,
  dim: number,
  ratio: number,
): number[] {
  const all = diagram.map((_, k) => k);
  if (dim === 0) {
    const finite = all.filter((k) =>
      Number.isFinite(diagram[k][1]) && diagram[k][1] !== diagram[k][0]
    )
      .sort((p, q) => diagram[p][1] - diagram[q][1]);
    return [...finite, ...all.filter((k) => diagram[k][1] === Infinity)];
  }
  return all.filter((k) => diagram[k][1] === Infinity || diagram[k][1] > diagram[k][0] * ratio)
    .sort((p, q) => diagram[q][0] - diagram[p][0]);
}

/**
 * The lines Ripser 1.2.1 prints for this input and barcode, in its order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ripserReport } from "./ph_format.ts";
 * const lines = ripserReport(
 *   { format: "lower-distance", n: 2, lower: new Float32Array([1]) },
 *   { diagrams: [[[0, 1], [0, Infinity]]], threshold: 1, n: 2 },
 * );
 * assert.ok(lines.join("\n") === [
 *   "value range: [1,1]",
 *   "distance matrix with 2 points, using threshold at enclosing radius 1",
 *   "persistence intervals in dim 0:",
 *   " [0,1)",
 *   " [0, )",
 * ].join("\n"));
 * ```
 */
export function ripserReport(header: RipserHeader, barcode: Barcode): string[] {
  const { format, n, lower, threshold } = header;
  const lines: string[] = [];
  if (format === "point-cloud") lines.push(`point cloud with ${n} points in dimension ${header.d}`);
  // Ripser streams a thresholded point cloud straight into a sparse matrix.
  const pointCloudSparse = format === "point-cloud" && threshold !== undefined;
  if (!pointCloudSparse) {
    let min = Infinity, max = -Infinity, edges = 0;
    const t = threshold === undefined ? Infinity : Math.fround(threshold);
    for (let k = 0; k < lower.length; k++) {
      const v = lower[k];
      if (v < min) min = v;
      if (v > max) max = v;
      if (v <= t) edges++;
    }
    lines.push(`value range: [${formatFloat(min)},${formatFloat(max)}]`);
    if (threshold === undefined) {
      lines.push(
        `distance matrix with ${n} points, using threshold at enclosing radius ${
          formatFloat(barcode.threshold)
        }`,
      );
    } else {
      // Ripser 1.2.1 prints (n·n − 1)/2 as the number of possible entries.
      lines.push(
        `sparse distance matrix with ${n} points and ${edges}/${
          Math.floor((n * n - 1) / 2)
        } entries`,
      );
    }
  }
  barcode.diagrams.forEach((diagram, dim) => {
    lines.push(`persistence intervals in dim ${dim}:`);
    for (const [b, d] of ripserIntervals(diagram, dim, header.ratio ?? 1)) {
      lines.push(
        Number.isFinite(d) ? ` [${formatFloat(b)},${formatFloat(d)})` : ` [${formatFloat(b)}, )`,
      );
    }
  });
  return lines;
}

/** The JSON form printed by `deno task ph --json`. */
export interface BarcodeJson {
  /** Always `"nntopo/barcode@1"`. */
  schema: "nntopo/barcode@1";
  /** Number of points. */
  n: number;
  /** Threshold used (the enclosing radius when none was given). */
  threshold: number;
  /** `{ "H0": [[birth, death | null], …], … }`. */
  diagrams: Record<string, DiagramJson>;
  /** With `--cycles`: `cycles.H1[i]` is a representative cycle of `diagrams.H1[i]`, as edges [u, v]. */
  cycles?: { H1: Cycle[] };
}

/**
 * The JSON barcode, with the same intervals Ripser would print (see
 * {@linkcode ripserIntervals}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { barcodeJson } from "./ph_format.ts";
 * const json = barcodeJson({ diagrams: [[[0, Infinity]]], threshold: 1, n: 2 });
 * assert.equal(json.diagrams.H0[0][1], null);
 * ```
 */
export function barcodeJson(barcode: Barcode, ratio = 1): BarcodeJson {
  const orders = barcode.diagrams.map((d, k) => ripserIntervalOrder(d, k, ratio));
  const json: BarcodeJson = {
    schema: "nntopo/barcode@1",
    n: barcode.n,
    threshold: barcode.threshold,
    diagrams: diagramsToJson(orders.map((order, k) => order.map((i) => barcode.diagrams[k][i]))),
  };
  const cycles = barcode.cycles;
  if (cycles) json.cycles = { H1: orders[1].map((i) => cycles.H1[i]) };
  return json;
}
