/**
 * A Keras model exported by the TensorFlow.js converter
 * (`tensorflowjs_converter --input_format keras`: `model.json` plus weight
 * shards) together with a dataset, as `deno task analyze` reads it: nntopo
 * loads the model with tfjs and takes its own snapshots of it.
 *
 * ```
 * model.json + group1-shard*.bin    one snapshot (its epoch: the last of the history, else 0)
 * epoch<k>/model.json + shards      or one model per snapshot epoch
 * inputs.npy                        the dataset, shape (n, …) as the model's input
 * labels.npy, split.npy, history.*  as in an activation dump
 * ```
 *
 * Layer 0 is the input; layer j is the output of the j-th layer that has a
 * kernel (Dense, Conv…), after the layers without one that follow it
 * (Activation, Dropout, pooling, Flatten, normalisation). Dense kernels give
 * the weight topology.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";
import { npyToFloat32, npyToInt32, readNpyFile } from "../data/npy.ts";
import { useCpuBackend } from "../nn/backend.ts";
import type { PointCloud } from "../data/point_cloud.ts";
import { assertFolder, type Dump, type DumpEpoch, type EpochSource, readSplit } from "./dump.ts";
import { DumpError } from "./dump_error.ts";
import { readHistory } from "./dump_history.ts";
import type { LayerKernel } from "./snapshot_stage.ts";

const exists = (path: string) => Deno.stat(path).then(() => true, () => false);

/**
 * Whether a folder holds a tfjs model (`model.json`, or `epoch<k>/model.json`).
 *
 * @example
 * ```ts
 * import { isModelDump } from "./model_dump.ts";
 * import assert from "node:assert/strict";
 * assert.equal(await isModelDump("/nonexistent-nntopo"), false);
 * ```
 */
export async function isModelDump(dir: string): Promise<boolean> {
  if (await exists(`${dir}/model.json`)) return true;
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (/^epoch\d+$/.test(entry.name) && await exists(`${dir}/${entry.name}/model.json`)) {
        return true;
      }
    }
  } catch {
    return false;
  }
  return false;
}

/**
 * Load the model(s) of a model folder, run the dataset through each and
 * return the dump of its snapshots (activations held in memory).
 *
 * @example
 * ```ts
 * import { inspectModelDump } from "./model_dump.ts";
 * import { buildModel } from "../nn/build_model.ts";
 * import { saveModelFiles } from "../artifacts/tfjs_model_files.ts";
 * import { encodeNpy } from "../data/npy.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await saveModelFiles(buildModel({ name: "m", layers: [{ units: 3 }, { units: 1 }] }, 2, { seed: 0 }), dir);
 * await Deno.writeFile(`${dir}/inputs.npy`, encodeNpy(new Float32Array([0, 1, 2, 3, 4, 5]), [3, 2]));
 * await Deno.writeFile(`${dir}/labels.npy`, encodeNpy(new Int32Array([0, 1, 0]), [3]));
 * const dump = await inspectModelDump(dir, "m");
 * assert.deepEqual([dump.epochs, dump.layers, dump.dims[1], dump.kernelLayers[0]], [[0], [0, 1, 2], 3, [1, 2]]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function inspectModelDump(dir: string, name: string): Promise<Dump> {
  await assertFolder(dir);
  const files: string[] = [];
  const labelsFile = `${dir}/labels.npy`;
  const labels = npyToInt32(await readNpyFile(labelsFile, { ndim: 1 }), labelsFile);
  files.push("labels.npy");
  const n = labels.length;
  const inputsFile = `${dir}/inputs.npy`;
  const inputsArray = await readNpyFile(inputsFile, {
    dtypes: ["float32", "float64", "uint8"],
    ndim: [1, Infinity],
    shape: [n],
  });
  const inputs = { data: npyToFloat32(inputsArray, inputsFile), shape: inputsArray.shape };
  files.push("inputs.npy");
  const split = await readSplit(dir, n, files);
  const history = await readHistory(dir, files);
  const models: Record<number, string> = {};
  if (await exists(`${dir}/model.json`)) models[history?.at(-1)?.epoch ?? 0] = "";
  for await (const entry of Deno.readDir(dir)) {
    const m = /^epoch(\d+)$/.exec(entry.name);
    if (m && await exists(`${dir}/${entry.name}/model.json`)) {
      if (models[Number(m[1])] !== undefined) {
        throw new DumpError(`${dir}/${entry.name}`, `one model for epoch ${m[1]}`, "two");
      }
      models[Number(m[1])] = `${entry.name}/`;
    }
  }
  const epochs = Object.keys(models).map(Number).sort((a, b) => a - b);
  const sources: Record<number, EpochSource> = {};
  let layers: number[] = [];
  const dims: Record<number, number> = {};
  const kernelLayers: Record<number, number[]> = {};
  for (const epoch of epochs) {
    const prefix = models[epoch];
    const { model, files: read } = await loadConvertedModel(`${dir}/${prefix}model.json`);
    files.push(...read.map((f) => `${prefix}${f}`));
    const arrays = modelSnapshot(model, inputs, `${dir}/${prefix}model.json`);
    model.dispose();
    layers = arrays.activations.map((_, j) => j);
    arrays.activations.forEach((c, j) => dims[j] = c.d);
    kernelLayers[epoch] = arrays.kernels.map((k) => k.layer);
    sources[epoch] = { kind: "memory", arrays, where: `${dir}/${prefix}model.json` };
  }
  return {
    name,
    dir,
    format: "tfjs-model",
    n,
    labels,
    split,
    epochs,
    layers,
    dims,
    sources,
    kernelLayers,
    history,
    files,
  };
}

/**
 * Load a tfjs layers model from `model.json` and its weight shards (any
 * number of groups and paths), as the converter writes them.
 *
 * @example
 * ```ts
 * import { loadConvertedModel } from "./model_dump.ts";
 * import { buildModel } from "../nn/build_model.ts";
 * import { saveModelFiles } from "../artifacts/tfjs_model_files.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await saveModelFiles(buildModel({ name: "m", layers: [{ units: 1 }] }, 2, { seed: 0 }), dir);
 * const { model, files } = await loadConvertedModel(`${dir}/model.json`);
 * assert.equal(model.layers.length, 1);
 * assert.equal(files[0], "model.json");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadConvertedModel(
  jsonPath: string,
): Promise<{ model: tf.LayersModel; files: string[] }> {
  useCpuBackend();
  const folder = jsonPath.slice(0, jsonPath.lastIndexOf("/") + 1);
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(await Deno.readTextFile(jsonPath));
  } catch (error) {
    throw new DumpError(jsonPath, "a tfjs model.json", (error as Error).message);
  }
  const manifest = json.weightsManifest as tf.io.WeightsManifestConfig | undefined;
  if (json.modelTopology === undefined || !Array.isArray(manifest)) {
    throw new DumpError(
      jsonPath,
      'a tfjs layers model ("modelTopology" and "weightsManifest")',
      `fields ${Object.keys(json).join(", ")}`,
    );
  }
  const files = ["model.json"];
  const chunks: Uint8Array[] = [];
  for (const group of manifest) {
    for (const path of group.paths) {
      try {
        chunks.push(await Deno.readFile(`${folder}${path}`));
      } catch (error) {
        throw new DumpError(
          `${folder}${path}`,
          "a weight shard named in model.json",
          (error as Error).message,
        );
      }
      files.push(path);
    }
  }
  const weightData = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  chunks.reduce((at, c) => (weightData.set(c, at), at + c.length), 0);
  try {
    const model = await tf.loadLayersModel({
      load: () =>
        Promise.resolve({
          modelTopology: json.modelTopology as tf.io.ModelArtifacts["modelTopology"],
          format: json.format as string,
          generatedBy: json.generatedBy as string,
          convertedBy: json.convertedBy as string,
          weightSpecs: manifest.flatMap((g) => g.weights),
          weightData: weightData.buffer,
        }),
    });
    return { model, files };
  } catch (error) {
    throw new DumpError(jsonPath, "a model tfjs can load", (error as Error).message);
  }
}

/** The layers after which a snapshot is taken: each kernel layer with the kernel-less layers after it. */
function snapshotLayers(
  model: tf.LayersModel,
): { output: tf.layers.Layer; kernel: tf.LayerVariable | null }[] {
  const blocks: { output: tf.layers.Layer; kernel: tf.LayerVariable | null }[] = [];
  for (const layer of model.layers) {
    if (layer.getClassName() === "InputLayer") continue;
    const kernel = layer.weights.find((w) =>
      /(^|\/)(kernel|depthwise_kernel)(_\d+)?$/.test(w.originalName)
    ) ??
      null;
    if (kernel || blocks.length === 0) blocks.push({ output: layer, kernel });
    else blocks[blocks.length - 1].output = layer;
  }
  return blocks;
}

/**
 * The activations of every snapshot layer (0 = the inputs) and the Dense
 * kernels of a model on `inputs`, in batches.
 */
function modelSnapshot(
  model: tf.LayersModel,
  inputs: { data: Float32Array; shape: number[] },
  where: string,
): DumpEpoch {
  const n = inputs.shape[0];
  const inputShape = (model.inputs[0].shape as (number | null)[]).slice(1) as number[];
  const rowSize = inputShape.reduce((a, b) => a * b, 1);
  const given = inputs.shape.slice(1).reduce((a, b) => a * b, 1);
  if (rowSize !== given) {
    throw new DumpError(
      where,
      `inputs of shape (n, ${inputShape.join(", ")}) (the model's input)`,
      `inputs.npy of shape (${inputs.shape.join(", ")})`,
    );
  }
  const blocks = snapshotLayers(model);
  const probe = tf.model({
    inputs: model.inputs,
    outputs: blocks.map((b) => b.output.output as tf.SymbolicTensor),
  });
  const dims = blocks.map((b) =>
    ((b.output.output as tf.SymbolicTensor).shape.slice(1) as number[]).reduce((a, c) => a * c, 1)
  );
  const activations: PointCloud[] = [{ data: inputs.data, n, d: rowSize }];
  dims.forEach((d) => activations.push({ data: new Float32Array(n * d), n, d }));
  const batch = 256;
  for (let start = 0; start < n; start += batch) {
    const rows = Math.min(batch, n - start);
    tf.tidy(() => {
      const x = tf.tensor(inputs.data.subarray(start * rowSize, (start + rows) * rowSize), [
        rows,
        ...inputShape,
      ]);
      const outs = probe.predict(x);
      (Array.isArray(outs) ? outs : [outs]).forEach((t, j) => {
        activations[j + 1].data.set(t.dataSync() as Float32Array, start * dims[j]);
      });
    });
  }
  const kernels: LayerKernel[] = [];
  blocks.forEach((b, j) => {
    const shape = b.kernel?.shape;
    if (b.kernel && shape?.length === 2) {
      kernels.push({
        layer: j + 1,
        kernel: Float32Array.from(b.kernel.read().dataSync() as Float32Array),
        shape: [shape[0] as number, shape[1] as number],
      });
    }
  });
  return { activations, kernels };
}
