/**
 * Reading the inputs of `deno task ph`: Ripser's text formats, checked
 * strictly, with errors that name the source, line and field.
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import type { DistanceMatrix } from "../geometry/distance_matrix.ts";

/** The input formats of Ripser 1.2.1 that `deno task ph` reads. */
export type PhFormat = "point-cloud" | "lower-distance" | "upper-distance" | "distance";

/**
 * The formats, in the order `--help` lists them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PH_FORMATS } from "./ph_parse.ts";
 * assert.ok(PH_FORMATS.includes("point-cloud"));
 * ```
 */
export const PH_FORMATS: readonly PhFormat[] = [
  "lower-distance",
  "upper-distance",
  "distance",
  "point-cloud",
];

/** A parsed input: a point cloud, or a distance matrix as its packed lower triangle. */
export type PhInput =
  | { kind: "cloud"; cloud: PointCloud }
  | { kind: "matrix"; matrix: DistanceMatrix };

/**
 * A malformed input; the message names the source, line, field, expected and found.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parsePhInput, PhInputError } from "./ph_parse.ts";
 * try {
 *   parsePhInput("0 0\n1 x\n", "point-cloud", "in.txt");
 * } catch (error) {
 *   assert.ok(error instanceof PhInputError)
 * assert.ok(/in.txt:2: field 2/.test(error.message));
 * }
 * ```
 */
export class PhInputError extends Error {
  /** Create the error with its full message. */
  constructor(message: string) {
    super(message);
    this.name = "PhInputError";
  }
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

interface Token {
  value: number;
  /** The number as written in the input, for error messages. */
  text: string;
  line: number;
  field: number;
}

/** The numbers of one line of the input (empty for a blank line). */
interface Row {
  line: number;
  tokens: Token[];
}

/** Numbers of every line (fields separated by whitespace and/or commas). */
function tokenize(text: string, source: string): Row[] {
  const lines = text.split(/\r?\n/);
  return lines.map((raw, index) => {
    const fields = raw.trim().split(/[\s,]+/).filter((f) => f !== "");
    const tokens = fields.map((f, k) => {
      const where = `${source}:${index + 1}: field ${k + 1}`;
      if (!NUMBER.test(f)) {
        const kind = /^[+-]?(nan|inf|infinity)$/i.test(f) ? "a finite number" : "a number";
        throw new PhInputError(`${where}: expected ${kind}, found ${JSON.stringify(f)}`);
      }
      const value = Math.fround(Number(f));
      if (!Number.isFinite(value)) {
        throw new PhInputError(
          `${where}: expected a finite number within float32 range, found ${f}`,
        );
      }
      return { value, text: f, line: index + 1, field: k + 1 };
    });
    return { line: index + 1, tokens };
  });
}

function pointsFromCount(count: number, source: string, format: PhFormat): number {
  const n = Math.round((1 + Math.sqrt(1 + 8 * count)) / 2);
  if ((n * (n - 1)) / 2 !== count) {
    const below = Math.floor((1 + Math.sqrt(1 + 8 * count)) / 2);
    throw new PhInputError(
      `${source}: ${format}: expected n(n−1)/2 entries for some n, found ${count} ` +
        `(n = ${below} needs ${(below * (below - 1)) / 2}, n = ${below + 1} needs ${
          ((below + 1) * below) / 2
        })`,
    );
  }
  return n;
}

function checkDistances(tokens: Token[], source: string): void {
  for (const t of tokens) {
    if (t.value < 0) {
      throw new PhInputError(
        `${source}:${t.line}: field ${t.field}: expected a distance ≥ 0, found ${t.text}`,
      );
    }
  }
}

function checkPoints(n: number, source: string): void {
  if (n < 1) {
    throw new PhInputError(`${source}: expected at least 1 point, found ${n}`);
  }
}

/**
 * Parse Ripser's text formats:
 * - `point-cloud`: one point per line, coordinates separated by spaces or commas;
 * - `lower-distance`: the strict lower triangle, rows (1,0), (2,0) (2,1), … in
 *   any line layout (Ripser reads it as one stream of numbers);
 * - `upper-distance`: the strict upper triangle, rows (0,1) … (0,n−1), (1,2), …;
 * - `distance`: a full square matrix, or its lower triangle with or without
 *   the diagonal (line i holding i + 1 or i entries); as Ripser, only the
 *   entries left of the diagonal are read. Ripser's actual default format.
 *
 * Blank lines are skipped, except in `distance` where a blank line is a row
 * (the empty first row of a strict lower triangle); trailing blank lines are
 * ignored. Errors name `source`, the line and the field.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parsePhInput } from "./ph_parse.ts";
 * const input = parsePhInput("0 0\n3 4\n", "point-cloud", "points.txt");
 * assert.equal(input.kind, "cloud");
 * assert.equal(input.cloud.n, 2);
 * ```
 */
export function parsePhInput(text: string, format: PhFormat, source: string): PhInput {
  const fast = format === "distance" ? null : quickInput(text, format);
  if (fast) return fast;
  const all = tokenize(text, source);
  if (format === "point-cloud") {
    const rows = all.filter((r) => r.tokens.length > 0);
    const n = rows.length;
    checkPoints(n, source);
    const d = rows[0].tokens.length;
    const data = new Float32Array(n * d);
    rows.forEach((row, i) => {
      if (row.tokens.length !== d) {
        throw new PhInputError(
          `${source}:${row.line}: expected ${d} coordinates (as on line ${
            rows[0].line
          }), found ${row.tokens.length}`,
        );
      }
      row.tokens.forEach((t, k) => data[i * d + k] = t.value);
    });
    return { kind: "cloud", cloud: { data, n, d } };
  }
  if (format === "distance") return { kind: "matrix", matrix: readDistance(all, source) };
  if (format !== "lower-distance" && format !== "upper-distance") {
    throw new PhInputError(
      `${source}: format: expected one of ${PH_FORMATS.join(", ")}, found ${
        JSON.stringify(format)
      }`,
    );
  }
  const tokens = all.flatMap((r) => r.tokens);
  checkDistances(tokens, source);
  const n = pointsFromCount(tokens.length, source, format);
  checkPoints(n, source);
  const lower = new Float32Array(tokens.length);
  if (format === "lower-distance") {
    tokens.forEach((t, k) => lower[k] = t.value);
  } else {
    // Upper entry (i, j), i < j, is the lower entry (j, i) at j(j−1)/2 + i.
    let k = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) lower[(j * (j - 1)) / 2 + i] = tokens[k++].value;
    }
  }
  return { kind: "matrix", matrix: { kind: "lower", data: lower, n } };
}

/**
 * The numbers of the text and how many each line holds, read in one pass
 * without a string per line: null when the text holds anything but ASCII
 * numbers (as `NUMBER` reads them), spaces, tabs, commas and line breaks, or a
 * number beyond float32 — then `tokenize` reads it again and names the error.
 */
function scanNumbers(text: string): { values: Float32Array; perLine: number[] } | null {
  let values = new Float32Array(1024), size = 0, count = 0;
  const perLine: number[] = [];
  const length = text.length;
  let p = 0;
  while (p <= length) {
    const c = p < length ? text.charCodeAt(p) : 10;
    if (c === 10) {
      perLine.push(count);
      count = 0;
      p++;
      continue;
    }
    if (c === 32 || c === 44 || (c >= 9 && c <= 13)) {
      p++;
      continue;
    }
    const end = numberEnd(text, p);
    if (end < 0) return null;
    const value = Math.fround(Number(text.slice(p, end)));
    if (!Number.isFinite(value)) return null;
    if (size === values.length) {
      const grown = new Float32Array(2 * size);
      grown.set(values);
      values = grown;
    }
    values[size++] = value;
    count++;
    p = end;
  }
  // a text ending in a line break has no last line beyond it (as split gives an empty one)
  if (length > 0 && text.charCodeAt(length - 1) === 10) perLine.pop();
  return { values: values.subarray(0, size), perLine };
}

/** Where the number at p ends (a separator or the end must follow), or −1 if none is there. */
function numberEnd(text: string, p: number): number {
  const digit = (q: number) => {
    const c = text.charCodeAt(q);
    return c >= 48 && c <= 57;
  };
  let q = p, digits = 0;
  const sign = text.charCodeAt(q);
  if (sign === 43 || sign === 45) q++;
  while (q < text.length && digit(q)) q++, digits++;
  if (text.charCodeAt(q) === 46) {
    q++;
    while (q < text.length && digit(q)) q++, digits++;
  }
  if (digits === 0) return -1;
  const e = text.charCodeAt(q);
  if (e === 101 || e === 69) {
    q++;
    const s = text.charCodeAt(q);
    if (s === 43 || s === 45) q++;
    let exponent = 0;
    while (q < text.length && digit(q)) q++, exponent++;
    if (exponent === 0) return -1;
  }
  if (q === text.length) return q;
  const c = text.charCodeAt(q);
  return c === 32 || c === 44 || (c >= 9 && c <= 13) ? q : -1;
}

/**
 * {@linkcode parsePhInput} for point clouds and triangles in one pass, or
 * null wherever the input is not plainly valid (the full reader then names the error).
 */
function quickInput(text: string, format: PhFormat): PhInput | null {
  const scanned = scanNumbers(text);
  if (!scanned) return null;
  const { values, perLine } = scanned;
  if (format === "point-cloud") {
    const d = perLine.find((k) => k > 0) ?? 0;
    if (d === 0 || perLine.some((k) => k !== 0 && k !== d)) return null;
    return { kind: "cloud", cloud: { data: values.slice(), n: values.length / d, d } };
  }
  if (format !== "lower-distance" && format !== "upper-distance") return null;
  const count = values.length;
  const n = Math.round((1 + Math.sqrt(1 + 8 * count)) / 2);
  if (n < 1 || (n * (n - 1)) / 2 !== count || values.some((v) => v < 0)) return null;
  if (format === "lower-distance") {
    return { kind: "matrix", matrix: { kind: "lower", data: values.slice(), n } };
  }
  const lower = new Float32Array(count);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) lower[(j * (j - 1)) / 2 + i] = values[k++];
  }
  return { kind: "matrix", matrix: { kind: "lower", data: lower, n } };
}

/** Ripser's `distance` format: row i contributes its first i entries. */
function readDistance(all: Row[], source: string): DistanceMatrix {
  let end = all.length;
  while (end > 0 && all[end - 1].tokens.length === 0) end--;
  const rows = all.slice(0, end);
  const n = rows.length;
  // The first row tells the layout: n entries (square), 1 (lower triangle
  // with the diagonal) or 0 (strict lower triangle, blank first line).
  const first = rows[0]?.tokens.length ?? 0;
  const layout = first === 1 && n > 1 ? 1 : first === 0 ? 0 : n;
  const expected = (i: number) => layout === n ? n : i + layout;
  const name = layout === n
    ? `a square ${n}×${n} matrix`
    : layout === 1
    ? "a lower triangle with its diagonal"
    : "a strict lower triangle";
  rows.forEach((row, i) => {
    if (row.tokens.length !== expected(i)) {
      throw new PhInputError(
        `${source}:${row.line}: distance: expected ${expected(i)} entries (row ${i} of ${name}, ` +
          `as line 1 suggests), found ${row.tokens.length}`,
      );
    }
  });
  checkPoints(n, source);
  const lower = new Float32Array((n * (n - 1)) / 2);
  let o = 0;
  rows.forEach((row, i) => {
    checkDistances(row.tokens, source);
    for (let j = 0; j < i; j++) lower[o++] = row.tokens[j].value;
  });
  return { kind: "lower", data: lower, n };
}
