/**
 * Model specifications: a fully connected network as plain data.
 *
 * @module
 */

/** One dense layer. */
export interface LayerSpec {
  /** Number of neurons. */
  units: number;
  /** Activation after the affine map (default `"relu"` for hidden layers, `"linear"` for the last). */
  activation?: "relu" | "tanh" | "sigmoid" | "linear";
  /** L1 penalty `l1 · Σ|W|` on the kernel, added to the training loss (default 0). */
  l1?: number;
  /** L2 penalty `l2 · ΣW²` on the kernel, added to the training loss (default 0). */
  l2?: number;
  /** Dropout rate applied to this layer's output during training only (default 0). */
  dropout?: number;
  /**
   * Kernel initialiser (default `"glorotUniform"`, Keras's default, which the concentric-spheres course report
   * used); biases start at 0.
   */
  initializer?: "glorotUniform" | "heNormal";
}

/** A fully connected network and how to train it. */
export interface ModelSpec {
  /** Architecture name used in output paths, e.g. `"good_10-8-5-1"`. */
  name: string;
  /**
   * Dense layers in order; the last is the output: 1 linear unit (a logit) for
   * binary classification, one linear unit per class for softmax.
   */
  layers: LayerSpec[];
  /** Adam's learning rate (default 0.001, Keras's default). */
  learningRate?: number;
  /** Mini-batch size (default 32, as Keras's `fit`). */
  batchSize?: number;
  /** Training loss (default `"binaryCrossentropyFromLogits"`). */
  loss?: "binaryCrossentropyFromLogits" | "softmaxCrossentropy";
}

/** A model spec with every default filled in. */
export interface ResolvedModelSpec {
  /** Architecture name. */
  name: string;
  /** Layers with every option set. */
  layers: Required<LayerSpec>[];
  /** Adam's learning rate. */
  learningRate: number;
  /** Mini-batch size. */
  batchSize: number;
  /** Training loss. */
  loss: "binaryCrossentropyFromLogits" | "softmaxCrossentropy";
}

import { describeValue } from "../data/describe_value.ts";

const ACTIVATIONS = ["relu", "tanh", "sigmoid", "linear"];
const INITIALIZERS = ["glorotUniform", "heNormal"];

/**
 * Check a model spec and fill in its defaults; throw an error naming the field
 * otherwise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveModelSpec } from "./spec.ts";
 * const spec = resolveModelSpec({ name: "good_10-8-5-1", layers: [
 *   { units: 10 }, { units: 8 }, { units: 5 }, { units: 1 },
 * ] });
 * assert.equal(spec.layers[3].activation, "linear");
 * assert.equal(spec.batchSize, 32);
 * ```
 */
export function resolveModelSpec(spec: ModelSpec): ResolvedModelSpec {
  const where = `model spec "${spec?.name}"`;
  if (typeof spec?.name !== "string" || spec.name === "") {
    throw new TypeError(
      `model spec: field "name": expected a non-empty string, found ${describeValue(spec?.name)}`,
    );
  }
  if (!Array.isArray(spec.layers) || spec.layers.length === 0) {
    throw new RangeError(
      `${where}: field "layers": expected a non-empty array, found ${describeValue(spec.layers)}`,
    );
  }
  const last = spec.layers.length - 1;
  const layers = spec.layers.map((layer, i): Required<LayerSpec> => {
    const at = `${where}: field "layers[${i}]`;
    if (typeof layer !== "object" || layer === null || Array.isArray(layer)) {
      throw new TypeError(`${at}": expected a layer object, found ${describeValue(layer)}`);
    }
    if (!Number.isInteger(layer.units) || layer.units < 1) {
      throw new RangeError(
        `${at}.units": expected a positive integer, found ${describeValue(layer.units)}`,
      );
    }
    const activation = layer.activation ?? (i === last ? "linear" : "relu");
    if (!ACTIVATIONS.includes(activation)) {
      throw new RangeError(
        `${at}.activation": expected one of ${ACTIVATIONS.join(", ")}, found ${
          describeValue(activation)
        }`,
      );
    }
    const initializer = layer.initializer ?? "glorotUniform";
    if (!INITIALIZERS.includes(initializer)) {
      throw new RangeError(
        `${at}.initializer": expected one of ${INITIALIZERS.join(", ")}, found ${
          describeValue(initializer)
        }`,
      );
    }
    const l1 = layer.l1 ?? 0, l2 = layer.l2 ?? 0, dropout = layer.dropout ?? 0;
    for (const [key, value] of [["l1", l1], ["l2", l2]] as const) {
      if (typeof value !== "number" || !(value >= 0 && Number.isFinite(value))) {
        throw new RangeError(
          `${at}.${key}": expected a finite number ≥ 0, found ${describeValue(value)}`,
        );
      }
    }
    if (typeof dropout !== "number" || !(dropout >= 0 && dropout < 1)) {
      throw new RangeError(
        `${at}.dropout": expected a rate in [0, 1), found ${describeValue(dropout)}`,
      );
    }
    return { units: layer.units, activation, l1, l2, dropout, initializer };
  });
  const learningRate = spec.learningRate ?? 0.001;
  if (typeof learningRate !== "number" || !(learningRate > 0 && Number.isFinite(learningRate))) {
    throw new RangeError(
      `${where}: field "learningRate": expected a number > 0, found ${describeValue(learningRate)}`,
    );
  }
  const batchSize = spec.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(
      `${where}: field "batchSize": expected a positive integer, found ${describeValue(batchSize)}`,
    );
  }
  const loss = spec.loss ?? "binaryCrossentropyFromLogits";
  if (loss !== "binaryCrossentropyFromLogits" && loss !== "softmaxCrossentropy") {
    throw new RangeError(
      `${where}: field "loss": expected "binaryCrossentropyFromLogits" or "softmaxCrossentropy", found ${
        describeValue(loss)
      }`,
    );
  }
  if (loss === "binaryCrossentropyFromLogits" && layers[last].units !== 1) {
    throw new RangeError(
      `${where}: field "layers[${last}].units": expected 1 output logit for binary cross-entropy, found ${
        layers[last].units
      }`,
    );
  }
  return { name: spec.name, layers, learningRate, batchSize, loss };
}
