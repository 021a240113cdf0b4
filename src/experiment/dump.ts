/**
 * Activation dumps of someone else's network (PyTorch, Keras, JAX), as
 * `deno task analyze` reads them. A dump folder holds:
 *
 * ```
 * labels.npy                    integer class per sample, shape (n,)
 * split.npy                     optional: 0 = train, 1 = test, shape (n,)
 * epoch<k>/layer<j>.npy         activations, float32/float64, shape (n, …) (trailing axes flattened)
 * epoch<k>/weights.safetensors  optional: dense kernels "layer<j>.weight", PyTorch's [out, in]
 * epoch<k>.safetensors          instead of the epoch<k>/ folder: tensors "layer<j>" (+ "layer<j>.weight")
 * history.csv | history.json    optional: per-epoch loss and accuracy
 * ```
 *
 * {@linkcode inspectDump} reads and checks everything (shapes, sample
 * counts, NaN and Inf) without keeping the arrays; {@linkcode readDumpEpoch}
 * then reads one epoch at a time for the analysis.
 *
 * @module
 */

import { npyToFloat32, npyToInt32, readNpyFile } from "../data/npy.ts";
import type { PointCloud } from "../data/point_cloud.ts";
import { decodeSafetensors, type SafetensorsEntry } from "../artifacts/safetensors.ts";
import { type DumpHistory, readHistory } from "./dump_history.ts";
import type { LayerKernel } from "./snapshot_stage.ts";
import { DumpError } from "./dump_error.ts";

export { DumpError };

/** Where one epoch's arrays are. */
export type EpochSource =
  | { kind: "npy"; dir: string; weights: string | null }
  | { kind: "safetensors"; file: string }
  | { kind: "memory"; arrays: DumpEpoch; where: string };

/** A checked dump: its structure, without the activations. */
export interface Dump {
  /** Network name. */
  name: string;
  /** The dump folder as given. */
  dir: string;
  /** How the arrays are stored: `npy`, `safetensors` (or both, by epoch), `tfjs-model`. */
  format: string;
  /** Samples. */
  n: number;
  /** Class of every sample. */
  labels: Int32Array;
  /** 0 = train, 1 = test per sample; null without split.npy. */
  split: Uint8Array | null;
  /** Snapshot epochs, ascending. */
  epochs: number[];
  /** Layer numbers, ascending and consecutive, from 0 or 1. */
  layers: number[];
  /** Dimension of each layer (trailing axes flattened), keyed by layer. */
  dims: Record<number, number>;
  /** Each epoch's source. */
  sources: Record<number, EpochSource>;
  /** Layers with a known dense kernel, per epoch. */
  kernelLayers: Record<number, number[]>;
  /** Per-epoch scores, when the dump has a history. */
  history: DumpHistory | null;
  /** Every file read, relative to `dir`. */
  files: string[];
}

/** One epoch's arrays. */
export interface DumpEpoch {
  /** Activations of every layer of {@linkcode Dump.layers}, in that order, all n samples. */
  activations: PointCloud[];
  /** The dense kernels, [in, out] row-major. */
  kernels: LayerKernel[];
}

const FLOATS = ["float32", "float64"] as const;

/**
 * Read and check a dump folder; throw a {@linkcode DumpError} (or an
 * `NpyError`) on the first problem.
 *
 * @example
 * ```ts
 * import { inspectDump } from "./dump.ts";
 * import { encodeNpy } from "../data/npy.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeFile(`${dir}/labels.npy`, encodeNpy(new Int32Array([0, 1, 1]), [3]));
 * await Deno.mkdir(`${dir}/epoch0`);
 * await Deno.writeFile(`${dir}/epoch0/layer1.npy`, encodeNpy(new Float32Array(6), [3, 2]));
 * const dump = await inspectDump(dir, "net");
 * assert.deepEqual([dump.n, dump.epochs, dump.layers, dump.dims[1]], [3, [0], [1], 2]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function inspectDump(dir: string, name: string): Promise<Dump> {
  await assertFolder(dir);
  const files: string[] = [];
  const labelsFile = `${dir}/labels.npy`;
  const labelsArray = await readNpyFile(labelsFile, { ndim: 1 });
  const labels = npyToInt32(labelsArray, labelsFile);
  files.push("labels.npy");
  const n = labels.length;
  if (n < 2) throw new DumpError(labelsFile, "at least 2 samples", `${n}`);
  const split = await readSplit(dir, n, files);
  const sources = await epochSources(dir);
  const epochs = Object.keys(sources).map(Number).sort((a, b) => a - b);
  if (epochs.length === 0) {
    throw new DumpError(dir, "epoch<k>/layer<j>.npy files or epoch<k>.safetensors", "neither");
  }
  const dump: Dump = {
    name,
    dir,
    format: [...new Set(Object.values(sources).map((s) => s.kind))].sort().join("+"),
    n,
    labels,
    split,
    epochs,
    layers: [],
    dims: {},
    sources,
    kernelLayers: {},
    history: null,
    files,
  };
  for (const epoch of epochs) {
    const { kernels } = await readDumpEpoch(dump, epoch, { checking: true });
    dump.kernelLayers[epoch] = kernels.map((k) => k.layer);
  }
  dump.history = await readHistory(dir, files);
  return dump;
}

export async function assertFolder(dir: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch (error) {
    throw new DumpError(dir, "a dump folder", (error as Error).message);
  }
  if (!info.isDirectory) throw new DumpError(dir, "a dump folder", "a file");
}

export async function readSplit(
  dir: string,
  n: number,
  files: string[],
): Promise<Uint8Array | null> {
  const file = `${dir}/split.npy`;
  try {
    await Deno.stat(file);
  } catch {
    return null;
  }
  const values = npyToInt32(await readNpyFile(file, { ndim: 1 }), file);
  if (values.length !== n) {
    throw new DumpError(file, `${n} samples (as labels.npy)`, `${values.length}`);
  }
  const split = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (values[i] !== 0 && values[i] !== 1) {
      throw new DumpError(file, "0 (train) or 1 (test) per sample", `${values[i]} at index ${i}`);
    }
    split[i] = values[i];
  }
  files.push("split.npy");
  return split;
}

/** The epoch<k>/ folders and epoch<k>.safetensors files of a dump. */
async function epochSources(dir: string): Promise<Record<number, EpochSource>> {
  const sources: Record<number, EpochSource> = {};
  const entries = await Array.fromAsync(Deno.readDir(dir));
  entries.sort((a, b) => a.name < b.name ? -1 : 1);
  for (const entry of entries) {
    const folder = /^epoch(\d+)$/.exec(entry.name);
    const file = /^epoch(\d+)\.safetensors$/.exec(entry.name);
    const epoch = Number((folder ?? file)?.[1]);
    if (!(folder && entry.isDirectory) && !(file && entry.isFile)) continue;
    if (sources[epoch]) {
      throw new DumpError(
        `${dir}/${entry.name}`,
        `one source for epoch ${epoch}`,
        `both epoch${epoch}/ and epoch${epoch}.safetensors`,
      );
    }
    if (file) sources[epoch] = { kind: "safetensors", file: `${dir}/${entry.name}` };
    else {
      const weights = `${dir}/${entry.name}/weights.safetensors`;
      const has = await Deno.stat(weights).then(() => true, () => false);
      sources[epoch] = { kind: "npy", dir: `${dir}/${entry.name}`, weights: has ? weights : null };
    }
  }
  return sources;
}

/** Options of {@linkcode readDumpEpoch}. */
export interface ReadEpochOptions {
  /** First read (by {@linkcode inspectDump}): fix the dump's layers and record files. */
  checking?: boolean;
}

/**
 * Read one epoch's activations and kernels, checking them against the dump.
 *
 * @example
 * ```ts
 * import { inspectDump, readDumpEpoch } from "./dump.ts";
 * import { encodeNpy } from "../data/npy.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeFile(`${dir}/labels.npy`, encodeNpy(new Int32Array([0, 1]), [2]));
 * await Deno.mkdir(`${dir}/epoch3`);
 * await Deno.writeFile(`${dir}/epoch3/layer0.npy`, encodeNpy(new Float64Array([1, 2, 3, 4]), [2, 2]));
 * const dump = await inspectDump(dir, "net");
 * const { activations } = await readDumpEpoch(dump, 3);
 * assert.deepEqual([...activations[0].data], [1, 2, 3, 4]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readDumpEpoch(
  dump: Dump,
  epoch: number,
  options: ReadEpochOptions = {},
): Promise<DumpEpoch> {
  const source = dump.sources[epoch];
  if (!source) throw new DumpError(dump.dir, `epoch ${epoch}`, `epochs ${dump.epochs.join(", ")}`);
  const arrays = source.kind === "npy"
    ? await npyLayers(source.dir)
    : source.kind === "safetensors"
    ? safetensorsLayers(source.file, await readBytes(source.file))
    : memoryLayers(source.arrays, dump.layers);
  const where = source.kind === "npy"
    ? source.dir
    : source.kind === "safetensors"
    ? source.file
    : source.where;
  const layers = Object.keys(arrays.layers).map(Number).sort((a, b) => a - b);
  if (layers.length === 0) {
    throw new DumpError(where, "layer<j> arrays", "none");
  }
  if ((layers[0] !== 0 && layers[0] !== 1) || layers.some((j, i) => j !== layers[0] + i)) {
    throw new DumpError(where, "layers numbered consecutively from 0 or 1", `layers ${layers}`);
  }
  if (options.checking) {
    if (dump.layers.length === 0) dump.layers = layers;
    for (const file of arrays.files) dump.files.push(file.slice(dump.dir.length + 1));
  }
  if (layers.join() !== dump.layers.join()) {
    throw new DumpError(
      where,
      `layers ${dump.layers.join(", ")} (as epoch ${dump.epochs[0]})`,
      `layers ${layers.join(", ")}`,
    );
  }
  const activations = layers.map((j) => {
    const { data, shape, file } = arrays.layers[j];
    if (shape[0] !== dump.n) {
      throw new DumpError(file, `${dump.n} samples (as labels.npy)`, `shape (${shape.join(", ")})`);
    }
    const d = shape.slice(1).reduce((a, b) => a * b, 1);
    if (dump.dims[j] === undefined && options.checking) dump.dims[j] = d;
    if (dump.dims[j] !== d) {
      throw new DumpError(file, `dimension ${dump.dims[j]} (as epoch ${dump.epochs[0]})`, `${d}`);
    }
    return { data, n: dump.n, d };
  });
  const kernels = layerKernels(arrays.kernels, activations, dump.layers);
  return { activations, kernels };
}

interface RawLayers {
  layers: Record<number, { data: Float32Array; shape: number[]; file: string }>;
  kernels: Record<number, { entry: SafetensorsEntry; file: string }>;
  files: string[];
}

async function npyLayers(dir: string): Promise<RawLayers> {
  const out: RawLayers = { layers: {}, kernels: {}, files: [] };
  const entries = await Array.fromAsync(Deno.readDir(dir));
  for (const entry of entries.sort((a, b) => a.name < b.name ? -1 : 1)) {
    const m = /^layer(\d+)\.npy$/.exec(entry.name);
    if (!m) continue;
    const file = `${dir}/${entry.name}`;
    const array = await readNpyFile(file, { dtypes: FLOATS, ndim: [1, Infinity] });
    out.layers[Number(m[1])] = { data: npyToFloat32(array, file), shape: array.shape, file };
    out.files.push(file);
  }
  const weights = `${dir}/weights.safetensors`;
  if (await Deno.stat(weights).then(() => true, () => false)) {
    const decoded = decode(weights, await readBytes(weights));
    for (const [name, entry] of Object.entries(decoded)) {
      const m = /^layer(\d+)\.weight$/.exec(name);
      if (m) out.kernels[Number(m[1])] = { entry, file: `${weights} tensor "${name}"` };
    }
    out.files.push(weights);
  }
  return out;
}

function safetensorsLayers(file: string, bytes: Uint8Array): RawLayers {
  const out: RawLayers = { layers: {}, kernels: {}, files: [file] };
  for (const [name, entry] of Object.entries(decode(file, bytes))) {
    const layer = /^layer(\d+)$/.exec(name);
    const weight = /^layer(\d+)\.weight$/.exec(name);
    const where = `${file} tensor "${name}"`;
    if (layer) {
      if (entry.shape.length < 1) throw new DumpError(where, "shape (n, …)", "a scalar");
      out.layers[Number(layer[1])] = {
        data: finite(entry.data, where),
        shape: entry.shape,
        file: where,
      };
    } else if (weight) out.kernels[Number(weight[1])] = { entry, file: where };
  }
  return out;
}

function memoryLayers(arrays: DumpEpoch, layers: number[]): RawLayers {
  const out: RawLayers = { layers: {}, kernels: {}, files: [] };
  arrays.activations.forEach((cloud, i) => {
    const file = `layer ${layers[i]}`;
    out.layers[layers[i]] = { data: finite(cloud.data, file), shape: [cloud.n, cloud.d], file };
  });
  for (const k of arrays.kernels) {
    // Back to PyTorch's [out, in], which layerKernels reads.
    const [inputs, units] = k.shape;
    const data = new Float32Array(k.kernel.length);
    for (let i = 0; i < inputs; i++) {
      for (let o = 0; o < units; o++) data[o * inputs + i] = k.kernel[i * units + o];
    }
    out.kernels[k.layer] = {
      entry: { dtype: "F32", shape: [units, inputs], data },
      file: `kernel of layer ${k.layer}`,
    };
  }
  return out;
}

function decode(file: string, bytes: Uint8Array): Record<string, SafetensorsEntry> {
  try {
    return decodeSafetensors(bytes).tensors;
  } catch (error) {
    throw new DumpError(file, "a safetensors file of F32 or F64 tensors", (error as Error).message);
  }
}

async function readBytes(file: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(file);
  } catch (error) {
    throw new DumpError(file, "a readable file", (error as Error).message);
  }
}

function finite(data: Float32Array, where: string): Float32Array {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new DumpError(where, "finite values", `${data[i]} at flat index ${i}`);
    }
  }
  return data;
}

/**
 * PyTorch kernels ([out, in], `nn.Linear.weight`) as [in, out], checked
 * against the width of the layer they feed.
 */
function layerKernels(
  raw: RawLayers["kernels"],
  activations: PointCloud[],
  layers: number[],
): LayerKernel[] {
  const kernels: LayerKernel[] = [];
  for (const j of Object.keys(raw).map(Number).sort((a, b) => a - b)) {
    const { entry, file } = raw[j];
    const at = layers.indexOf(j);
    if (at < 0 || j === 0) {
      throw new DumpError(
        file,
        `the kernel of a layer among ${layers.filter((l) => l > 0)}`,
        `layer ${j}`,
      );
    }
    const [out, inputs] = entry.shape;
    if (entry.shape.length !== 2 || out !== activations[at].d) {
      throw new DumpError(
        file,
        `shape [${activations[at].d}, in] (PyTorch's [out, in] for layer ${j}'s ${
          activations[at].d
        } units)`,
        `[${entry.shape.join(", ")}]`,
      );
    }
    const kernel = new Float32Array(out * inputs);
    const w = finite(entry.data, file);
    for (let o = 0; o < out; o++) {
      for (let i = 0; i < inputs; i++) kernel[i * out + o] = w[o * inputs + i];
    }
    kernels.push({ layer: j, kernel, shape: [inputs, out] });
  }
  return kernels;
}

/**
 * Check that several dumps can be compared: every network has the same
 * snapshot epochs.
 *
 * @example
 * ```ts
 * import { assertSameEpochs } from "./dump.ts";
 * import assert from "node:assert/strict";
 * const a = { name: "a", dir: "A", epochs: [0, 5] }, b = { name: "b", dir: "B", epochs: [0] };
 * assert.throws(() => assertSameEpochs([a, b] as never), /B: expected epoch 5 \(present in a\), found epochs 0/);
 * ```
 */
export function assertSameEpochs(dumps: Pick<Dump, "name" | "dir" | "epochs">[]): void {
  for (const a of dumps) {
    for (const b of dumps) {
      const missing = a.epochs.find((k) => !b.epochs.includes(k));
      if (missing !== undefined) {
        throw new DumpError(
          b.dir,
          `epoch ${missing} (present in ${a.name})`,
          `epochs ${b.epochs.join(", ")}`,
        );
      }
    }
  }
}
