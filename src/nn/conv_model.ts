/**
 * Convolutional networks as tfjs models: built from a spec with seeded
 * weights, and read back into the conv engine's layers. tfjs holds the
 * weights (so model files, safetensors and resuming work as for dense
 * networks); src/nn/conv_engine.ts does the arithmetic.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";
import { createRandom, deriveSeed } from "../data/random.ts";
import type { ResolvedLayerSpec, ResolvedModelSpec } from "./spec.ts";
import { initialKernel } from "./initializers.ts";
import {
  convForward,
  convGeometry,
  type ConvNet,
  type EngineLayer,
  engineScratch,
  type Shape3,
  shapeSize,
} from "./conv_engine.ts";

/** Name of layer `index` (0-based) of a conv network: kind and 1-based index. */
export function convLayerName(layer: ResolvedLayerSpec, index: number): string {
  const prefix = { conv2d: "conv", maxPool2d: "pool", flatten: "flatten", dense: "dense" }[
    layer.kind
  ];
  return `${prefix}${index + 1}`;
}

/** One tfjs layer and its seeded kernel (null for layers without weights). */
function tfLayer(
  layer: ResolvedLayerSpec,
  name: string,
  input: Shape3,
  first: boolean,
): { layer: tf.layers.Layer; output: Shape3 } {
  const inputShape = first ? { inputShape: [input.h, input.w, input.c] } : {};
  if (layer.kind === "conv2d") {
    const k = layer.kernelSize;
    const geometry = convGeometry(input, k, k, layer.filters, layer.padding);
    return {
      layer: tf.layers.conv2d({
        name,
        filters: layer.filters,
        kernelSize: k,
        padding: layer.padding,
        activation: layer.activation,
        kernelInitializer: "zeros",
        biasInitializer: "zeros",
        ...inputShape,
      }),
      output: geometry.output,
    };
  }
  if (layer.kind === "maxPool2d") {
    const p = layer.poolSize;
    const output = { h: Math.floor(input.h / p), w: Math.floor(input.w / p), c: input.c };
    if (output.h < 1 || output.w < 1) {
      throw new RangeError(
        `buildConvModel: layer "${name}": a ${p}×${p} max-pool needs an input of at least ${p}×${p}, found ${input.h}×${input.w}`,
      );
    }
    return {
      layer: tf.layers.maxPooling2d({
        name,
        poolSize: p,
        strides: p,
        padding: "valid",
        ...inputShape,
      }),
      output,
    };
  }
  if (layer.kind === "flatten") {
    return {
      layer: tf.layers.flatten({ name, ...inputShape }),
      output: { h: 1, w: 1, c: shapeSize(input) },
    };
  }
  return {
    layer: tf.layers.dense({
      name,
      units: layer.units,
      activation: layer.activation,
      kernelInitializer: "zeros",
      biasInitializer: "zeros",
    }),
    output: { h: 1, w: 1, c: layer.units },
  };
}

/**
 * A `tf.Sequential` of conv, max-pool, flatten and dense layers for a
 * resolved spec with `inputShape`. Kernels come from nntopo's generator,
 * stream `deriveSeed(seed, "init/<layer name>")` (Glorot uniform with Keras's
 * conv fans kh·kw·cin and kh·kw·cout, or He normal); biases start at 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveModelSpec } from "./spec.ts";
 * import { buildConvModel } from "./conv_model.ts";
 * const spec = resolveModelSpec({ name: "cnn", inputShape: [6, 6, 1], loss: "softmaxCrossentropy",
 *   layers: [{ kind: "conv2d", filters: 2, kernelSize: 3 }, { kind: "maxPool2d" }, { kind: "flatten" }, { units: 3 }] });
 * const model = buildConvModel(spec, 0);
 * assert.deepEqual(model.layers.map((l) => l.name), ["conv1", "pool2", "flatten3", "dense4"]);
 * ```
 */
export function buildConvModel(spec: ResolvedModelSpec, seed: number): tf.Sequential {
  if (!spec.inputShape) {
    throw new RangeError(`buildConvModel: spec "${spec.name}": expected an "inputShape"`);
  }
  const [h, w, c] = spec.inputShape;
  const model = tf.sequential({ name: spec.name });
  let shape: Shape3 = { h, w, c };
  spec.layers.forEach((layer, i) => {
    const name = convLayerName(layer, i);
    const built = tfLayer(layer, name, shape, i === 0);
    model.add(built.layer);
    if (layer.kind === "conv2d" || layer.kind === "dense") {
      const k = layer.kind === "conv2d" ? layer.kernelSize : 1;
      const inC = layer.kind === "conv2d" ? shape.c : shapeSize(shape);
      const outC = built.output.c;
      const fans = { fanIn: k * k * inC, fanOut: k * k * outC, size: k * k * inC * outC };
      const kernel = initialKernel(
        layer.initializer,
        createRandom(deriveSeed(seed, `init/${name}`)),
        fans,
      );
      const kernelShape = layer.kind === "conv2d" ? [k, k, inC, outC] : [inC, outC];
      tf.tidy(() => built.layer.setWeights([tf.tensor(kernel, kernelShape), tf.zeros([outC])]));
    }
    shape = built.output;
  });
  return model;
}

/**
 * Whether a tfjs model has layers besides dense ones (conv, max-pool, flatten).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildModel } from "./build_model.ts";
 * import { isConvModel } from "./conv_model.ts";
 * assert.equal(isConvModel(buildModel({ name: "m", layers: [{ units: 1 }] }, 2, { seed: 0 })), false);
 * ```
 */
export function isConvModel(model: tf.LayersModel): boolean {
  return model.layers.some((l) => l.getClassName() !== "Dense");
}

function shape3(shape: tf.Shape | tf.Shape[], where: string): Shape3 {
  const s = (Array.isArray(shape[0]) ? shape[0] : shape) as (number | null)[];
  if (s.length === 4) return { h: s[1]!, w: s[2]!, c: s[3]! };
  if (s.length === 2) return { h: 1, w: 1, c: s[1]! };
  throw new TypeError(
    `${where}: expected a [batch, h, w, c] or [batch, n] shape, found ${JSON.stringify(s)}`,
  );
}

/** One tfjs layer as an engine layer (kernels copied). */
function engineLayer(layer: tf.layers.Layer, where: string): EngineLayer {
  const input = shape3((layer.input as tf.SymbolicTensor).shape, where),
    output = shape3(layer.outputShape, where);
  const config = layer.getConfig() as Record<string, unknown>;
  const className = layer.getClassName();
  const params = () => {
    const [kernel, bias] = layer.getWeights();
    const activation = String(config.activation ?? "linear") as "relu" | "linear";
    return {
      kernel: Float32Array.from(kernel.dataSync() as Float32Array),
      bias: Float32Array.from(bias.dataSync() as Float32Array),
      activation,
    };
  };
  if (className === "Conv2D") {
    const [kh, kw] = config.kernelSize as number[];
    const strides = config.strides as number[];
    if (strides.some((s) => s !== 1) || (config.dilationRate as number[]).some((d) => d !== 1)) {
      throw new TypeError(`${where}: expected stride 1 and no dilation`);
    }
    const padding = config.padding as "valid" | "same";
    const { padTop, padLeft } = convGeometry(input, kh, kw, output.c, padding);
    return { kind: "conv2d", input, output, kh, kw, padTop, padLeft, ...params() };
  }
  if (className === "MaxPooling2D") {
    const [p] = config.poolSize as number[];
    return { kind: "maxPool2d", input, output, pool: p };
  }
  if (className === "Flatten") return { kind: "flatten", input, output };
  if (className === "Dense") return { kind: "dense", input, output, ...params() };
  throw new TypeError(
    `${where}: expected a Conv2D, MaxPooling2D, Flatten or Dense layer, found ${className}`,
  );
}

/**
 * The conv engine's view of a tfjs model (copies of its weights).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildModel } from "./build_model.ts";
 * import { engineNet } from "./conv_model.ts";
 * const model = buildModel({ name: "cnn", inputShape: [4, 4, 1], loss: "softmaxCrossentropy",
 *   layers: [{ kind: "conv2d", filters: 2, kernelSize: 2 }, { kind: "flatten" }, { units: 3 }] }, 16, { seed: 0 });
 * const net = engineNet(model);
 * assert.deepEqual(net.layers[0].output, { h: 3, w: 3, c: 2 });
 * ```
 */
export function engineNet(model: tf.LayersModel): ConvNet {
  return {
    layers: model.layers.map((layer) =>
      engineLayer(layer, `model "${model.name}": layer "${layer.name}"`)
    ),
  };
}

/**
 * Write the engine's kernels and biases into the model's layers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildModel } from "./build_model.ts";
 * import { engineNet, writeEngineWeights } from "./conv_model.ts";
 * const model = buildModel({ name: "cnn", inputShape: [2, 2, 1], loss: "softmaxCrossentropy",
 *   layers: [{ kind: "flatten" }, { units: 2 }] }, 4, { seed: 0 });
 * const net = engineNet(model);
 * const dense = net.layers[1];
 * assert.ok(dense.kind === "dense");
 * dense.bias.fill(0.5);
 * writeEngineWeights(net, model);
 * assert.deepEqual([...model.layers[1].getWeights()[1].dataSync()], [0.5, 0.5]);
 * ```
 */
export function writeEngineWeights(net: ConvNet, model: tf.LayersModel): void {
  tf.tidy(() => {
    net.layers.forEach((layer, j) => {
      if (layer.kind !== "conv2d" && layer.kind !== "dense") return;
      const target = model.layers[j];
      const [kernel, bias] = target.weights;
      target.setWeights([
        tf.tensor(layer.kernel, kernel.shape as number[]),
        tf.tensor(layer.bias, bias.shape as number[]),
      ]);
    });
  });
}

/**
 * The outputs of a conv model's layers for n input rows `x` (n × h·w·c), each
 * row-major n × (that layer's output size: conv and pool maps flattened per
 * image, NHWC). Only the layers listed in `keep` (0-based; default all) are
 * kept, so that a large set can be evaluated without holding every conv map.
 * Computed by the conv engine in chunks of 64 images.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildModel } from "./build_model.ts";
 * import { convLayerOutputs } from "./conv_model.ts";
 * const model = buildModel({ name: "cnn", inputShape: [4, 4, 1], loss: "softmaxCrossentropy",
 *   layers: [{ kind: "conv2d", filters: 2, kernelSize: 2 }, { kind: "flatten" }, { units: 3 }] }, 16, { seed: 0 });
 * const outs = convLayerOutputs(model, new Float32Array(32).fill(1), 2);
 * assert.deepEqual(outs.map((o) => o?.length), [36, 36, 6]);
 * ```
 */
export function convLayerOutputs(
  model: tf.LayersModel,
  x: Float32Array,
  n: number,
  keep?: number[],
): (Float32Array | null)[] {
  const net = engineNet(model);
  const size = shapeSize(net.layers[0].input);
  if (x.length !== n * size) {
    throw new RangeError(
      `convLayerOutputs: model "${model.name}": argument "x": expected ${n} × ${size} values, found ${x.length}`,
    );
  }
  const kept = net.layers.map((l, j) =>
    keep === undefined || keep.includes(j) ? new Float32Array(n * shapeSize(l.output)) : null
  );
  const chunk = 64;
  const scratch = engineScratch(net, chunk);
  for (let start = 0; start < n; start += chunk) {
    const m = Math.min(chunk, n - start);
    const outs = convForward(net, x.subarray(start * size, (start + m) * size), m, scratch);
    kept.forEach((out, j) => out?.set(outs[j], start * shapeSize(net.layers[j].output)));
  }
  return kept;
}
