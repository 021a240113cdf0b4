/**
 * The IDX file format (LeCun's MNIST format): a 4-byte magic (two zero bytes,
 * a type code, the number of dimensions), the dimensions as big-endian 32-bit
 * integers, then the values in big-endian row-major order. Gzipped files
 * (`.gz`, or gzip's magic bytes) are inflated with DecompressionStream.
 *
 * @module
 */

/** IDX value types by name. */
export type IdxType = "ubyte" | "byte" | "short" | "int" | "float" | "double";

/** A typed array matching an IDX value type. */
export type IdxData =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** A decoded IDX file. */
export interface IdxArray {
  /** Value type. */
  type: IdxType;
  /** Dimension sizes, outermost first (e.g. [60000, 28, 28]). */
  dims: number[];
  /** Values, row-major, in native byte order. */
  data: IdxData;
}

const TYPES: Record<number, { type: IdxType; size: number }> = {
  0x08: { type: "ubyte", size: 1 },
  0x09: { type: "byte", size: 1 },
  0x0b: { type: "short", size: 2 },
  0x0c: { type: "int", size: 4 },
  0x0d: { type: "float", size: 4 },
  0x0e: { type: "double", size: 8 },
};

/**
 * Decode IDX bytes (not gzipped). `file` names the source in error messages.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readIdx } from "./idx.ts";
 * const bytes = new Uint8Array([0, 0, 0x08, 1, 0, 0, 0, 2, 7, 9]);
 * const { dims, data } = readIdx(bytes);
 * assert.equal(dims[0], 2);
 * assert.equal(data[1], 9);
 * ```
 */
export function readIdx(bytes: Uint8Array, file = "<bytes>"): IdxArray {
  const fail = (what: string): never => {
    throw new Error(`IDX file ${file}: ${what}`);
  };
  if (bytes.length < 4) fail(`expected a 4-byte header, found ${bytes.length} bytes`);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    fail("the bytes are gzip-compressed; read the file with readIdxFile, which inflates it");
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    fail(
      `bad magic number: expected the first two bytes to be 0x00 0x00, found 0x${hex(bytes[0])} 0x${
        hex(bytes[1])
      }`,
    );
  }
  const spec = TYPES[bytes[2]];
  if (!spec) {
    fail(
      `unknown type code 0x${
        hex(bytes[2])
      } in the magic number (expected 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E)`,
    );
  }
  const ndims = bytes[3];
  if (ndims < 1) fail("expected at least one dimension, found 0");
  const headerLength = 4 + 4 * ndims;
  if (bytes.length < headerLength) {
    fail(`header declares ${ndims} dimensions but the file has only ${bytes.length} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let k = 0; k < ndims; k++) {
    const size = view.getUint32(4 + 4 * k, false);
    dims.push(size);
    count *= size;
  }
  const expected = headerLength + count * spec.size;
  if (bytes.length !== expected) {
    fail(
      `dimensions ${dims.join("×")} of ${spec.type} need ${expected} bytes, found ${bytes.length}`,
    );
  }
  const at = headerLength;
  let data: IdxData;
  switch (spec.type) {
    case "ubyte":
      data = bytes.slice(at, expected);
      break;
    case "byte":
      data = new Int8Array(bytes.slice(at, expected).buffer);
      break;
    case "short":
      data = Int16Array.from({ length: count }, (_, i) => view.getInt16(at + 2 * i, false));
      break;
    case "int":
      data = Int32Array.from({ length: count }, (_, i) => view.getInt32(at + 4 * i, false));
      break;
    case "float":
      data = Float32Array.from({ length: count }, (_, i) => view.getFloat32(at + 4 * i, false));
      break;
    case "double":
      data = Float64Array.from({ length: count }, (_, i) => view.getFloat64(at + 8 * i, false));
      break;
  }
  return { type: spec.type, dims, data };
}

/**
 * Read an IDX file from disk, inflating it when it is gzipped (name ending in
 * `.gz` or gzip magic bytes).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readIdxFile, writeIdx } from "./idx.ts";
 * const path = await Deno.makeTempFile({ suffix: ".idx" });
 * await Deno.writeFile(path, writeIdx(new Uint8Array([1, 2, 3]), [3]));
 * assert.equal((await readIdxFile(path)).data[2], 3);
 * await Deno.remove(path);
 * ```
 */
export async function readIdxFile(path: string): Promise<IdxArray> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(`IDX file ${path}: not found`, { cause: error });
    }
    throw error;
  }
  if (path.endsWith(".gz") || (bytes[0] === 0x1f && bytes[1] === 0x8b)) {
    try {
      bytes = await gunzip(bytes);
    } catch (error) {
      throw new Error(`IDX file ${path}: could not gunzip it (${(error as Error).message})`, {
        cause: error,
      });
    }
  }
  return readIdx(bytes, path);
}

/**
 * Encode values as IDX bytes (big-endian), e.g. to write test fixtures.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readIdx, writeIdx } from "./idx.ts";
 * const bytes = writeIdx(new Float32Array([1.5, -2]), [2]);
 * assert.equal(readIdx(bytes).data[1], -2);
 * ```
 */
export function writeIdx(data: IdxData, dims: number[]): Uint8Array {
  const type: IdxType = data instanceof Uint8Array
    ? "ubyte"
    : data instanceof Int8Array
    ? "byte"
    : data instanceof Int16Array
    ? "short"
    : data instanceof Int32Array
    ? "int"
    : data instanceof Float32Array
    ? "float"
    : "double";
  const code = Number(Object.keys(TYPES).find((k) => TYPES[Number(k)].type === type));
  const size = TYPES[code].size;
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new RangeError(
      `writeIdx: dimensions ${dims.join("×")} hold ${count} values, found ${data.length}`,
    );
  }
  const header = 4 + 4 * dims.length;
  const bytes = new Uint8Array(header + count * size);
  const view = new DataView(bytes.buffer);
  bytes[2] = code;
  bytes[3] = dims.length;
  dims.forEach((s, k) => view.setUint32(4 + 4 * k, s, false));
  for (let i = 0; i < count; i++) {
    const at = header + i * size;
    const v = data[i];
    if (type === "ubyte") view.setUint8(at, v);
    else if (type === "byte") view.setInt8(at, v);
    else if (type === "short") view.setInt16(at, v, false);
    else if (type === "int") view.setInt32(at, v, false);
    else if (type === "float") view.setFloat32(at, v, false);
    else view.setFloat64(at, v, false);
  }
  return bytes;
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
    new DecompressionStream("gzip"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function hex(b: number): string {
  return b.toString(16).padStart(2, "0").toUpperCase();
}
