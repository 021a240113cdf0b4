/**
 * A Keras model as the TensorFlow.js converter exports it (model.json and
 * weight shards), written here with tfjs itself, analysed with a dataset:
 * nntopo takes its own snapshots, layer j being the output of the j-th layer
 * with a kernel after the kernel-less layers that follow it.
 */

import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { encodeNpy } from "../../src/data/npy.ts";
import { analyzeDumps } from "../../src/experiment/analyze.ts";
import { vietorisRips } from "../../src/topology/vietoris_rips.ts";
import { diagramsFromJson } from "../../src/topology/diagram.ts";
import type { PointCloud } from "../../src/data/point_cloud.ts";
import { diagramDifference } from "../topology/ripser_oracle.ts";
import { useCpuBackend } from "../../src/nn/backend.ts";

useCpuBackend();

/** A Keras-like model: Dense(relu) → Dropout → Dense → Activation(tanh) → Dense(softmax). */
function kerasLikeModel(seed: number): tf.Sequential {
  const init = (s: number) => tf.initializers.glorotUniform({ seed: seed * 10 + s });
  return tf.sequential({
    name: `keras_${seed}`,
    layers: [
      tf.layers.dense({
        units: 6,
        activation: "relu",
        inputShape: [4],
        kernelInitializer: init(1),
      }),
      tf.layers.dropout({ rate: 0.3 }),
      tf.layers.dense({ units: 5, kernelInitializer: init(2) }),
      tf.layers.activation({ activation: "tanh" }),
      tf.layers.dense({ units: 3, activation: "softmax", kernelInitializer: init(3) }),
    ],
  });
}

/** Save as the converter does: format, generatedBy, convertedBy, weights in two shards. */
async function saveConverted(model: tf.LayersModel, dir: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const data = new Uint8Array(artifacts.weightData as ArrayBuffer);
    const half = Math.floor(data.length / 8) * 4;
    const paths = ["group1-shard1of2.bin", "group1-shard2of2.bin"];
    await Deno.writeFile(`${dir}/${paths[0]}`, data.slice(0, half));
    await Deno.writeFile(`${dir}/${paths[1]}`, data.slice(half));
    await Deno.writeTextFile(
      `${dir}/model.json`,
      JSON.stringify({
        format: "layers-model",
        generatedBy: "keras v2.15.0",
        convertedBy: "TensorFlow.js Converter v4.22.0",
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths, weights: artifacts.weightSpecs }],
      }),
    );
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
  }));
}

/** The expected snapshot layers, computed by hand from the kernels. */
function expectedLayers(model: tf.LayersModel, x: Float32Array, n: number): PointCloud[] {
  const dense = model.layers.filter((l) => l.getClassName() === "Dense");
  const activations = ["relu", "tanh", "softmax"];
  const clouds: PointCloud[] = [{ data: x, n, d: 4 }];
  let h = tf.tensor2d(x, [n, 4]);
  dense.forEach((layer, j) => {
    const [w, b] = layer.getWeights();
    const z = tf.add(tf.matMul(h, w), b) as tf.Tensor2D;
    h = activations[j] === "relu"
      ? tf.relu(z)
      : activations[j] === "tanh"
      ? tf.tanh(z)
      : tf.softmax(z);
    clouds.push({ data: h.dataSync() as Float32Array, n, d: h.shape[1] });
  });
  return clouds;
}

Deno.test("a tfjs-converted Keras model with a dataset: nntopo's own snapshots of it", async () => {
  const root = await Deno.makeTempDir({ prefix: "model_dump_test_" });
  try {
    const n = 30;
    const x = Float32Array.from({ length: n * 4 }, (_, i) => Math.sin(i * 0.37) * 2);
    const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
    const split = Int32Array.from({ length: n }, (_, i) => i >= 24 ? 1 : 0);
    const a = kerasLikeModel(1), b = kerasLikeModel(2);
    // Network a: one model.json, its epoch the history's last (7).
    await saveConverted(a, `${root}/a`);
    await Deno.writeTextFile(
      `${root}/a/history.json`,
      JSON.stringify({
        loss: [1, 0.8, 0.7, 0.6, 0.5, 0.45, 0.4],
        val_loss: [1, 0.9, 0.8, 0.7, 0.65, 0.6, 0.6],
      }),
    );
    // Network b: one epoch<k>/ folder per snapshot.
    await saveConverted(b, `${root}/b/epoch7`);
    for (const dir of [`${root}/a`, `${root}/b`]) {
      await Deno.writeFile(`${dir}/inputs.npy`, encodeNpy(x, [n, 4]));
      await Deno.writeFile(`${dir}/labels.npy`, encodeNpy(labels, [n]));
      await Deno.writeFile(`${dir}/split.npy`, encodeNpy(split, [n]));
    }
    const out = `${root}/out`;
    const result = await analyzeDumps(
      [{ name: "a", dir: `${root}/a` }, { name: "b", dir: `${root}/b` }],
      { name: "keras", out, points: 100, maxDim: 1, workers: 0, mapper: true },
    );
    for (const [name, model] of [["a", a], ["b", b]] as const) {
      const net = `${result.dir}/weights_graphs_${name}_DataAmount1`;
      const data = JSON.parse(await Deno.readTextFile(`${net}/barcodes/barcode_data.json`));
      assert.deepEqual(Object.keys(data.epochs), ["7"]);
      const expected = expectedLayers(model, x, n);
      assert.deepEqual(Object.keys(data.epochs[7].layers), ["0", "1", "2", "3"]);
      for (const [j, cloud] of expected.entries()) {
        const written = data.epochs[7].layers[j].all;
        assert.equal(written.dim, cloud.d, `${name} layer ${j}`);
        const direct = vietorisRips(cloud, { maxDim: 1 }).diagrams;
        const ours = diagramsFromJson(written.diagrams);
        for (const dim of [0, 1]) {
          const difference = diagramDifference(ours[dim], direct[dim], 1e-5, false);
          assert.equal(difference, null, `${name} layer ${j} H${dim}: ${difference}`);
        }
      }
      // The three Dense kernels give the weight topology.
      assert.deepEqual(Object.keys(data.weights[7].layers), ["1", "2", "3"]);
      // Mapper on the test split of the last layer.
      const graph = JSON.parse(await Deno.readTextFile(`${net}/mapper/epoch7/layer3.json`));
      assert.equal(graph.points, 6);
    }
    const manifest = JSON.parse(await Deno.readTextFile(`${result.dir}/manifest.json`));
    assert.equal(manifest.source.networks[0].format, "tfjs-model");
    assert.deepEqual(
      Object.keys(manifest.source.networks[1].files).sort(),
      [
        "epoch7/group1-shard1of2.bin",
        "epoch7/group1-shard2of2.bin",
        "epoch7/model.json",
        "inputs.npy",
        "labels.npy",
        "split.npy",
      ],
    );
    const history = JSON.parse(
      await Deno.readTextFile(`${result.dir}/weights_graphs_a_DataAmount1/history.json`),
    );
    assert.equal(history.epochs.length, 7);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
