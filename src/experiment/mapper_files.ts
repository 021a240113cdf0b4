/**
 * The Mapper stage's files, from its records ({@linkcode ./mapper_stage.ts}),
 * under the network's `mapper/epoch<k>/`:
 *
 * ```
 * mapper/epoch<k>/layer<L>.json                    Mapper graph (nntopo/mapper@1), with positions
 * mapper/epoch<k>/layer<L>_graph_<colour>.png      colour = label | lens | accuracy
 * mapper/epoch<k>/attribution/attribution.json     every clustering (nntopo/attribution@1)
 * mapper/epoch<k>/attribution/<method>_heatmap.png cluster × neuron attribution
 * mapper/epoch<k>/attribution/<method>_labels.png  label composition and accuracy
 * mapper/epoch<k>/attribution/<method>_weights.png weight pictures of the largest cluster
 * ```
 *
 * Attribution files sit in a subfolder because the site reads every JSON
 * file of `mapper/epoch<k>/` as a Mapper graph. Every chart is drawn from the
 * records — the same ones the site reads.
 *
 * @module
 */

import { drawableGraph, mapperGraphChart } from "../plots/mapper_graph.ts";
import { heatmapChart } from "../plots/heatmap.ts";
import { labelCompositionChart } from "../plots/label_composition.ts";
import { weightImagesChart } from "../plots/weight_images.ts";
import { writeChartPng } from "../artifacts/png.ts";
import { type ArtifactRecord, writeArtifactJson } from "../artifacts/json.ts";
import type { AttributionMethod } from "../artifacts/schema.ts";
import type { MethodPictures } from "./attribution_stage.ts";
import type { MapperStageResult } from "./mapper_stage.ts";

/**
 * Write the stage's records and pictures into `dir`; returns the files
 * written, relative to `dir`.
 *
 * @example
 * ```ts
 * import { mapperRecords } from "./mapper_stage.ts";
 * import { writeMapperFiles } from "./mapper_files.ts";
 * import assert from "node:assert/strict";
 * const n = 40, rows = Array.from({ length: n }, (_, i) => i % 2);
 * const input = { data: Float32Array.from(rows.flatMap((c) => [c, 1 - c, 0, 0])), n, d: 4 };
 * const hidden = { data: Float32Array.from(rows.flatMap((c, i) => [c * 3 + i * 0.01, 1 - c, 0.5])), n, d: 3 };
 * const output = { data: Float32Array.from(rows.flatMap((c, i) => [c + i * 0.001, 1 - c])), n, d: 2 };
 * const result = mapperRecords({
 *   spec: { lens: { name: "pca" }, intervals: 4, overlap: 0.3, methods: ["kmeans"], k: 2, top: 1 },
 *   network: "toy", epoch: 0, activations: [input, hidden, output],
 *   labels: Int32Array.from(rows),
 *   kernels: [{ kernel: new Float32Array(12), shape: [4, 3] }, { kernel: new Float32Array(6), shape: [3, 2] }],
 *   seed: 1,
 * });
 * const dir = await Deno.makeTempDir();
 * const files = await writeMapperFiles(dir, result);
 * assert.ok(files.includes("attribution/attribution.json") && files.includes("layer2.json"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeMapperFiles(dir: string, result: MapperStageResult): Promise<string[]> {
  await Deno.mkdir(`${dir}/attribution`, { recursive: true });
  const files = await writeGraphFiles(dir, result.graph);
  const { attribution } = result;
  for (const [key, method] of Object.entries(attribution.methods)) {
    const pictures = result.pictures[key as keyof MapperStageResult["pictures"]];
    files.push(...await writeMethodPictures({ dir, key, method, attribution, pictures }));
  }
  await writeArtifactJson(`${dir}/attribution/attribution.json`, "attribution", attribution);
  files.push("attribution/attribution.json");
  return files;
}

async function writeGraphFiles(dir: string, graph: ArtifactRecord<"mapper">): Promise<string[]> {
  const graphFile = `layer${graph.layer}.json`;
  await writeArtifactJson(`${dir}/${graphFile}`, "mapper", graph);
  const files = [graphFile];
  const title = `${graph.network} · epoch ${graph.epoch} · Mapper of layer ${graph.layer}` +
    (graph.transform !== "none" ? ` (${graph.transform})` : "");
  const subtitle = `lens ${graph.lens}, ${graph.intervals} intervals, overlap ${graph.overlap}; ` +
    `${graph.points} points; ${graph.components} components, ${graph.cycles} cycles`;
  const drawable = drawableGraph(graph);
  for (const colouring of drawable.colourings) {
    const file = `layer${graph.layer}_graph_${colouring.file}.png`;
    await writeChartPng(
      `${dir}/${file}`,
      mapperGraphChart(drawable.graph, {
        colorBy: colouring.stat,
        categorical: colouring.categorical,
        title,
        subtitle,
      }),
    );
    files.push(file);
  }
  return files;
}

/** What {@linkcode writeMethodPictures} draws. */
interface MethodPicturesJob {
  dir: string;
  /** The method's key in `attribution.methods`. */
  key: string;
  method: AttributionMethod;
  attribution: ArtifactRecord<"attribution">;
  pictures?: MethodPictures;
}

/** Which clusters the rows are, in words. */
function rowsNote(key: string, method: AttributionMethod, layer: number): string {
  const word = key === "mapper" ? "Mapper nodes" : "clusters";
  const total = method.clusters.length, shown = method.shown.length;
  return (shown < total ? `the ${shown} largest of ${total} ${word}` : `${total} ${word}`) +
    ` of layer ${layer}` + (key === "mapper" ? ", in lens order" : ", by majority class");
}

async function writeMethodPictures(job: MethodPicturesJob): Promise<string[]> {
  const { dir, key, method, attribution } = job;
  const head = `${attribution.network} · epoch ${attribution.epoch} · ${method.name}`;
  const note = rowsNote(key, method, attribution.layer);
  const shown = method.shown.map((c) => method.clusters[c]);
  const { top, attributionLayer: layer } = attribution;
  const heatFile = `attribution/${key}_heatmap.png`;
  await writeChartPng(
    `${dir}/${heatFile}`,
    heatmapChart({
      rows: shown.map((c) => c.name),
      columns: method.heatmap.columns.map(String),
      values: method.heatmap.values,
    }, {
      title: `${head}: hidden neurons per cluster`,
      subtitle: `share of a cluster's members having the neuron among their ${top} ` +
        `most activated (layer ${layer}, ${attribution.neurons} neurons); rows: ${note}, ` +
        `named "cluster (majority class)"; columns: ${method.heatmap.columns.length} of the ` +
        `${method.heatmap.candidates} neurons in some row's top ${top}`,
      xLabel: `layer ${layer} neuron`,
      valueLabel: "share",
      domain: [0, 1],
    }),
  );
  const labelsFile = `attribution/${key}_labels.png`;
  await writeChartPng(
    `${dir}/${labelsFile}`,
    labelCompositionChart(
      shown.map((c) => ({
        cluster: c.name,
        labelHistogram: c.labelHistogram,
        accuracy: c.accuracy,
      })),
      { title: `${head}: label composition and accuracy`, subtitle: note },
    ),
  );
  const files = [heatFile, labelsFile];
  if (job.pictures) files.push(await writeWeightPictures(job, job.pictures, head));
  return files;
}

async function writeWeightPictures(
  job: MethodPicturesJob,
  pictures: MethodPictures,
  head: string,
): Promise<string> {
  const { side, point, pointClass } = pictures;
  const layer = job.attribution.attributionLayer;
  const file = `attribution/${job.key}_weights.png`;
  await writeChartPng(
    `${job.dir}/${file}`,
    weightImagesChart(pictures.rows, {
      side,
      title: `${head}: the largest cluster's top neurons`,
      subtitle: `incoming weights of layer-${layer} neurons as ${side}×${side} images, ` +
        `their mean, a member digit (test point ${point}, closest to the cluster's mean image, ` +
        `class ${pointClass}) and the digit × mean; controls: another cluster's ` +
        `top neurons and random neurons`,
    }),
    { scale: 2 }, // the site shows this picture itself
  );
  return file;
}
