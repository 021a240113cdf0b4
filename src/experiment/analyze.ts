/**
 * `deno task analyze`: the experiment pipeline on networks trained elsewhere.
 * Each network's dump (see dump.ts) is checked first — all of them, before
 * anything is written — then every snapshot goes through the runner's own
 * stages (barcodes and pictures, weight topology, Mapper, tracking, the
 * network's artifacts, the manifest), so the folder it writes is an
 * experiment folder like any other, with the dumps recorded as its `source`.
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import { sha256Hex } from "../artifacts/hash.ts";
import { experimentDir, networkPaths } from "../artifacts/layout.ts";
import type { ManifestNetwork, ManifestSource } from "../artifacts/schema.ts";
import { assertSameEpochs, type Dump, DumpError, inspectDump, readDumpEpoch } from "./dump.ts";
import { inspectModelDump, isModelDump } from "./model_dump.ts";
import { mapperStageSteps } from "./mapper_stage.ts";
import {
  type LayerKernel,
  mapperEpochs,
  type SnapshotJob,
  type SnapshotRecord,
} from "./snapshot_stage.ts";
import {
  type NetworkFiles,
  networkRecords,
  snapshotFiles,
  writeNetworkFiles,
} from "./network_files.ts";
import { writeManifest } from "./manifest.ts";
import { topologyPool } from "./topology_pool.ts";
import { DEFAULT_CYCLES } from "./snapshot.ts";
import type { ProgressEvent } from "./run.ts";
import type { ExperimentSpec, MapperSpec } from "./spec.ts";

/** One network to analyse: its name and dump folder. */
export interface AnalyzeInput {
  /** The network's name (its folder is `weights_graphs_<name>_DataAmount1`). */
  name: string;
  /** Its dump folder. */
  dir: string;
}

/** Options of {@linkcode analyzeDumps}. */
export interface AnalyzeOptions {
  /** Experiment name (the folder is `exp_<name>`). */
  name: string;
  /** The artifacts root. */
  out: string;
  /** Dataset folder name (default `imported`). */
  dataset?: string;
  /** At most this many points per barcode; more are subsampled by maxmin landmarks. */
  points: number;
  /** Highest homology dimension. */
  maxDim: number;
  /** Run the Mapper stage on the last snapshot. */
  mapper?: boolean;
  /** The seed of the landmarks and of Mapper's random choices (default 0). */
  seed?: number;
  /** Topology threads (see `RunOptions.workers`). */
  workers?: number;
  /** Progress of the topology and Mapper stages. */
  onProgress?: (event: ProgressEvent) => void;
}

/** What one network's analysis found. */
export interface AnalyzedNetwork {
  /** The network's name. */
  name: string;
  /** Samples in its dump. */
  samples: number;
  /** Snapshot epochs. */
  epochs: number[];
  /** Layer numbers. */
  layers: number[];
  /** Barcodes computed (layers × splits × epochs). */
  barcodes: number;
  /** Wall-clock seconds of its analysis. */
  seconds: number;
}

/** What {@linkcode analyzeDumps} wrote. */
export interface AnalyzeResult {
  /** The experiment's name. */
  experiment: string;
  /** Its folder, `<out>/<dataset>/<dataset>_output/exp_<name>`. */
  dir: string;
  /** What each network's analysis found. */
  networks: AnalyzedNetwork[];
}

/**
 * The Mapper settings of an import (as the MNIST Mapper talk): the last
 * snapshot's output layer on the test set (the train set without a split),
 * an L2-norm lens, k-means with one cluster per class.
 *
 * @example
 * ```ts
 * import { importMapperSpec } from "./analyze.ts";
 * import assert from "node:assert/strict";
 * assert.equal(importMapperSpec(10, "test").k, 10);
 * ```
 */
export function importMapperSpec(classes: number, split: "train" | "test"): MapperSpec {
  return {
    epochs: "last",
    split,
    lens: "l2norm",
    intervals: 10,
    overlap: 0.3,
    methods: ["kmeans"],
    k: Math.max(2, classes),
    top: 5,
  };
}

/**
 * Check every dump (before anything is written), then analyse them into
 * `<out>/<dataset>/<dataset>_output/exp_<name>/`.
 *
 * @example
 * ```ts
 * import { analyzeDumps } from "./analyze.ts";
 * import { encodeNpy } from "../data/npy.ts";
 * import assert from "node:assert/strict";
 * const dump = await Deno.makeTempDir(), out = await Deno.makeTempDir();
 * await Deno.writeFile(`${dump}/labels.npy`, encodeNpy(new Int32Array([0, 1, 0, 1]), [4]));
 * await Deno.mkdir(`${dump}/epoch0`);
 * await Deno.writeFile(`${dump}/epoch0/layer1.npy`, encodeNpy(new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]), [4, 2]));
 * const result = await analyzeDumps([{ name: "net", dir: dump }], { name: "x", out, points: 100, maxDim: 1, workers: 0 });
 * const manifest = JSON.parse(await Deno.readTextFile(`${result.dir}/manifest.json`));
 * assert.equal(manifest.source.kind, "activations");
 * await Deno.remove(dump, { recursive: true });
 * await Deno.remove(out, { recursive: true });
 * ```
 */
export async function analyzeDumps(
  inputs: AnalyzeInput[],
  options: AnalyzeOptions,
): Promise<AnalyzeResult> {
  const dumps = await inspectAll(inputs, options);
  const spec = importSpec(dumps, options);
  const dir = experimentDir({
    root: options.out,
    dataset: spec.dataset.name,
    experiment: spec.name,
  });
  await Deno.remove(dir, { recursive: true }).catch((e) => {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  });
  const pool = topologyPool({ workers: options.workers });
  const analyzed: AnalyzedNetwork[] = [];
  const manifestNetworks: ManifestNetwork[] = [];
  const timings: Record<string, number> = {};
  try {
    for (const dump of dumps) {
      const t = performance.now();
      const result = await analyzeNetwork({
        dump,
        spec,
        dir,
        pool,
        onProgress: options.onProgress,
      });
      const seconds = (performance.now() - t) / 1000;
      timings[`${dump.name}/topology`] = seconds;
      analyzed.push({ ...result.summary, seconds });
      manifestNetworks.push(result.manifest);
    }
  } finally {
    pool.close();
  }
  await writeManifest(dir, {
    spec,
    networks: manifestNetworks,
    source: await manifestSource(dumps),
    timings,
  });
  return { experiment: spec.name, dir, networks: analyzed };
}

/** Read and check every dump, and that they can be compared. */
async function inspectAll(inputs: AnalyzeInput[], options: AnalyzeOptions): Promise<Dump[]> {
  if (inputs.length === 0) throw new DumpError("(arguments)", "at least one dump folder", "none");
  const names = new Set<string>();
  const dumps: Dump[] = [];
  for (const input of inputs) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(input.name)) {
      throw new DumpError(
        input.dir,
        "a network name of letters, digits, '-', '_' or '.'",
        `"${input.name}"`,
      );
    }
    if (names.has(input.name)) {
      throw new DumpError(input.dir, "a network name not used by another dump", `"${input.name}"`);
    }
    names.add(input.name);
    const dump = await isModelDump(input.dir)
      ? await inspectModelDump(input.dir, input.name)
      : await inspectDump(input.dir, input.name);
    if (options.mapper && dump.layers[0] !== 0) {
      throw new DumpError(
        `${input.dir}/epoch${dump.epochs[0]}`,
        "layer0 (the input) for --mapper's attribution",
        `layers ${dump.layers.join(", ")}`,
      );
    }
    if (options.mapper && dump.layers.length < 2) {
      throw new DumpError(input.dir, "at least two layers for --mapper", `${dump.layers.length}`);
    }
    dumps.push(dump);
  }
  assertSameEpochs(dumps);
  return dumps;
}

/** Whether a dump has both a train and a test part. */
function hasSplit(dump: Dump): boolean {
  return dump.split !== null && dump.split.includes(0) && dump.split.includes(1);
}

/** The spec an import records: the pipeline's settings, as a built-in study's. */
function importSpec(dumps: Dump[], options: AnalyzeOptions): ExperimentSpec & { imported: true } {
  const split = dumps.every(hasSplit);
  const classes = new Set(dumps.flatMap((d) => [...d.labels])).size;
  const epochs = dumps[0].epochs;
  return {
    imported: true,
    name: options.name,
    title: `${dumps.map((d) => d.name).join(" vs ")} (imported activations)`,
    description: `Activations dumped from ${dumps.length} network${
      dumps.length === 1 ? "" : "s"
    } trained outside nntopo, analysed with deno task analyze.`,
    dataset: { name: options.dataset ?? "imported", source: { kind: "import" } as never },
    testFraction: 0,
    dataAmount: { part: 1, parts: 1 },
    networks: dumps.map((d) => ({
      name: d.name,
      role: "imported",
      layers: d.layers.filter((j) => j > 0).map((j) => ({ units: d.dims[j] })),
    })),
    epochs: epochs[epochs.length - 1],
    snapshots: epochs,
    topology: {
      maxDim: options.maxDim,
      points: options.points,
      splits: split ? ["all", "train", "test"] : ["all"],
      metric: "euclidean",
    },
    ...(options.mapper ? { mapper: importMapperSpec(classes, split ? "test" : "train") } : {}),
    seed: options.seed ?? 0,
  };
}

/** The rows of a cloud whose split flag is `flag` (all rows for flag 0 without a split). */
function rowsOf(cloud: PointCloud, split: Uint8Array | null, flag: 0 | 1): PointCloud {
  if (split === null) return flag === 0 ? cloud : { data: new Float32Array(0), n: 0, d: cloud.d };
  const rows: number[] = [];
  split.forEach((s, i) => s === flag && rows.push(i));
  const data = new Float32Array(rows.length * cloud.d);
  rows.forEach((r, i) =>
    data.set(cloud.data.subarray(r * cloud.d, (r + 1) * cloud.d), i * cloud.d)
  );
  return { data, n: rows.length, d: cloud.d };
}

function labelsOf(labels: Int32Array, split: Uint8Array | null, flag: 0 | 1): Int32Array {
  if (split === null) return flag === 0 ? labels : new Int32Array(0);
  return labels.filter((_, i) => split[i] === flag);
}

/** One dump to analyse, and where and how. */
interface NetworkJob {
  dump: Dump;
  spec: ExperimentSpec;
  /** The experiment's folder. */
  dir: string;
  pool: ReturnType<typeof topologyPool>;
  onProgress: AnalyzeOptions["onProgress"];
}

async function analyzeNetwork(
  job: NetworkJob,
): Promise<{ summary: Omit<AnalyzedNetwork, "seconds">; manifest: ManifestNetwork }> {
  const { dump, spec, dir, pool } = job;
  const paths = networkPaths(dir, dump.name, 1);
  const snapshots = new Map<number, SnapshotRecord>();
  let kernels: LayerKernel[] = [];
  for (const [i, epoch] of dump.epochs.entries()) {
    const arrays = await readDumpEpoch(dump, epoch);
    kernels = arrays.kernels;
    const record = await snapshotFiles({
      job: dumpSnapshot(job, { i, epoch, activations: arrays.activations, kernels }),
      paths,
      amount: 1,
      experimentDir: dir,
      pool,
    });
    snapshots.set(epoch, record);
  }
  const records = await networkRecords({
    experiment: spec.name,
    network: dump.name,
    maxDim: spec.topology.maxDim,
    cycles: spec.topology.cycles ?? DEFAULT_CYCLES,
    snapshots,
    distances: pool.distances,
  });
  await writeNetworkFiles({
    records,
    history: dump.history,
    weights: weightsFile(dump, kernels),
    paths,
  });
  return {
    summary: {
      name: dump.name,
      samples: dump.n,
      epochs: dump.epochs,
      layers: dump.layers,
      barcodes: dump.epochs.length * dump.layers.length * spec.topology.splits.length,
    },
    manifest: manifestNetwork(dump, paths.dir.slice(dir.length + 1)),
  };
}

/** The snapshot job of a dump's `i`-th epoch: its arrays split into train and test. */
function dumpSnapshot(
  job: NetworkJob,
  at: { i: number; epoch: number; activations: PointCloud[]; kernels: LayerKernel[] },
): SnapshotJob {
  const { dump, spec, pool, onProgress } = job;
  const { i, epoch } = at;
  const split = hasSplit(dump) ? dump.split : null;
  const perSnapshot = dump.layers.length * spec.topology.splits.length;
  const total = dump.epochs.length * perSnapshot;
  const mapperTotal = (spec.mapper ? mapperStageSteps(spec.mapper) : 0) * mapperEpochs(spec).length;
  return {
    spec,
    network: dump.name,
    epoch,
    activations: {
      train: at.activations.map((c) => rowsOf(c, split, 0)),
      test: at.activations.map((c) => rowsOf(c, split, 1)),
      layers: dump.layers,
    },
    labels: { train: labelsOf(dump.labels, split, 0), test: labelsOf(dump.labels, split, 1) },
    kernels: at.kernels,
    barcode: pool.barcode,
    onCell: (_cell, done) =>
      onProgress?.({
        network: dump.name,
        stage: "topology",
        done: i * perSnapshot + done,
        total,
        status: `epoch ${epoch}`,
      }),
    onMapperStep: (done, _total, status) =>
      onProgress?.({
        network: dump.name,
        stage: "mapper",
        done,
        total: mapperTotal,
        status: `epoch ${epoch} ${status}`,
      }),
  };
}

/** The last snapshot's kernels as the network's weights file ([in, out], as the runner's). */
function weightsFile(dump: Dump, kernels: LayerKernel[]): NetworkFiles["weights"] {
  if (kernels.length === 0) return undefined;
  const tensors = Object.fromEntries(
    kernels.map((k) => [
      `layer${k.layer}.weight`,
      { dtype: "F32" as const, shape: [...k.shape], data: k.kernel },
    ]),
  );
  const epoch = String(dump.epochs[dump.epochs.length - 1]);
  return { tensors, metadata: { network: dump.name, epoch, layout: "[in, out]" } };
}

/** The manifest's entry: widths of layers 1..L, the last history row (else the last epoch). */
function manifestNetwork(dump: Dump, dir: string): ManifestNetwork {
  const last = dump.history?.[dump.history.length - 1];
  return {
    name: dump.name,
    role: "imported",
    dir,
    dataAmount: { part: 1, parts: 1 },
    layers: dump.layers.filter((j) => j > 0).map((j) => dump.dims[j]),
    final: last
      ? { epoch: last.epoch, train: last.train, test: last.test }
      : { epoch: dump.epochs[dump.epochs.length - 1] },
  };
}

/** Where the imported arrays came from: each dump's folder, format and file hashes. */
async function manifestSource(dumps: Dump[]): Promise<ManifestSource> {
  const networks: ManifestSource["networks"] = [];
  for (const dump of dumps) {
    const files: Record<string, string> = {};
    for (const file of [...new Set(dump.files)].sort()) {
      files[file] = await sha256Hex(await Deno.readFile(`${dump.dir}/${file}`));
    }
    networks.push({
      name: dump.name,
      dir: await Deno.realPath(dump.dir),
      format: dump.format,
      samples: dump.n,
      splits: dump.split === null ? "none" : "split.npy",
      epochs: dump.epochs,
      layers: dump.layers,
      files,
    });
  }
  return { kind: "activations", tool: "deno task analyze", networks };
}
