import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { buildModel } from "../../src/nn/build_model.ts";
import { trainModel } from "../../src/nn/train.ts";
import { activations } from "../../src/nn/activations.ts";
import { weights } from "../../src/nn/weights.ts";
import { loadModelFiles, saveModelFiles } from "../../src/artifacts/tfjs_model_files.ts";
import { good, smallSpheres } from "./helpers.ts";

Deno.test("model files: round trip gives identical weights and predictions", async () => {
  const data = smallSpheres(100, 3);
  const model = buildModel(good, 10, { seed: 3 });
  await trainModel(model, good, data, { epochs: 1, seed: 3 });
  const dir = await Deno.makeTempDir();
  await saveModelFiles(model, `${dir}/model`);
  const files = [...Deno.readDirSync(`${dir}/model`)].map((e) => e.name).sort();
  assert.deepEqual(files, ["model.json", "optimizer.bin", "weights.bin"]);
  const json = JSON.parse(await Deno.readTextFile(`${dir}/model/model.json`));
  assert.equal(json.format, "layers-model");
  assert.deepEqual(json.weightsManifest[0].paths, ["weights.bin"]);
  assert.equal((await Deno.stat(`${dir}/model/weights.bin`)).size, 4 * (110 + 88 + 45 + 6));
  const loaded = await loadModelFiles(`${dir}/model`);
  assert.equal(loaded.name, model.name);
  assert.deepEqual(weights(loaded), weights(model));
  const a = activations(model, data.test.x, data.test.n, 10);
  const b = activations(loaded, data.test.x, data.test.n, 10);
  assert.deepEqual(b, a);
  // tfjs's own loader reads the same files through an in-memory handler.
  const plain = await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest[0].weights,
    weightData: (await Deno.readFile(`${dir}/model/weights.bin`)).buffer,
  }));
  assert.deepEqual(weights(plain), weights(model));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("model files: resuming from a saved epoch continues the same training bit for bit", async () => {
  const data = smallSpheres(100, 4);
  const straight = buildModel(good, 10, { seed: 4 });
  const full = await trainModel(straight, good, data, { epochs: 4, seed: 4 });
  const dir = await Deno.makeTempDir();
  const first = buildModel(good, 10, { seed: 4 });
  await trainModel(first, good, data, {
    epochs: 2,
    seed: 4,
    onEpochEnd: async (record, m) => {
      if (record.epoch === 2) await saveModelFiles(m, dir);
    },
  });
  const resumed = await loadModelFiles(dir);
  assert.ok(resumed.optimizer != null);
  const rest = await trainModel(resumed, good, data, { epochs: 4, seed: 4, startEpoch: 2 });
  assert.deepEqual(rest.map((r) => r.epoch), [3, 4]);
  // Adam's state travels in optimizer.bin: the resumed run is bit-identical.
  assert.deepEqual(weights(resumed), weights(straight));
  assert.deepEqual(rest, full.slice(2));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("model files: missing or truncated files throw errors naming the file", async () => {
  const dir = await Deno.makeTempDir();
  await assert.rejects(() => loadModelFiles(dir), /cannot read model file .*model\.json/);
  await saveModelFiles(buildModel(good, 10, { seed: 0 }), dir);
  await Deno.writeFile(`${dir}/weights.bin`, new Uint8Array(12));
  await assert.rejects(
    () => loadModelFiles(dir),
    /weights\.bin: expected 996 bytes \(from model\.json\), found 12/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("model files: saving and loading leave no tfjs tensors behind", async () => {
  const data = smallSpheres(40, 5);
  const model = buildModel(good, 10, { seed: 5 });
  await trainModel(model, good, data, { epochs: 1, seed: 5 });
  const dir = await Deno.makeTempDir();
  const before = tf.memory().numTensors;
  await saveModelFiles(model, dir);
  assert.equal(tf.memory().numTensors, before, "saving allocates nothing that stays");
  const loaded = await loadModelFiles(dir);
  loaded.optimizer.dispose();
  loaded.dispose();
  assert.equal(tf.memory().numTensors, before, "a disposed loaded model frees everything");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("model files: the optimizer's weights are named alike however many models the process built", async () => {
  const data = smallSpheres(60, 5);
  const saved: string[] = [];
  // The same model trained three times in one process: tfjs names the second
  // one's variables dense1/kernel_1, the third's dense1/kernel_2.
  for (let copy = 0; copy < 3; copy++) {
    const model = buildModel(good, 10, { seed: 5 });
    await trainModel(model, good, data, { epochs: 1, seed: 5 });
    const dir = await Deno.makeTempDir();
    await saveModelFiles(model, dir);
    saved.push(await Deno.readTextFile(`${dir}/model.json`));
    const names = JSON.parse(saved[copy]).nntopoOptimizer.weightSpecs.map((s: { name: string }) =>
      s.name
    );
    assert.ok(names.includes("dense1/kernel/m"), names.join(" "));
    assert.ok(!names.some((n: string) => /_\d+\//.test(n)), names.join(" "));
    model.dispose();
    await Deno.remove(dir, { recursive: true });
  }
  assert.equal(saved[1], saved[0]);
  assert.equal(saved[2], saved[0]);
});
