/**
 * The PNG pictures of a network's topology: for every snapshot cell its
 * barcode, and for the train+test activations also its persistence diagram
 * and Betti curves; per network, the main metrics over epochs. Each is a
 * chart definition of src/plots — the same the report site draws.
 *
 * @module
 */

import { barcodeChart } from "../plots/barcode.ts";
import { cycleChart } from "../plots/cycle.ts";
import { persistenceDiagramChart } from "../plots/persistence_diagram.ts";
import { bettiCurvesChart } from "../plots/betti_curves.ts";
import {
  metricOverEpochsChart,
  type MetricRow,
  METRICS_OVER_EPOCHS,
} from "../plots/metric_over_epochs.ts";
import { lossRmseChart } from "../plots/loss_rmse.ts";
import { writeChartPng } from "../artifacts/png.ts";
import type { NetworkPaths, Split } from "../artifacts/layout.ts";
import type { DiagramMetricName } from "../topology/metrics.ts";
import type { BarcodeEvaluationFile } from "../artifacts/schema.ts";
import type { SnapshotCell } from "./snapshot.ts";
import type { Chart } from "../plots/chart.ts";

function splitLabel(split: Split): string {
  return split === "all" ? "train+test" : split;
}

/**
 * A cell's picture title. The input (layer 0) is the same cloud for every
 * network and epoch of a study, so its title names neither: its pictures are
 * then the same bytes wherever they are written, drawn once
 * (`writeChartPng` keeps recent pictures).
 *
 * @example
 * ```ts
 * import { cellTitle } from "./pictures.ts";
 * import assert from "node:assert/strict";
 * assert.equal(cellTitle("good", 10, { layer: 2, split: "all" }), "good · epoch 10 · layer 2 · train+test");
 * assert.equal(cellTitle("good", 10, { layer: 0, split: "test" }), "input · layer 0 · test");
 * ```
 */
export function cellTitle(
  network: string,
  epoch: number,
  cell: Pick<SnapshotCell, "layer" | "split">,
): string {
  const where = `layer ${cell.layer} · ${splitLabel(cell.split)}`;
  return cell.layer === 0 ? `input · ${where}` : `${network} · epoch ${epoch} · ${where}`;
}

/**
 * The pictures of one snapshot cell, each with the file it goes to: its
 * barcode, its longest H1 bar's cycle (when it has one), and for the
 * train+test split its persistence diagram and Betti curves. A chart is
 * built only when asked for.
 *
 * @example
 * ```ts
 * import { cellPictures } from "./pictures.ts";
 * import { networkPaths } from "../artifacts/layout.ts";
 * import assert from "node:assert/strict";
 * const paths = networkPaths("/tmp/x", "good", 1);
 * const cell = {
 *   layer: 1, split: "all" as const, backend: "plain" as const, metrics: {},
 *   diagrams: [[[0, 1], [0, Infinity]], [[0.5, 0.8]]] as [number, number][][],
 *   barcode: {
 *     points: 2, sampled: 2, subsample: "all" as const, coveringRadius: 0, threshold: 2, dim: 2,
 *     diagrams: { H0: [[0, 1], [0, null]] as [number, number | null][], H1: [[0.5, 0.8]] as [number, number | null][] },
 *   },
 * };
 * const files = cellPictures(paths, "good", 0, cell).map((p) => p.path);
 * assert.deepEqual(files, [paths.barcodePng(0, 1, "all"), paths.diagramPng(0, 1), paths.bettiPng(0, 1)]);
 * ```
 */
export function cellPictures(
  paths: NetworkPaths,
  network: string,
  epoch: number,
  cell: SnapshotCell,
): Array<{ path: string; chart: () => Chart }> {
  const title = cellTitle(network, epoch, cell);
  const subtitle = `${cell.barcode.sampled} of ${cell.barcode.points} points` +
    (cell.barcode.subsample === "maxmin" ? " (maxmin landmarks)" : "");
  const threshold = cell.barcode.threshold;
  const pictures = [{
    path: paths.barcodePng(epoch, cell.layer, cell.split),
    chart: () => barcodeChart(cell.diagrams, { title, subtitle, threshold, tooltips: false }),
  }];
  const cycles = cell.cycles;
  if (cycles && cycles.bars.length > 0) {
    pictures.push({
      path: paths.cyclePng(epoch, cell.layer, cell.split),
      chart: () => cycleChart(cycles, 0, { title: `${title} · the longest H1 bar's cycle` }),
    });
  }
  if (cell.split !== "all") return pictures;
  pictures.push({
    path: paths.diagramPng(epoch, cell.layer),
    chart: () =>
      persistenceDiagramChart(cell.diagrams, { title, subtitle, threshold, tooltips: false }),
  }, {
    path: paths.bettiPng(epoch, cell.layer),
    chart: () => bettiCurvesChart(cell.diagrams, { title, subtitle }),
  });
  return pictures;
}

/**
 * Write the pictures of one snapshot cell ({@linkcode cellPictures}).
 *
 * @example
 * ```ts
 * import { writeCellPictures } from "./pictures.ts";
 * import { networkPaths } from "../artifacts/layout.ts";
 * import assert from "node:assert/strict";
 * const paths = networkPaths(await Deno.makeTempDir(), "good", 1);
 * await Deno.mkdir(paths.epochDir(0), { recursive: true });
 * await writeCellPictures(paths, "good", 0, {
 *   layer: 1,
 *   split: "all",
 *   backend: "plain",
 *   diagrams: [[[0, 1], [0, Infinity]], [[0.5, 0.8]]],
 *   metrics: {},
 *   barcode: {
 *     points: 2, sampled: 2, subsample: "all", coveringRadius: 0, threshold: 2, dim: 2,
 *     diagrams: { H0: [[0, 1], [0, null]], H1: [[0.5, 0.8]] },
 *   },
 * });
 * const pngs = [...Deno.readDirSync(paths.epochDir(0))].filter((e) => e.name.endsWith(".png"));
 * assert.ok(pngs.length >= 1);
 * ```
 */
export async function writeCellPictures(
  paths: NetworkPaths,
  network: string,
  epoch: number,
  cell: SnapshotCell,
): Promise<void> {
  for (const { path, chart } of cellPictures(paths, network, epoch, cell)) {
    await writeChartPng(path, chart());
  }
}

/**
 * Rows of one metric of dimension `dim` on the train+test split, for every
 * epoch and layer.
 *
 * @example
 * ```ts
 * import { metricRows } from "./pictures.ts";
 * import { diagramMetrics } from "../topology/metrics.ts";
 * import assert from "node:assert/strict";
 * const H1 = diagramMetrics([[0, 0.5]], { infinity: 1 });
 * const epochs = { "0": { layers: { "1": { all: { H1 } } } } };
 * assert.equal(metricRows(epochs, 1, "lifetimeMean")[0].value, 0.5);
 * ```
 */
export function metricRows(
  epochs: BarcodeEvaluationFile["epochs"],
  dim: number,
  metric: DiagramMetricName,
): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const [epoch, { layers }] of Object.entries(epochs)) {
    for (const [layer, splits] of Object.entries(layers)) {
      const value = splits.all?.[`H${dim}`]?.[metric];
      if (typeof value === "number") {
        rows.push({ epoch: Number(epoch), layer: Number(layer), value });
      }
    }
  }
  return rows;
}

/**
 * One picture of a network as a plain description (it can go to a worker):
 * a metric over epochs, or the training history's loss and RMSE.
 */
export type NetworkPicture =
  | {
    kind: "metric";
    /** Where the PNG goes. */
    path: string;
    network: string;
    dim: number;
    metric: DiagramMetricName;
    rows: MetricRow[];
  }
  | {
    kind: "history";
    /** Where the PNG goes. */
    path: string;
    network: string;
    history: Parameters<typeof lossRmseChart>[0];
  };

/**
 * The metric pictures of a network: one per metric and dimension with rows,
 * the metric over epochs, one line per layer (train+test activations).
 *
 * @example
 * ```ts
 * import { metricPictures } from "./pictures.ts";
 * import { networkPaths } from "../artifacts/layout.ts";
 * import { diagramMetrics } from "../topology/metrics.ts";
 * import assert from "node:assert/strict";
 * const paths = networkPaths("/tmp/x", "good", 1);
 * const H1 = diagramMetrics([[0, 0.5]], { infinity: 1 });
 * const jobs = metricPictures(paths, "good", { "0": { layers: { "1": { all: { H1 } } } } }, 1);
 * assert.ok(jobs.some((j) => j.path === paths.metricPng(1, "lifetimeMean")));
 * ```
 */
export function metricPictures(
  paths: NetworkPaths,
  network: string,
  epochs: BarcodeEvaluationFile["epochs"],
  maxDim: number,
): NetworkPicture[] {
  const jobs: NetworkPicture[] = [];
  for (let dim = 0; dim <= maxDim; dim++) {
    for (const metric of METRICS_OVER_EPOCHS) {
      const rows = metricRows(epochs, dim, metric);
      if (rows.length === 0) continue;
      jobs.push({ kind: "metric", path: paths.metricPng(dim, metric), network, dim, metric, rows });
    }
  }
  return jobs;
}

/**
 * Draw one {@linkcode NetworkPicture} to its PNG.
 *
 * @example
 * ```ts
 * import { drawNetworkPicture } from "./pictures.ts";
 * import assert from "node:assert/strict";
 * const path = `${await Deno.makeTempDir()}/metric.png`;
 * await drawNetworkPicture({
 *   kind: "metric", path, network: "good", dim: 1, metric: "bars",
 *   rows: [{ epoch: 0, layer: 1, value: 2 }],
 * });
 * assert.ok((await Deno.stat(path)).size > 0);
 * ```
 */
export async function drawNetworkPicture(job: NetworkPicture): Promise<void> {
  if (job.kind === "history") {
    await writeChartPng(
      job.path,
      lossRmseChart(job.history, { title: `${job.network} · loss and RMSE` }),
    );
    return;
  }
  const { dim, metric } = job;
  await writeChartPng(
    job.path,
    metricOverEpochsChart(job.rows, {
      yLabel: `${metric} H${dim}`,
      title: `${job.network} · ${metric} of H${dim} over epochs`,
      subtitle: "train+test activations, one line per layer (0 = input)",
    }),
  );
}

/**
 * Write one picture per metric and dimension: the metric over epochs, one
 * line per layer (train+test activations).
 *
 * @example
 * ```ts
 * import { writeMetricPictures } from "./pictures.ts";
 * import { networkPaths } from "../artifacts/layout.ts";
 * import { diagramMetrics } from "../topology/metrics.ts";
 * import assert from "node:assert/strict";
 * const paths = networkPaths(await Deno.makeTempDir(), "good", 1);
 * await Deno.mkdir(paths.barcodesDir, { recursive: true });
 * const H1 = diagramMetrics([[0, 0.5]], { infinity: 1 });
 * await writeMetricPictures(paths, "good", { "0": { layers: { "1": { all: { H1 } } } } }, 1);
 * assert.ok((await Deno.stat(`${paths.barcodesDir}/metric_H1_lifetimeMean.png`)).isFile);
 * ```
 */
export async function writeMetricPictures(
  paths: NetworkPaths,
  network: string,
  epochs: BarcodeEvaluationFile["epochs"],
  maxDim: number,
): Promise<void> {
  for (const job of metricPictures(paths, network, epochs, maxDim)) await drawNetworkPicture(job);
}
