/**
 * Model specifications: a fully connected network as plain data.
 *
 * @module
 */

import { describeValue } from "../data/describe_value.ts";

/** One dense layer. */
export interface DenseLayerSpec {
  /** `"dense"` (the default when absent). */
  kind?: "dense";
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

/**
 * A 2-D convolution with stride 1 (src/nn/conv_engine.ts): `filters` kernels of
 * `kernelSize` × `kernelSize` over all input channels.
 */
export interface Conv2DLayerSpec {
  /** Layer kind. */
  kind: "conv2d";
  /** Output channels. */
  filters: number;
  /** Kernel height and width. */
  kernelSize: number;
  /** `"valid"` (default, Keras's) or `"same"` (zero padding keeps the image size). */
  padding?: "valid" | "same";
  /** `"relu"` (default) or `"linear"`. */
  activation?: "relu" | "linear";
  /** Kernel initialiser (default `"glorotUniform"`: fan-in kh·kw·cin, fan-out kh·kw·cout). */
  initializer?: "glorotUniform" | "heNormal";
}

/** Max-pooling over non-overlapping `poolSize` × `poolSize` windows (stride = pool size, valid). */
export interface MaxPool2DLayerSpec {
  /** Layer kind. */
  kind: "maxPool2d";
  /** Window height and width (default 2). */
  poolSize?: number;
}

/** Flatten an image-shaped activation (NHWC) into a vector; the values and their order stay. */
export interface FlattenLayerSpec {
  /** Layer kind. */
  kind: "flatten";
}

/** One layer of a network: dense (kind absent or `"dense"`), conv, max-pool or flatten. */
export type LayerSpec = DenseLayerSpec | Conv2DLayerSpec | MaxPool2DLayerSpec | FlattenLayerSpec;

/** A dense layer with every option set. */
export type ResolvedDenseLayer = Required<DenseLayerSpec>;
/** A conv layer with every option set. */
export type ResolvedConv2DLayer = Required<Conv2DLayerSpec>;
/** A max-pool layer with every option set. */
export type ResolvedMaxPool2DLayer = Required<MaxPool2DLayerSpec>;
/** A layer with every option set. */
export type ResolvedLayerSpec =
  | ResolvedDenseLayer
  | ResolvedConv2DLayer
  | ResolvedMaxPool2DLayer
  | FlattenLayerSpec;

/** A network and how to train it. */
export interface ModelSpec {
  /** Architecture name used in output paths, e.g. `"good_10-8-5-1"`. */
  name: string;
  /**
   * Dense layers in order; the last is the output: 1 linear unit (a logit) for
   * binary classification, one linear unit per class for softmax.
   */
  layers: LayerSpec[];
  /**
   * Shape `[height, width, channels]` of an input row, needed by conv and
   * max-pool layers (a row of the data is read as an NHWC image); absent for
   * dense-only networks.
   */
  inputShape?: [number, number, number];
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
  layers: ResolvedLayerSpec[];
  /** Input image shape, when the spec gives one. */
  inputShape?: [number, number, number];
  /** Adam's learning rate. */
  learningRate: number;
  /** Mini-batch size. */
  batchSize: number;
  /** Training loss. */
  loss: "binaryCrossentropyFromLogits" | "softmaxCrossentropy";
}

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
 * const output = spec.layers[3];
 * assert.ok(output.kind === "dense" && output.activation === "linear");
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
  const inputShape = resolveInputShape(spec, where);
  let image = inputShape !== undefined; // is the current activation image-shaped?
  const layers = spec.layers.map((layer, i): ResolvedLayerSpec => {
    const at = `${where}: field "layers[${i}]`;
    if (typeof layer !== "object" || layer === null || Array.isArray(layer)) {
      throw new TypeError(`${at}": expected a layer object, found ${describeValue(layer)}`);
    }
    const kind = layer.kind ?? "dense";
    if (kind !== "dense" && !image) {
      throw new RangeError(
        `${at}.kind": expected a dense layer (a ${kind} layer needs an image-shaped input: set "inputShape" and put it before any flatten or dense layer), found ${kind}`,
      );
    }
    if (kind === "dense" && image) {
      throw new RangeError(
        `${at}.kind": expected a flatten layer before dense layer ${i}, whose input is image-shaped, found dense`,
      );
    }
    if (kind === "flatten") image = false;
    if (kind === "conv2d") return resolveConv(layer as Conv2DLayerSpec, at);
    if (kind === "maxPool2d") return resolvePool(layer as MaxPool2DLayerSpec, at);
    if (kind === "flatten") return { kind: "flatten" };
    if (kind !== "dense") {
      throw new RangeError(
        `${at}.kind": expected "dense", "conv2d", "maxPool2d" or "flatten", found ${
          describeValue(kind)
        }`,
      );
    }
    return resolveDense(layer as DenseLayerSpec, at, i === last);
  });
  const output = layers[last];
  if (output.kind !== "dense") {
    throw new RangeError(
      `${where}: field "layers[${last}].kind": expected the output layer to be dense, found ${output.kind}`,
    );
  }
  if (inputShape && spec.loss !== "softmaxCrossentropy") {
    throw new RangeError(
      `${where}: field "loss": expected "softmaxCrossentropy" for a network with image input, found ${spec.loss}`,
    );
  }
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
  if (loss === "binaryCrossentropyFromLogits" && output.units !== 1) {
    throw new RangeError(
      `${where}: field "layers[${last}].units": expected 1 output logit for binary cross-entropy, found ${output.units}`,
    );
  }
  return { name: spec.name, layers, learningRate, batchSize, loss, inputShape };
}

function resolveInputShape(spec: ModelSpec, where: string): [number, number, number] | undefined {
  const shape = spec.inputShape;
  if (shape === undefined) return undefined;
  if (
    !Array.isArray(shape) || shape.length !== 3 || !shape.every((v) => Number.isInteger(v) && v > 0)
  ) {
    throw new RangeError(
      `${where}: field "inputShape": expected [height, width, channels] of positive integers, found ${
        JSON.stringify(shape)
      }`,
    );
  }
  return [shape[0], shape[1], shape[2]];
}

function positiveInteger(value: unknown, at: string, field: string): number {
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw new RangeError(
      `${at}.${field}": expected a positive integer, found ${describeValue(value)}`,
    );
  }
  return value as number;
}

function resolveInitializer(value: string | undefined, at: string): "glorotUniform" | "heNormal" {
  const initializer = value ?? "glorotUniform";
  if (!INITIALIZERS.includes(initializer)) {
    throw new RangeError(
      `${at}.initializer": expected one of ${INITIALIZERS.join(", ")}, found ${
        describeValue(initializer)
      }`,
    );
  }
  return initializer as "glorotUniform" | "heNormal";
}

function resolveConv(layer: Conv2DLayerSpec, at: string): ResolvedConv2DLayer {
  const filters = positiveInteger(layer.filters, at, "filters");
  const kernelSize = positiveInteger(layer.kernelSize, at, "kernelSize");
  const padding = layer.padding ?? "valid";
  if (padding !== "valid" && padding !== "same") {
    throw new RangeError(
      `${at}.padding": expected "valid" or "same", found ${describeValue(padding)}`,
    );
  }
  const activation = layer.activation ?? "relu";
  if (activation !== "relu" && activation !== "linear") {
    throw new RangeError(
      `${at}.activation": expected "relu" or "linear", found ${describeValue(activation)}`,
    );
  }
  const initializer = resolveInitializer(layer.initializer, at);
  return { kind: "conv2d", filters, kernelSize, padding, activation, initializer };
}

function resolvePool(layer: MaxPool2DLayerSpec, at: string): ResolvedMaxPool2DLayer {
  return { kind: "maxPool2d", poolSize: positiveInteger(layer.poolSize ?? 2, at, "poolSize") };
}

function resolveDense(layer: DenseLayerSpec, at: string, last: boolean): ResolvedDenseLayer {
  positiveInteger(layer.units, at, "units");
  const activation = layer.activation ?? (last ? "linear" : "relu");
  if (!ACTIVATIONS.includes(activation)) {
    throw new RangeError(
      `${at}.activation": expected one of ${ACTIVATIONS.join(", ")}, found ${
        describeValue(activation)
      }`,
    );
  }
  const initializer = resolveInitializer(layer.initializer, at);
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
  return { kind: "dense", units: layer.units, activation, l1, l2, dropout, initializer };
}

/**
 * The dense layers of a resolved spec, with their index in `layers`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { denseLayerSpecs, resolveModelSpec } from "./spec.ts";
 * const spec = resolveModelSpec({ name: "m", layers: [{ units: 4 }, { units: 1 }] });
 * assert.deepEqual(denseLayerSpecs(spec).map((l) => l.units), [4, 1]);
 * ```
 */
export function denseLayerSpecs(spec: ResolvedModelSpec): ResolvedDenseLayer[] {
  return spec.layers.filter((l): l is ResolvedDenseLayer => l.kind === "dense");
}

/**
 * Whether a spec has image input (conv, max-pool or flatten layers), trained by the conv engine.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isConvSpec } from "./spec.ts";
 * assert.equal(isConvSpec({ name: "m", layers: [{ units: 1 }] }), false);
 * ```
 */
export function isConvSpec(spec: ModelSpec): boolean {
  return spec.inputShape !== undefined || spec.layers.some((l) => (l.kind ?? "dense") !== "dense");
}

/**
 * A layer as the manifest lists it: a dense layer's width (a number, as
 * before conv layers existed); `"conv64x3x3"`, `"maxpool2"` or `"flatten"`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { layerLabel } from "./spec.ts";
 * assert.equal(layerLabel({ units: 8 }), 8);
 * assert.equal(layerLabel({ kind: "conv2d", filters: 64, kernelSize: 3 }), "conv64x3x3");
 * ```
 */
export function layerLabel(layer: LayerSpec): number | string {
  if (layer.kind === "conv2d") {
    return `conv${layer.filters}x${layer.kernelSize}x${layer.kernelSize}`;
  }
  if (layer.kind === "maxPool2d") return `maxpool${layer.poolSize ?? 2}`;
  if (layer.kind === "flatten") return "flatten";
  return layer.units;
}
