/**
 * The output layout of the repo-layout source, exactly: every path nntopo writes comes from
 * here, so the runner, the tests and the site agree on where things are.
 *
 * ```
 * <out>/<dataset>/<dataset>_output/exp_<experiment>/
 *   manifest.json
 *   weights_graphs_<arch>_DataAmount<n>/
 *     barcodes/epoch<k>/layer<j>_barcode.png          (train+test)
 *     barcodes/epoch<k>/layer<j>_<split>_barcode.png  (split = train | test)
 *     barcodes/epoch<k>/layer<j>_diagram.png          persistence diagram (train+test)
 *     barcodes/epoch<k>/layer<j>_betti.png            Betti curves (train+test)
 *     barcodes/metric_H<d>_<metric>.png               a metric over epochs, per layer
 *     barcodes/barcode_data.json
 *     barcodes/barcode_evaluation.json
 *     loss_and_rmse_<arch>_DataAmount<n>.png
 *     history.json
 *     weights_<arch>_DataAmount<n>.safetensors
 *     model/
 * ```
 *
 * @module
 */

/**
 * Every split, in the order they are computed and shown.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SPLITS } from "./layout.ts";
 * assert.equal(SPLITS[0], "all");
 * ```
 */
export const SPLITS = ["all", "train", "test"] as const satisfies readonly Split[];

/** The activation sets a snapshot is analysed on. `all` is train+test. */
export type Split = "all" | "train" | "test";

/** Where one experiment's artifacts live. */
export interface ExperimentLocation {
  /** The artifacts root (`--out`, default `results`). */
  root: string;
  /** The dataset's name, e.g. `spheres`. */
  dataset: string;
  /** The experiment's name, e.g. `spheres`. */
  experiment: string;
}

/**
 * `<out>/<dataset>/<dataset>_output/exp_<experiment>`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { experimentDir } from "./layout.ts";
 * assert.ok(
 *   experimentDir({ root: "results", dataset: "spheres", experiment: "spheres" }) ===
 *     "results/spheres/spheres_output/exp_spheres",
 * );
 * ```
 */
export function experimentDir(at: ExperimentLocation): string {
  return `${at.root}/${at.dataset}/${at.dataset}_output/exp_${at.experiment}`;
}

/**
 * The file names inside one network's folder, for network `arch` trained on
 * part `amount` of the data.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { networkPaths } from "./layout.ts";
 * const p = networkPaths("results/x/x_output/exp_x", "good", 1);
 * assert.ok(p.dir.endsWith("weights_graphs_good_DataAmount1"));
 * assert.ok(p.barcodePng(25, 3, "all").endsWith("barcodes/epoch25/layer3_barcode.png"));
 * ```
 */
export function networkPaths(experimentPath: string, arch: string, amount: number) {
  const tag = `${arch}_DataAmount${amount}`;
  const dir = `${experimentPath}/weights_graphs_${tag}`;
  return {
    dir,
    barcodesDir: `${dir}/barcodes`,
    epochDir: (epoch: number) => `${dir}/barcodes/epoch${epoch}`,
    barcodePng: (epoch: number, layer: number, split: Split) =>
      `${dir}/barcodes/epoch${epoch}/layer${layer}${
        split === "all" ? "" : `_${split}`
      }_barcode.png`,
    /** The longest H1 bar's representative cycle over a PCA of layer j's landmarks. */
    cyclePng: (epoch: number, layer: number, split: Split) =>
      `${dir}/barcodes/epoch${epoch}/layer${layer}${split === "all" ? "" : `_${split}`}_cycle.png`,
    /** Persistence diagram of layer j's train+test activations. */
    diagramPng: (epoch: number, layer: number) =>
      `${dir}/barcodes/epoch${epoch}/layer${layer}_diagram.png`,
    /** Betti curves of layer j's train+test activations. */
    bettiPng: (epoch: number, layer: number) =>
      `${dir}/barcodes/epoch${epoch}/layer${layer}_betti.png`,
    /** A metric of dimension `dim` over epochs, one line per layer. */
    metricPng: (dim: number, metric: string) => `${dir}/barcodes/metric_H${dim}_${metric}.png`,
    barcodeData: `${dir}/barcodes/barcode_data.json`,
    barcodeEvaluation: `${dir}/barcodes/barcode_evaluation.json`,
    cycles: `${dir}/barcodes/cycles.json`,
    lossAndRmsePng: `${dir}/loss_and_rmse_${tag}.png`,
    history: `${dir}/history.json`,
    safetensors: `${dir}/weights_${tag}.safetensors`,
    modelDir: `${dir}/model`,
    /** Work in progress for `--resume`; removed when the network is complete. */
    resumeDir: `${dir}/.resume`,
  };
}

/** The paths of one network's folder, as {@linkcode networkPaths} returns them. */
export type NetworkPaths = ReturnType<typeof networkPaths>;

/**
 * The manifest of an experiment folder.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { manifestPath } from "./layout.ts";
 * assert.ok(manifestPath("a").endsWith("/manifest.json"));
 * ```
 */
export function manifestPath(experimentPath: string): string {
  return `${experimentPath}/manifest.json`;
}
