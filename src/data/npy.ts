/**
 * NumPy's `.npy` file format (versions 1.0, 2.0 and 3.0): the magic string
 * `\x93NUMPY`, a major and minor version byte, the header length (2 bytes
 * little-endian in version 1, 4 bytes in versions 2 and 3), a Python dict
 * literal `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`
 * (latin-1 in versions 1–2, UTF-8 in version 3), then the raw values.
 *
 * Read here: float32, float64, int8–int64 and uint8–uint64, either byte
 * order, C or Fortran order. Values come back in C (row-major) order and the
 * machine's byte order. Anything else (object arrays, booleans, strings,
 * structured dtypes, complex numbers, a short or long file) is an
 * {@linkcode NpyError} naming the file, what was expected and what was found.
 *
 * Written here rather than taken from npm: `npyjs` knows only little-endian
 * descriptors (and reads `'<u4'` into an Int32Array) and ignores
 * `fortran_order`; `numpy-parser` has no 64-bit integers (PyTorch's labels
 * are int64). Neither checks the data length against the shape.
 *
 * @module
 */

/** The element types {@linkcode readNpy} reads. */
export type NpyDtype =
  | "float32"
  | "float64"
  | "int8"
  | "int16"
  | "int32"
  | "int64"
  | "uint8"
  | "uint16"
  | "uint32"
  | "uint64";

/** A typed array for a {@linkcode NpyDtype} (64-bit integers as BigInt arrays). */
export type NpyData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array;

/** A decoded `.npy` array. */
export interface NpyArray {
  /** Element type. */
  dtype: NpyDtype;
  /** Dimensions, outermost first (`[]` for a scalar). */
  shape: number[];
  /** Values in C (row-major) order, native byte order. */
  data: NpyData;
  /** Format version of the file, e.g. `"1.0"`. */
  version: string;
  /** Whether the file stored the values in Fortran (column-major) order. */
  fortranOrder: boolean;
}

/**
 * A `.npy` file that could not be read or that is not what the caller
 * expects; the message names the file, what was expected and what was found.
 *
 * @example
 * ```ts
 * import { NpyError } from "./npy.ts";
 * import assert from "node:assert/strict";
 * const e = new NpyError("a.npy", "dtype float32", "'|b1'");
 * assert.equal(e.message, "a.npy: expected dtype float32, found '|b1'");
 * ```
 */
export class NpyError extends Error {
  /** `"NpyError"`. */
  override name = "NpyError";
  /** The file. */
  readonly file: string;
  /** What was expected. */
  readonly expected: string;
  /** What was found. */
  readonly found: string;
  /** An error about `file`: what was `expected`, what was `found`. */
  constructor(file: string, expected: string, found: string) {
    super(`${file}: expected ${expected}, found ${found}`);
    this.file = file;
    this.expected = expected;
    this.found = found;
  }
}

const KINDS: Record<string, { dtype: NpyDtype; size: number }> = {
  f4: { dtype: "float32", size: 4 },
  f8: { dtype: "float64", size: 8 },
  i1: { dtype: "int8", size: 1 },
  i2: { dtype: "int16", size: 2 },
  i4: { dtype: "int32", size: 4 },
  i8: { dtype: "int64", size: 8 },
  u1: { dtype: "uint8", size: 1 },
  u2: { dtype: "uint16", size: 2 },
  u4: { dtype: "uint32", size: 4 },
  u8: { dtype: "uint64", size: 8 },
};

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** What a caller expects of an array; {@linkcode readNpy} checks it. */
export interface NpyExpectation {
  /** Accepted element types. */
  dtypes?: readonly NpyDtype[];
  /** Exact number of dimensions, or `[min, max]`. */
  ndim?: number | readonly [number, number];
  /** Sizes of the leading dimensions; `null` accepts any size. */
  shape?: readonly (number | null)[];
}

/**
 * Decode `.npy` bytes. `file` names the source in errors; `expect` adds
 * checks of the dtype and shape.
 *
 * @example
 * ```ts
 * import { encodeNpy, readNpy } from "./npy.ts";
 * import assert from "node:assert/strict";
 * const bytes = encodeNpy(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
 * const a = readNpy(bytes, "x.npy", { dtypes: ["float32"], ndim: 2, shape: [2] });
 * assert.deepEqual(a.shape, [2, 3]);
 * assert.equal(a.data[5], 6);
 * assert.throws(() => readNpy(bytes, "x.npy", { shape: [5] }), /x.npy: expected dimension 0 of size 5, found shape \(2, 3\)/);
 * ```
 */
export function readNpy(
  bytes: Uint8Array,
  file = "<bytes>",
  expect: NpyExpectation = {},
): NpyArray {
  const { header, dataStart, version } = readHeader(bytes, file);
  const { descr, fortranOrder, shape } = parseHeader(header, file);
  const kind = dtypeOf(descr, file);
  const count = shape.reduce((a, b) => a * b, 1);
  const need = dataStart + count * kind.size;
  if (bytes.length !== need) {
    throw new NpyError(
      file,
      `${need - dataStart} bytes of data for shape ${tuple(shape)} of ${kind.dtype}`,
      `${bytes.length - dataStart} bytes`,
    );
  }
  const littleEndian = kind.size === 1 || descr[0] !== ">";
  let data = decodeValues(bytes.subarray(dataStart, need), kind.dtype, littleEndian);
  if (fortranOrder && shape.length > 1) data = fortranToC(data, shape);
  const array: NpyArray = { dtype: kind.dtype, shape, data, version, fortranOrder };
  checkExpectation(array, file, expect);
  return array;
}

/**
 * Read a `.npy` file from disk (see {@linkcode readNpy}); a missing file is
 * an {@linkcode NpyError} too.
 *
 * @example
 * ```ts
 * import { encodeNpy, readNpyFile } from "./npy.ts";
 * import assert from "node:assert/strict";
 * const path = await Deno.makeTempFile({ suffix: ".npy" });
 * await Deno.writeFile(path, encodeNpy(new Int32Array([3, 1]), [2]));
 * assert.equal((await readNpyFile(path)).data[0], 3);
 * await Deno.remove(path);
 * ```
 */
export async function readNpyFile(path: string, expect: NpyExpectation = {}): Promise<NpyArray> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    throw new NpyError(path, "a readable .npy file", (error as Error).message);
  }
  return readNpy(bytes, path, expect);
}

function readHeader(
  bytes: Uint8Array,
  file: string,
): { header: string; dataStart: number; version: string } {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    const start = Array.from(bytes.subarray(0, 6), (b) => b.toString(16).padStart(2, "0"));
    throw new NpyError(file, "the .npy magic \\x93NUMPY", `bytes ${start.join(" ") || "(none)"}`);
  }
  const major = bytes[6], minor = bytes[7];
  const version = `${major}.${minor}`;
  if (major < 1 || major > 3) throw new NpyError(file, "format version 1.x, 2.x or 3.x", version);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) {
    throw new NpyError(file, "a header length", `a file of ${bytes.length} bytes`);
  }
  const length = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = 8 + lengthBytes;
  const dataStart = headerStart + length;
  if (bytes.length < dataStart) {
    throw new NpyError(file, `a header of ${length} bytes`, `a file of ${bytes.length} bytes`);
  }
  const raw = bytes.subarray(headerStart, dataStart);
  const header = major === 3
    ? new TextDecoder("utf-8", { fatal: false }).decode(raw)
    : String.fromCharCode(...raw);
  return { header, dataStart, version };
}

function parseHeader(
  header: string,
  file: string,
): { descr: string; fortranOrder: boolean; shape: number[] } {
  const text = header.trim();
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text);
  if (!descr) {
    const structured = /['"]descr['"]\s*:\s*\[/.test(text);
    throw new NpyError(
      file,
      "a header with a simple 'descr' string",
      structured ? `a structured dtype in ${text}` : `header ${text}`,
    );
  }
  const order = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text);
  if (!order) throw new NpyError(file, "a header with 'fortran_order': True or False", text);
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text);
  if (!shape) throw new NpyError(file, "a header with a 'shape' tuple", text);
  const dims = shape[1].split(",").map((s) => s.trim()).filter((s) => s !== "");
  const sizes = dims.map((s) => {
    const m = /^(\d+)L?$/.exec(s);
    if (!m) throw new NpyError(file, "a shape of non-negative integers", `(${shape[1]})`);
    return Number(m[1]);
  });
  return { descr: descr[1], fortranOrder: order[1] === "True", shape: sizes };
}

function dtypeOf(descr: string, file: string): { dtype: NpyDtype; size: number } {
  const m = /^([<>|=]?)([a-zA-Z]\d+)$/.exec(descr);
  const kind = m ? KINDS[m[2]] : undefined;
  if (!m || !kind || (m[1] === "|" && kind.size > 1)) {
    throw new NpyError(
      file,
      "dtype float32, float64, int8–int64 or uint8–uint64 ('<f4', '>f8', '|u1', …)",
      `'${descr}'`,
    );
  }
  return kind;
}

const READERS: Record<
  NpyDtype,
  { make: (n: number) => NpyData; get: (v: DataView, at: number, le: boolean) => number | bigint }
> = {
  float32: { make: (n) => new Float32Array(n), get: (v, at, le) => v.getFloat32(at, le) },
  float64: { make: (n) => new Float64Array(n), get: (v, at, le) => v.getFloat64(at, le) },
  int8: { make: (n) => new Int8Array(n), get: (v, at) => v.getInt8(at) },
  int16: { make: (n) => new Int16Array(n), get: (v, at, le) => v.getInt16(at, le) },
  int32: { make: (n) => new Int32Array(n), get: (v, at, le) => v.getInt32(at, le) },
  int64: { make: (n) => new BigInt64Array(n), get: (v, at, le) => v.getBigInt64(at, le) },
  uint8: { make: (n) => new Uint8Array(n), get: (v, at) => v.getUint8(at) },
  uint16: { make: (n) => new Uint16Array(n), get: (v, at, le) => v.getUint16(at, le) },
  uint32: { make: (n) => new Uint32Array(n), get: (v, at, le) => v.getUint32(at, le) },
  uint64: { make: (n) => new BigUint64Array(n), get: (v, at, le) => v.getBigUint64(at, le) },
};

function decodeValues(raw: Uint8Array, dtype: NpyDtype, littleEndian: boolean): NpyData {
  const reader = READERS[dtype];
  const size = KINDS[Object.keys(KINDS).find((k) => KINDS[k].dtype === dtype)!].size;
  const count = raw.length / size;
  const out = reader.make(count);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  for (let i = 0; i < count; i++) {
    (out as { [i: number]: unknown })[i] = reader.get(view, i * size, littleEndian);
  }
  return out;
}

/** Reorder values stored first-axis-fastest into row-major order. */
function fortranToC(data: NpyData, shape: number[]): NpyData {
  const out = new (data.constructor as new (n: number) => NpyData)(data.length);
  const ndim = shape.length;
  const cStrides = new Array<number>(ndim);
  let stride = 1;
  for (let k = ndim - 1; k >= 0; k--) {
    cStrides[k] = stride;
    stride *= shape[k];
  }
  const index = new Array<number>(ndim).fill(0);
  let offset = 0; // row-major offset of `index`
  const src = data as { [i: number]: unknown }, dst = out as { [i: number]: unknown };
  for (let i = 0; i < data.length; i++) {
    dst[offset] = src[i];
    // Advance the multi-index with the first axis fastest.
    for (let k = 0; k < ndim; k++) {
      index[k]++;
      offset += cStrides[k];
      if (index[k] < shape[k]) break;
      offset -= index[k] * cStrides[k];
      index[k] = 0;
    }
  }
  return out;
}

function checkExpectation(array: NpyArray, file: string, expect: NpyExpectation): void {
  const { dtypes, ndim, shape } = expect;
  if (dtypes && !dtypes.includes(array.dtype)) {
    throw new NpyError(file, `dtype ${dtypes.join(" or ")}`, `dtype ${array.dtype}`);
  }
  if (ndim !== undefined) {
    const [min, max] = typeof ndim === "number" ? [ndim, ndim] : ndim;
    if (array.shape.length < min || array.shape.length > max) {
      const want = min === max
        ? `${min}`
        : max === Infinity
        ? `at least ${min}`
        : `${min} to ${max}`;
      throw new NpyError(
        file,
        `${want} dimension${want === "1" ? "" : "s"}`,
        `shape ${tuple(array.shape)}`,
      );
    }
  }
  shape?.forEach((size, k) => {
    if (size !== null && array.shape[k] !== size) {
      throw new NpyError(file, `dimension ${k} of size ${size}`, `shape ${tuple(array.shape)}`);
    }
  });
}

/** A shape as Python writes it: `(3,)`, `(2, 3)`, `()`. */
function tuple(shape: number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/**
 * The values of an array as float32 (any dtype), checking that every value
 * is finite; `file` names the source in the error.
 *
 * @example
 * ```ts
 * import { encodeNpy, npyToFloat32, readNpy } from "./npy.ts";
 * import assert from "node:assert/strict";
 * const a = readNpy(encodeNpy(new Float64Array([0.5, NaN]), [2]), "a.npy");
 * assert.throws(() => npyToFloat32(a, "a.npy"), /a.npy: expected finite values, found NaN at index 1/);
 * ```
 */
export function npyToFloat32(array: NpyArray, file: string): Float32Array {
  const out = new Float32Array(array.data.length);
  const src = array.data as { [i: number]: number | bigint };
  for (let i = 0; i < out.length; i++) {
    const v = Number(src[i]);
    if (!Number.isFinite(v)) {
      throw new NpyError(file, "finite values", `${v} at index ${flatIndex(i, array.shape)}`);
    }
    out[i] = v;
  }
  return out;
}

/**
 * The values of an integer array as int32; a float array, or a value outside
 * the int32 range, is an {@linkcode NpyError}.
 *
 * @example
 * ```ts
 * import { encodeNpy, npyToInt32, readNpy } from "./npy.ts";
 * import assert from "node:assert/strict";
 * const a = readNpy(encodeNpy(new Int32Array([4, 2]), [2]), "y.npy");
 * assert.deepEqual([...npyToInt32(a, "y.npy")], [4, 2]);
 * ```
 */
export function npyToInt32(array: NpyArray, file: string): Int32Array {
  if (array.dtype === "float32" || array.dtype === "float64") {
    throw new NpyError(file, "an integer dtype (int8–int64, uint8–uint64)", `dtype ${array.dtype}`);
  }
  const out = new Int32Array(array.data.length);
  const src = array.data as { [i: number]: number | bigint };
  for (let i = 0; i < out.length; i++) {
    const v = Number(src[i]);
    if (v < -(2 ** 31) || v >= 2 ** 31) {
      throw new NpyError(
        file,
        "values in the int32 range",
        `${src[i]} at index ${flatIndex(i, array.shape)}`,
      );
    }
    out[i] = v;
  }
  return out;
}

/** A row-major position as a Python index: `3` for 1-D, `(1, 0)` otherwise. */
function flatIndex(i: number, shape: number[]): string {
  if (shape.length <= 1) return String(i);
  const index: number[] = [];
  for (let k = shape.length - 1; k >= 0; k--) {
    index.unshift(i % shape[k]);
    i = Math.floor(i / shape[k]);
  }
  return `(${index.join(", ")})`;
}

/**
 * Encode a float32, float64 or int32 array as `.npy` bytes (version 1.0,
 * little-endian, C order), as `numpy.save` writes it.
 *
 * @example
 * ```ts
 * import { encodeNpy } from "./npy.ts";
 * import assert from "node:assert/strict";
 * const bytes = encodeNpy(new Float64Array([1, 2]), [2]);
 * assert.equal(bytes.length % 64, 16 % 64);
 * ```
 */
export function encodeNpy(
  data: Float32Array | Float64Array | Int32Array,
  shape: number[],
): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (!shape.every((s) => Number.isInteger(s) && s >= 0) || count !== data.length) {
    throw new RangeError(
      `encodeNpy: expected ${count} values for shape ${tuple(shape)}, found ${data.length}`,
    );
  }
  const descr = data instanceof Float32Array ? "<f4" : data instanceof Float64Array ? "<f8" : "<i4";
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${tuple(shape)}, }`;
  // Pad with spaces so that the data starts at a multiple of 64, then a newline.
  const unpadded = 10 + header.length + 1;
  header += " ".repeat((64 - (unpadded % 64)) % 64) + "\n";
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const view = new DataView(out.buffer, 10 + header.length);
  const size = data.BYTES_PER_ELEMENT;
  for (let i = 0; i < data.length; i++) {
    if (data instanceof Float32Array) view.setFloat32(i * size, data[i], true);
    else if (data instanceof Float64Array) view.setFloat64(i * size, data[i], true);
    else view.setInt32(i * size, data[i], true);
  }
  return out;
}
