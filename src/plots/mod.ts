/**
 * nntopo's charts: each builder returns a {@linkcode Chart} that
 * {@linkcode renderSvg} turns into one self-contained SVG, used for the PNG
 * artifacts (src/artifacts/png.ts) and inlined by the static site.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { barcodeChart, renderSvg } from "./mod.ts";
 * const svg = renderSvg(barcodeChart([[[0, 1], [0, Infinity]]], { title: "H0" }));
 * assert.ok(svg.includes("<rect"));
 * ```
 *
 * @module
 */

export type { Chart, LegendItem, LegendSymbol } from "./chart.ts";
export { isChart } from "./chart.ts";
export { renderSvg, type RenderSvgOptions } from "./render.ts";
export {
  dimensionColor,
  dimensionColors,
  dimensionLabel,
  layerColor,
  layerColors,
  mutedTextColor,
  splitColors,
} from "./palette.ts";
export { barcodeChart, type BarcodeChartOptions } from "./barcode.ts";
export { cycleChart, type CycleChartOptions } from "./cycle.ts";
export {
  persistenceDiagramChart,
  type PersistenceDiagramChartOptions,
} from "./persistence_diagram.ts";
export {
  bettiCurvePoints,
  bettiCurvesChart,
  type BettiCurvesChartOptions,
  type BettiPoint,
} from "./betti_curves.ts";
export {
  type HistoryMetric,
  type HistoryRow,
  lossRmseChart,
  type LossRmseChartOptions,
  type SplitMetrics,
} from "./loss_rmse.ts";
export {
  metricOverEpochsChart,
  type MetricOverEpochsChartOptions,
  type MetricRow,
} from "./metric_over_epochs.ts";
export { formatValue } from "./format.ts";
export { niceTicks } from "./ticks.ts";
export { trainingCurvesChart } from "./training_curves.ts";
export { trackingChart, type TrackingRow, trackingRows } from "./tracking.ts";
export { networkColor } from "./network_color.ts";
export {
  mapperGraphChart,
  type MapperGraphChartOptions,
  type PositionedGraph,
} from "./mapper_graph.ts";
export { forceLayout, type ForceLayoutOptions } from "./graph_layout.ts";
export { heatmapChart, type HeatmapChartOptions, type HeatmapInput } from "./heatmap.ts";
export {
  type CompositionBar,
  labelCompositionChart,
  type LabelCompositionChartOptions,
} from "./label_composition.ts";
export {
  type ImageRow,
  type LabelledImage,
  weightImagesChart,
  type WeightImagesChartOptions,
} from "./weight_images.ts";
