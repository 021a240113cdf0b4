/**
 * The safetensors file format (Hugging Face): readable by PyTorch
 * (`safetensors.torch.load_file`), NumPy and others without pickle.
 *
 * Layout: an 8-byte little-endian unsigned header length N, then N bytes of
 * JSON header `{"<name>": {"dtype": "F32", "shape": [...], "data_offsets":
 * [begin, end]}, ..., "__metadata__": {"key": "value"}}`, padded with spaces so
 * that the data starts at an 8-byte boundary, then the tensors' raw
 * little-endian bytes back to back (offsets relative to the data start).
 * Tensors are laid out in sorted name order and the header's keys are sorted,
 * so the same tensors always give the same bytes.
 *
 * @module
 */

/** One tensor to store: float32 values in row-major order. */
export interface SafetensorsEntry {
  /** Element type; only 32-bit floats are written. */
  dtype: "F32";
  /** Dimensions; the product must equal `data.length` (`[]` for a scalar). */
  shape: number[];
  /** Values, row-major. */
  data: Float32Array;
}

/**
 * Encode named float32 tensors (and optional string metadata) as safetensors
 * bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeSafetensors, encodeSafetensors } from "./safetensors.ts";
 * const bytes = encodeSafetensors({
 *   "dense1.weight": { dtype: "F32", shape: [2, 3], data: new Float32Array(6) },
 * }, { arch: "good_10-8-5-1" });
 * assert.equal(decodeSafetensors(bytes).tensors["dense1.weight"].shape[1], 3);
 * ```
 */
export function encodeSafetensors(
  tensors: Record<string, SafetensorsEntry>,
  metadata?: Record<string, string>,
): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) {
    const meta: Record<string, string> = {};
    for (const key of Object.keys(metadata).sort()) {
      if (typeof metadata[key] !== "string") {
        throw new TypeError(
          `encodeSafetensors: metadata "${key}": expected a string, found ${typeof metadata[key]}`,
        );
      }
      meta[key] = metadata[key];
    }
    header.__metadata__ = meta;
  }
  let offset = 0;
  for (const name of names) {
    if (name === "__metadata__") {
      throw new RangeError(`encodeSafetensors: tensor name "__metadata__" is reserved`);
    }
    const { dtype, shape, data } = tensors[name];
    if (dtype !== "F32") {
      throw new RangeError(
        `encodeSafetensors: tensor "${name}": expected dtype "F32", found ${dtype}`,
      );
    }
    if (!(data instanceof Float32Array)) {
      throw new TypeError(`encodeSafetensors: tensor "${name}": expected data as a Float32Array`);
    }
    const size = shape.reduce((a, b) => a * b, 1);
    if (!shape.every((s) => Number.isInteger(s) && s >= 0) || size !== data.length) {
      throw new RangeError(
        `encodeSafetensors: tensor "${name}": shape [${shape}] holds ${size} values, found ${data.length}`,
      );
    }
    header[name] = { dtype, shape: [...shape], data_offsets: [offset, offset + 4 * size] };
    offset += 4 * size;
  }
  // Keys in sorted order ("__metadata__" sorts before lower-case names anyway).
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(header).sort()) sorted[key] = header[key];
  let json = new TextEncoder().encode(JSON.stringify(sorted));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const withSpaces = new Uint8Array(padded).fill(0x20);
    withSpaces.set(json);
    json = withSpaces;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const name of names) {
    for (const v of tensors[name].data) {
      view.setFloat32(at, v, true);
      at += 4;
    }
  }
  return out;
}

/** What {@linkcode decodeSafetensors} returns. */
export interface DecodedSafetensors {
  /** The tensors by name. */
  tensors: Record<string, SafetensorsEntry>;
  /** The `__metadata__` strings ({} when absent). */
  metadata: Record<string, string>;
}

/**
 * Decode safetensors bytes holding F32 or F64 tensors (F64 values are
 * rounded to float32) — nntopo's own files and imported dumps; throw a named
 * error on anything malformed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeSafetensors, encodeSafetensors } from "./safetensors.ts";
 * const bytes = encodeSafetensors({ b: { dtype: "F32", shape: [1], data: new Float32Array([2]) } });
 * assert.equal(decodeSafetensors(bytes).tensors.b.data[0], 2);
 * ```
 */
export function decodeSafetensors(bytes: Uint8Array): DecodedSafetensors {
  if (bytes.length < 8) {
    throw new RangeError(`decodeSafetensors: expected at least 8 bytes, found ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (8 + headerLength > bytes.length) {
    throw new RangeError(
      `decodeSafetensors: header length ${headerLength} exceeds the ${bytes.length - 8} bytes left`,
    );
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch (error) {
    throw new SyntaxError(
      `decodeSafetensors: expected a JSON header of ${headerLength} bytes, found invalid JSON (${
        (error as Error).message
      })`,
    );
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) {
    throw new TypeError(
      `decodeSafetensors: expected the header to be a JSON object, found ${JSON.stringify(header)}`,
    );
  }
  const dataStart = 8 + headerLength;
  const tensors: Record<string, SafetensorsEntry> = {};
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === "__metadata__") {
      metadata = entry as Record<string, string>;
      continue;
    }
    const { dtype, shape, data_offsets: offsets } = (entry ?? {}) as {
      dtype: string;
      shape: number[];
      data_offsets: [number, number];
    };
    if (dtype !== "F32" && dtype !== "F64") {
      throw new RangeError(
        `decodeSafetensors: tensor "${name}": expected dtype "F32" or "F64", found ${dtype}`,
      );
    }
    const bytesPer = dtype === "F32" ? 4 : 8;
    if (!Array.isArray(shape) || !shape.every((s) => Number.isInteger(s) && s >= 0)) {
      throw new RangeError(
        `decodeSafetensors: tensor "${name}": field "shape": expected an array of integers ≥ 0, found ${
          JSON.stringify(shape)
        }`,
      );
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(Number.isInteger)) {
      throw new RangeError(
        `decodeSafetensors: tensor "${name}": field "data_offsets": expected two integers, found ${
          JSON.stringify(offsets)
        }`,
      );
    }
    const size = shape.reduce((a, b) => a * b, 1);
    const [begin, end] = offsets;
    if (end - begin !== bytesPer * size || dataStart + end > bytes.length || begin < 0) {
      throw new RangeError(
        `decodeSafetensors: tensor "${name}": data_offsets [${begin}, ${end}] do not fit shape [${shape}] in ${
          bytes.length - dataStart
        } data bytes`,
      );
    }
    const data = new Float32Array(size);
    for (let k = 0; k < size; k++) {
      const at = dataStart + begin + bytesPer * k;
      data[k] = dtype === "F32" ? view.getFloat32(at, true) : view.getFloat64(at, true);
    }
    tensors[name] = { dtype: "F32", shape, data };
  }
  return { tensors, metadata };
}
