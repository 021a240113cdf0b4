/**
 * The shapes of the JSON artifacts (schema version 1). Readers — the site,
 * the tests, a researcher's notebook — code against these.
 *
 * Keys of `epochs` are epoch numbers, keys of `layers` layer indices (0 = the
 * normalised input, 1..L the dense layers), as decimal strings; splits are
 * `all` (train+test), `train` and `test`; diagrams are `{ "H0": [[b, d], …] }`
 * with `d = null` for an essential class.
 *
 * @module
 */

import type { DiagramJson } from "../topology/diagram.ts";
import type { Split } from "./layout.ts";

/** Persistent homology of one activation set (one epoch × layer × split). */
export interface SnapshotBarcode {
  /** Points in the split. */
  points: number;
  /** Points the barcode was computed on (≤ `--points`). */
  sampled: number;
  /** `all` when every point was used, `maxmin` for a landmark subsample. */
  subsample: "all" | "maxmin";
  /** Largest distance from a point of the split to its nearest landmark (0 for `all`). */
  coveringRadius: number;
  /** Filtration threshold: the enclosing radius of the sample. */
  threshold: number;
  /** Dimension of the activation vectors. */
  dim: number;
  /** Diagrams H0..H<maxDim>. */
  diagrams: Record<string, DiagramJson>;
}

/** `barcodes/barcode_data.json`: every diagram of one network. */
export interface BarcodeDataFile {
  schema: "nntopo/barcode_data@1";
  experiment: string;
  network: string;
  maxDim: number;
  epochs: Record<string, { layers: Record<string, Record<Split, SnapshotBarcode>> }>;
  /** Weight topology per epoch and dense layer. */
  weights: Record<string, { layers: Record<string, WeightTopology> }>;
}

/** One of the longest H1 bars of a cell, with a representative cycle. */
export interface CycleBar {
  /** Position of the bar in the cell's `diagrams.H1` (barcode_data.json). */
  index: number;
  /** Birth of the bar: the cycle's longest edge. */
  birth: number;
  /** Death of the bar, or null for an essential class. */
  death: number | null;
  /** The cycle's edges as [sample, sample] pairs, in order around the loop. */
  edges: Array<[number, number]>;
  /** The cycle's samples, in order around the loop. */
  samples: number[];
  /** Their class labels. */
  labels: number[];
}

/** Representative cycles of the longest H1 bars of one cell (epoch × layer × split). */
export interface CellCycles {
  /** The barcode's points (landmarks) as sample indices of the split (`all`: train rows, then test rows). */
  landmarks: number[];
  /** Class label of each landmark. */
  labels: number[];
  /** 2D PCA projection of the landmarks (x[i], y[i] for landmark i) and the variance along each axis. */
  pca: { x: number[]; y: number[]; variance: [number, number] };
  /** The longest H1 bars (at most the spec's `topology.cycles`), longest first. */
  bars: CycleBar[];
  /** For image data: each cycle sample's picture, 8-bit grey, row-major, base64, keyed by sample index. */
  images?: { width: number; height: number; pixels: Record<string, string> };
}

/** `barcodes/cycles.json`: the cycles of the longest H1 bars of every cell of one network. */
export interface CyclesFile {
  schema: "nntopo/cycles@1";
  experiment: string;
  network: string;
  /** Most bars per cell. */
  top: number;
  epochs: Record<string, { layers: Record<string, Partial<Record<Split, CellCycles>>> }>;
}

/** Topology read from one dense layer's weights. */
export interface WeightTopology {
  /** Neural persistence H0 diagram of the layer's bipartite weight graph. */
  neuralPersistence?: { diagram: DiagramJson; value: number; normalized: number };
  /** VR barcode of the neurons' incoming weight vectors as points. */
  neurons?: SnapshotBarcode;
}

/**
 * Numeric summaries of one diagram (see src/topology/metrics.ts); `bettiCurve`
 * holds β at 16 evenly spaced scales from 0 to `truncatedAt`, both included.
 */
export type DiagramMetrics = Record<string, number | number[] | null>;

/** `barcodes/barcode_evaluation.json`: every metric, keyed like barcode_data. */
export interface BarcodeEvaluationFile {
  schema: "nntopo/barcode_evaluation@1";
  experiment: string;
  network: string;
  epochs: Record<string, { layers: Record<string, Record<Split, Record<string, DiagramMetrics>>> }>;
  /** How topology moves: between consecutive snapshots and consecutive layers. */
  tracking?: Record<string, unknown>;
  /** Network-level neural persistence per epoch. */
  neuralPersistence?: Record<string, { mean: number; perLayer: number[] }>;
}

/** Loss, accuracy and RMSE of one data set at one epoch. */
export interface Scores {
  loss: number;
  accuracy: number;
  rmse: number;
}

/** `history.json`: per-epoch training history (epoch 0 = untrained). */
export interface HistoryFile {
  schema: "nntopo/history@1";
  network: string;
  epochs: Array<{ epoch: number; train: Scores; test: Scores }>;
}

/** One network of an experiment, as the manifest lists it. */
export interface ManifestNetwork {
  name: string;
  role: string;
  dir: string;
  layers: (number | string)[];
  final: { epoch: number; train: Scores; test: Scores };
}

/** Where an imported experiment's arrays came from (`deno task analyze`). */
export interface ManifestSource {
  kind: "activations";
  /** The command that imported them. */
  tool: string;
  networks: Array<{
    name: string;
    /** The dump folder, resolved. */
    dir: string;
    /** `npy`, `safetensors`, both (`npy+safetensors`), or `tfjs-model`. */
    format: string;
    samples: number;
    /** `split.npy` when the dump has one, else `none`. */
    splits: string;
    epochs: number[];
    layers: number[];
    /** SHA-256 of every file read, relative to `dir`. */
    files: Record<string, string>;
  }>;
}

/** `manifest.json`: what ran, with what, how long, and the hash of every file. */
export interface ManifestFile {
  schema: "nntopo/manifest@1";
  experiment: string;
  title: string;
  description: string;
  dataset: string;
  seed: number;
  spec: Record<string, unknown>;
  networks: ManifestNetwork[];
  versions: Record<string, string>;
  timings: Record<string, number>;
  createdAt: string;
  files: Record<string, string>;
  /** Present for an import: the dumps it read. */
  source?: ManifestSource;
}
