/**
 * A user's own small data set as a table: a CSV file (one row per point, a
 * label column, every other column a number), or `.npy` arrays (a 2-D
 * float array of features with a 1-D integer array of labels beside it, or a
 * 2-D array whose last column is the label).
 *
 * Labels become classes 0..k-1: integer labels in ascending order, any other
 * labels in sorted text order; `classNames` keeps the original labels.
 *
 * @module
 */

import { assertDataset, type Dataset } from "./dataset.ts";
import { npyToFloat32, npyToInt32, readNpyFile } from "./npy.ts";

/** A table's data set and the original label of each class. */
export interface TableDataset extends Dataset {
  /** The label of class i as the file wrote it. */
  classNames: string[];
}

/** Options of the table loaders. */
export interface TableOptions {
  /** The label column of a CSV file: its header name or 0-based index (default: the last). */
  label?: string | number;
  /** Name of the data set (default: the file's name without extension). */
  name?: string;
}

/** Split one CSV line into fields (double quotes quote, `""` is a quote). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = "", quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') field += c, i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") fields.push(field.trim()), field = "";
    else field += c;
  }
  fields.push(field.trim());
  return fields;
}

/** Classes 0..k-1 for the labels: numeric order when all are integers, text order otherwise. */
function encodeLabels(labels: string[]): { y: Int32Array; classNames: string[] } {
  const distinct = [...new Set(labels)];
  const integers = distinct.every((l) => /^-?\d+$/.test(l));
  distinct.sort(integers ? (a, b) => Number(a) - Number(b) : undefined);
  const index = new Map(distinct.map((l, i) => [l, i]));
  return { y: Int32Array.from(labels, (l) => index.get(l)!), classNames: distinct };
}

/**
 * Parse CSV text; a first row with any non-numeric feature field is a header.
 * `file` names the source in errors.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCsvTable } from "./table.ts";
 * const t = parseCsvTable("x,y,kind\n0,1,cat\n2,3,dog\n4,5,cat\n", { label: "kind" }, "t.csv");
 * assert.deepEqual([t.n, t.d, t.classes, [...t.y], t.classNames], [3, 2, 2, [0, 1, 0], ["cat", "dog"]]);
 * assert.throws(() => parseCsvTable("1,2\nx,3\n", {}, "b.csv"), /b.csv: line 2, column 1: expected a number, found "x"/);
 * ```
 */
export function parseCsvTable(
  text: string,
  options: TableOptions = {},
  file = "<csv>",
): TableDataset {
  const lines = text.split(/\r?\n/).map((l, i) => ({ at: i + 1, l })).filter((r) =>
    r.l.trim() !== ""
  );
  if (lines.length === 0) throw new Error(`${file}: expected CSV rows, found an empty file`);
  const rows = lines.map((r) => ({ at: r.at, fields: csvFields(r.l) }));
  const width = rows[0].fields.length;
  const labelAt = labelColumn(rows[0].fields, options.label, file);
  const numeric = (f: string) => f !== "" && Number.isFinite(Number(f));
  const header = rows[0].fields.some((f, j) => j !== labelAt && !numeric(f));
  const body = header ? rows.slice(1) : rows;
  if (typeof options.label === "string" && !header) {
    throw new Error(
      `${file}: label "${options.label}": expected a header row naming it, found none`,
    );
  }
  if (body.length === 0) {
    throw new Error(`${file}: expected data rows after the header, found none`);
  }
  const d = width - 1;
  const x = new Float32Array(body.length * d);
  const labels: string[] = [];
  body.forEach(({ at, fields }, i) => {
    if (fields.length !== width) {
      throw new Error(`${file}: line ${at}: expected ${width} fields, found ${fields.length}`);
    }
    let k = 0;
    fields.forEach((f, j) => {
      if (j === labelAt) return void labels.push(f);
      if (!numeric(f)) {
        throw new Error(
          `${file}: line ${at}, column ${j + 1}: expected a number, found ${JSON.stringify(f)}`,
        );
      }
      x[i * d + k++] = Number(f);
    });
  });
  const { y, classNames } = encodeLabels(labels);
  const name = options.name ?? baseName(file);
  const data = { name, x, y, n: body.length, d, classes: classNames.length, classNames };
  assertDataset(data, file);
  return data;
}

function labelColumn(first: string[], label: string | number | undefined, file: string): number {
  if (label === undefined) return first.length - 1;
  const at = typeof label === "number" ? label : first.indexOf(label);
  if (!(Number.isInteger(at) && at >= 0 && at < first.length)) {
    throw new Error(
      `${file}: label column: expected ${
        typeof label === "number" ? `an index below ${first.length}` : `one of ${first.join(", ")}`
      }, found ${JSON.stringify(label)}`,
    );
  }
  return at;
}

function baseName(path: string): string {
  return (path.split("/").pop() ?? path).replace(/\.[^.]*$/, "") || "table";
}

/**
 * Load a table: `x.csv`; or `x.npy` with labels in `labels` (a 1-D integer
 * `.npy`), or, without it, in the last column of `x.npy`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadTable } from "./table.ts";
 * import { encodeNpy } from "./npy.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeFile(`${dir}/x.npy`, encodeNpy(new Float32Array([0, 1, 2, 3]), [2, 2]));
 * await Deno.writeFile(`${dir}/y.npy`, encodeNpy(new Int32Array([5, 7]), [2]));
 * const t = await loadTable(`${dir}/x.npy`, { labels: `${dir}/y.npy` });
 * assert.deepEqual([t.n, t.d, [...t.y], t.classNames], [2, 2, [0, 1], ["5", "7"]]);
 * ```
 */
export async function loadTable(
  path: string,
  options: TableOptions & { labels?: string } = {},
): Promise<TableDataset> {
  if (path.endsWith(".csv")) {
    let text: string;
    try {
      text = await Deno.readTextFile(path);
    } catch (error) {
      throw new Error(`${path}: expected a readable CSV file (${(error as Error).message})`);
    }
    return parseCsvTable(text, options, path);
  }
  if (!path.endsWith(".npy")) throw new Error(`${path}: expected a .csv or .npy file`);
  const features = await readNpyFile(path, { ndim: 2 });
  const [n, width] = features.shape;
  const values = npyToFloat32(features, path);
  let x = values, d = width, labels: string[];
  if (options.labels) {
    const y = await readNpyFile(options.labels, { ndim: 1, shape: [n] });
    labels = Array.from(npyToInt32(y, options.labels), String);
  } else {
    d = width - 1;
    x = new Float32Array(n * d);
    labels = [];
    for (let i = 0; i < n; i++) {
      x.set(values.subarray(i * width, i * width + d), i * d);
      const v = values[i * width + d];
      if (!Number.isInteger(v)) {
        throw new Error(`${path}: row ${i}, last column: expected an integer label, found ${v}`);
      }
      labels.push(String(v));
    }
  }
  const { y, classNames } = encodeLabels(labels);
  const data = {
    name: options.name ?? baseName(path),
    x,
    y,
    n,
    d,
    classes: classNames.length,
    classNames,
  };
  assertDataset(data, path);
  return data;
}
