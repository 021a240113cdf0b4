/**
 * Save and load a tfjs model as files (Deno has no `file://` handler):
 * `model.json` (tfjs "layers-model" format: topology + weights manifest) and
 * `weights.bin` (the weights, little-endian float32), loadable by
 * `tf.loadLayersModel` in any tfjs. When the model carries an optimizer
 * (`model.optimizer`, set by `trainModel` of src/nn/train.ts), its state goes
 * to `optimizer.bin`, described under the extra key `nntopoOptimizer` of
 * model.json, so that training resumes where it stopped.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic.ts";
import { useCpuBackend } from "../nn/backend.ts";
import { checkJson } from "./json.ts";
import { tfjsModelFile } from "./schemas/tfjs_model.ts";

interface OptimizerEntry {
  className: string;
  config: tf.serialization.ConfigDict;
  weightsPath: string;
  weightSpecs: tf.io.WeightsManifestEntry[];
}

function joinWeightData(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  return new Uint8Array(Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data);
}

/**
 * Write `model.json`, `weights.bin` and, when `model.optimizer` is set,
 * `optimizer.bin` into `dir` (created if missing). Each file is written to a
 * temporary name and renamed; model.json comes last, so a directory with a
 * model.json holds a complete model.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildModel } from "../nn/build_model.ts";
 * import { loadModelFiles, saveModelFiles } from "./tfjs_model_files.ts";
 * const model = buildModel({ name: "m", layers: [{ units: 3 }, { units: 1 }] }, 2, { seed: 0 });
 * const dir = await Deno.makeTempDir();
 * await saveModelFiles(model, dir);
 * const again = await loadModelFiles(dir);
 * assert.equal(again.layers.length, 2);
 * ```
 */
export async function saveModelFiles(model: tf.LayersModel, dir: string): Promise<void> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler((artifacts) => {
    captured = artifacts;
    return Promise.resolve({
      modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: "JSON" },
    });
  }));
  const artifacts = captured as tf.io.ModelArtifacts | null;
  if (artifacts === null) {
    throw new Error(`saveModelFiles: model "${model.name}" produced no artifacts`);
  }
  const weights = joinWeightData(artifacts.weightData);
  await Deno.mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, "weights.bin"), weights);
  const json: Record<string, unknown> = {
    format: "layers-model",
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: ["weights.bin"], weights: artifacts.weightSpecs ?? [] }],
  };
  const optimizer = model.optimizer;
  if (optimizer != null) {
    const named = await optimizer.getWeights();
    const encoded = await tf.io.encodeWeights(named);
    // The step count comes as a fresh scalar; the moments are the optimizer's own variables.
    named[0].tensor.dispose();
    await writeFileAtomic(join(dir, "optimizer.bin"), joinWeightData(encoded.data));
    const entry: OptimizerEntry = {
      className: optimizer.getClassName(),
      config: optimizer.getConfig(),
      weightsPath: "optimizer.bin",
      weightSpecs: canonicalOptimizerNames(model, encoded.specs),
    };
    json.nntopoOptimizer = entry;
  }
  await writeFileAtomic(join(dir, "model.json"), JSON.stringify(json));
}

/**
 * The optimizer's weights under the model's own weight names: tfjs names a
 * variable `dense1/kernel_1` when another model in the process already has a
 * `dense1/kernel`, so the moments would be named by how many models were built
 * before (a resumed run builds fewer); `dense1/kernel_1/m` becomes `dense1/kernel/m`.
 */
function canonicalOptimizerNames(
  model: tf.LayersModel,
  specs: tf.io.WeightsManifestEntry[],
): tf.io.WeightsManifestEntry[] {
  const canonical = new Map(model.weights.map((w) => [w.name, w.originalName]));
  return specs.map((spec) => {
    const cut = spec.name.lastIndexOf("/");
    const name = cut > 0 ? canonical.get(spec.name.slice(0, cut)) : undefined;
    return name === undefined ? spec : { ...spec, name: name + spec.name.slice(cut) };
  });
}

async function readFile(path: string, what: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (error) {
    throw new Error(`loadModelFiles: cannot read ${what} ${path}: ${(error as Error).message}`);
  }
}

function weightsByteLength(specs: tf.io.WeightsManifestEntry[]): number {
  const bytes: Record<string, number> = { float32: 4, int32: 4, bool: 1 };
  return specs.reduce(
    (sum, s) => sum + (bytes[s.dtype] ?? 4) * s.shape.reduce((a, b) => a * b, 1),
    0,
  );
}

/**
 * Load a model written by {@linkcode saveModelFiles}, with its optimizer state
 * on `model.optimizer` when the directory has one (only Adam is restored).
 * Throws an error naming the file when a file is missing or its size does not
 * match the manifest.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildModel } from "../nn/build_model.ts";
 * import { loadModelFiles, saveModelFiles } from "./tfjs_model_files.ts";
 * const dir = await Deno.makeTempDir();
 * await saveModelFiles(buildModel({ name: "m", layers: [{ units: 1 }] }, 2, { seed: 0 }), dir);
 * assert.equal((await loadModelFiles(dir)).name, "m");
 * ```
 */
export async function loadModelFiles(dir: string): Promise<tf.LayersModel> {
  // The backend nntopo trains on, in production mode: no tfjs-node banner on stderr.
  useCpuBackend();
  const jsonPath = join(dir, "model.json");
  const text = new TextDecoder().decode(await readFile(jsonPath, "model file"));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `loadModelFiles: ${jsonPath}: expected JSON, found: ${(error as Error).message}`,
    );
  }
  const json = checkJson(tfjsModelFile, parsed, { file: jsonPath, published: "tfjs_model" });
  const manifest = json.weightsManifest;
  const weightsPath = join(dir, manifest[0].paths[0]);
  const weightData = await readFile(weightsPath, "weights file");
  const expected = weightsByteLength(manifest[0].weights);
  if (weightData.length !== expected) {
    throw new RangeError(
      `loadModelFiles: ${weightsPath}: expected ${expected} bytes (from model.json), found ${weightData.length}`,
    );
  }
  const model = await tf.loadLayersModel({
    load: () =>
      Promise.resolve({
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        weightSpecs: manifest[0].weights,
        weightData: weightData.slice().buffer,
      }),
  });
  const entry = json.nntopoOptimizer as OptimizerEntry | undefined;
  if (entry !== undefined) {
    if (entry.className !== "Adam") {
      throw new RangeError(
        `loadModelFiles: ${jsonPath}: field "nntopoOptimizer.className": expected "Adam", found ${entry.className}`,
      );
    }
    const optimizerPath = join(dir, entry.weightsPath);
    const bytes = await readFile(optimizerPath, "optimizer file");
    if (bytes.length !== weightsByteLength(entry.weightSpecs)) {
      throw new RangeError(
        `loadModelFiles: ${optimizerPath}: expected ${
          weightsByteLength(entry.weightSpecs)
        } bytes (from model.json), found ${bytes.length}`,
      );
    }
    const tensors = tf.io.decodeWeights(bytes.slice().buffer, entry.weightSpecs);
    const config = entry.config as Record<string, number>;
    const optimizer = tf.train.adam(
      config.learningRate,
      config.beta1,
      config.beta2,
      config.epsilon,
    );
    await optimizer.setWeights(
      entry.weightSpecs.map((spec) => ({ name: spec.name, tensor: tensors[spec.name] })),
    );
    tf.dispose(Object.values(tensors)); // setWeights copied them into variables
    if (model instanceof tf.Sequential && Reflect.get(model, "model") == null) {
      model.build();
    }
    model.optimizer = optimizer;
  }
  return model;
}
