/**
 * The TypeScript types of the JSON artifacts, each inferred from its zod
 * schema (src/artifacts/schemas) — the same definition the writers, the
 * readers and the published JSON Schemas (`docs/schemas/`) use. Readers — the
 * site, the tests, a researcher's notebook — code against these.
 *
 * Keys of `epochs` are epoch numbers, keys of `layers` layer indices (0 = the
 * normalised input, 1..L the dense layers), as decimal strings; splits are
 * `all` (train+test), `train` and `test`; diagrams are `{ "H0": [[b, d], …] }`
 * with `d = null` for an essential class.
 *
 * @module
 */

import type { z } from "zod";
import type { ArtifactFile } from "./schemas/mod.ts";
import type {
  diagramMetrics,
  epochScores,
  scores,
  snapshotBarcode,
  weightTopology,
} from "./schemas/common.ts";
import type { manifestNetwork, manifestSource } from "./schemas/manifest.ts";
import type { filterEpoch, filterMapperGraph } from "./schemas/filter_topology.ts";
import type { networkSearch, sweepNetworkRow, sweepRunRow } from "./schemas/sweep.ts";
import type {
  betweenEpochsRow,
  betweenLayersRow,
  complexityRow,
  tracking,
} from "./schemas/barcode_evaluation.ts";
import type { mapperNode } from "./schemas/mapper.ts";
import type { cellCycles, cycleBar } from "./schemas/cycles.ts";
import type {
  attributionCluster,
  attributionMethod,
  weightPictures,
} from "./schemas/attribution.ts";

/** Persistent homology of one activation set (one epoch × layer × split). */
export type SnapshotBarcode = z.infer<typeof snapshotBarcode>;
/** Topology read from one dense layer's weights. */
export type WeightTopology = z.infer<typeof weightTopology>;
/** The metrics of one diagram as stored (src/topology/metrics.ts computes them). */
export type StoredDiagramMetrics = z.infer<typeof diagramMetrics>;
/** Loss, accuracy and RMSE of one data set at one epoch. */
export type Scores = z.infer<typeof scores>;
/** The scores of one epoch on the train and the test set. */
export type EpochScores = z.infer<typeof epochScores>;
/** One network of an experiment, as the manifest lists it. */
export type ManifestNetwork = z.infer<typeof manifestNetwork>;
/** Where an imported experiment's arrays came from (`deno task analyze`). */
export type ManifestSource = z.infer<typeof manifestSource>;
/** The tracking series of barcode_evaluation.json. */
export type Tracking = z.infer<typeof tracking>;
/** A distance row between consecutive snapshots of one layer. */
export type BetweenEpochsRow = z.infer<typeof betweenEpochsRow>;
/** A distance row between consecutive layers of one snapshot. */
export type BetweenLayersRow = z.infer<typeof betweenLayersRow>;
/** A β-complexity row. */
export type ComplexityRow = z.infer<typeof complexityRow>;
/** One node of a Mapper graph file. */
export type MapperNode = z.infer<typeof mapperNode>;
/** One cluster of an attribution method. */
export type AttributionCluster = z.infer<typeof attributionCluster>;
/** One clustering method of attribution.json. */
export type AttributionMethod = z.infer<typeof attributionMethod>;
/** What the weight-picture PNG of a method shows. */
export type WeightPictures = z.infer<typeof weightPictures>;

/** One of the longest H1 bars of a cell, with a representative cycle. */
export type CycleBar = z.infer<typeof cycleBar>;
/** Representative cycles of the longest H1 bars of one cell (epoch × layer × split). */
export type CellCycles = z.infer<typeof cellCycles>;
/** `barcodes/cycles.json`. */
export type CyclesFile = ArtifactFile<"cycles">;
/** `manifest.json`. */
export type ManifestFile = ArtifactFile<"manifest">;
/** `history.json`. */
export type HistoryFile = ArtifactFile<"history">;
/** `barcodes/barcode_data.json`. */
export type BarcodeDataFile = ArtifactFile<"barcode_data">;
/** `barcodes/barcode_evaluation.json`. */
export type BarcodeEvaluationFile = ArtifactFile<"barcode_evaluation">;
/** `mapper/epoch<k>/layer<L>.json`. */
export type MapperFile = ArtifactFile<"mapper">;
/** `mapper/epoch<k>/attribution/attribution.json`. */
export type AttributionFile = ArtifactFile<"attribution">;
/** `.resume/epoch<k>.json`: the committed topology of one snapshot epoch. */
export type SnapshotFile = ArtifactFile<"snapshot">;
/** `filters/filter_topology.json`. */
export type FilterTopologyFile = ArtifactFile<"filter_topology">;
/** `filters/filter_mapper.json`. */
export type FilterMapperFile = ArtifactFile<"filter_mapper">;
/** One snapshot epoch of the filter topology. */
export type FilterEpoch = z.infer<typeof filterEpoch>;
/** A filter Mapper graph of one snapshot epoch. */
export type FilterMapperGraph = z.infer<typeof filterMapperGraph>;
/** `sweeps/<name>/sweep.json`. */
export type SweepFile = ArtifactFile<"sweep">;
/** One run of sweep.json. */
export type SweepRunRow = z.infer<typeof sweepRunRow>;
/** One network of one run of sweep.json. */
export type SweepNetworkRow = z.infer<typeof sweepNetworkRow>;
/** `sweeps/<name>/runs/<id>.json`. */
export type SweepRunFile = ArtifactFile<"sweep_run">;
/** `sweeps/<name>/hyperparameters.json`. */
export type HyperparametersFile = ArtifactFile<"hyperparameters">;
/** The search of one network: every candidate and the chosen one. */
export type NetworkSearchRecord = z.infer<typeof networkSearch>;
