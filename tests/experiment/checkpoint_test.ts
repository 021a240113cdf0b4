/**
 * The resume rule of a network's checkpoint when a snapshot's topology is
 * still being computed as training saves the next checkpoint: a snapshot epoch
 * before the checkpoint's that was never committed means the model of that
 * epoch is gone, so the network is retrained from epoch 0 (keeping the
 * snapshots that were committed); committed in order, the run picks up at
 * the checkpoint.
 */

import assert from "node:assert/strict";
import { networkPaths } from "../../src/artifacts/layout.ts";
import { NetworkCheckpoint } from "../../src/experiment/checkpoint.ts";
import { buildModel } from "../../src/nn/build_model.ts";

const spec = { name: "net", layers: [{ units: 2 }, { units: 1 }] };
const SPEC_HASH = "0".repeat(64);
const history = [{
  epoch: 0,
  train: { loss: 1, accuracy: 0.5, rmse: 0.5 },
  test: { loss: 1, accuracy: 0.5, rmse: 0.5 },
}];

/** A checkpoint in a fresh folder, and what resuming it reports. */
async function checkpointIn() {
  const dir = await Deno.makeTempDir({ prefix: "nntopo-checkpoint-" });
  const paths = networkPaths(dir, spec.name, 1);
  await Deno.mkdir(paths.resumeDir, { recursive: true });
  const notices: string[] = [];
  const resume = () =>
    new NetworkCheckpoint(paths, SPEC_HASH).resume(
      async (path) => JSON.parse(await Deno.readTextFile(path)),
      (message) => notices.push(message),
      [0, 1, 2],
    );
  return { dir, checkpoint: new NetworkCheckpoint(paths, SPEC_HASH), resume, notices };
}

Deno.test("a checkpoint saved before an earlier snapshot committed means a retrain from epoch 0", async () => {
  const { dir, checkpoint, resume, notices } = await checkpointIn();
  const model = buildModel(spec, 3, { seed: 1 });
  await checkpoint.save(model, history, 0);
  await checkpoint.save(model, history, 1);
  // Snapshot 0 commits only now, after the checkpoint of epoch 1: still
  // complete, and kept; snapshot 1 never commits.
  await checkpoint.commit(0, '{"epoch":0}');
  await checkpoint.save(model, history, 2);
  const point = await resume();
  assert.ok(point);
  assert.equal(point.epoch, 0);
  assert.equal(point.model, undefined);
  assert.deepEqual([...point.snapshots.keys()], [0]);
  assert.equal(notices.length, 1);
  assert.match(notices[0], /snapshot 1 is not committed and the checkpoint is of epoch 2/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("snapshots committed before the next checkpoint resume at the checkpoint", async () => {
  const { dir, checkpoint, resume, notices } = await checkpointIn();
  const model = buildModel(spec, 3, { seed: 1 });
  for (const epoch of [0, 1]) {
    await checkpoint.save(model, history, epoch);
    await checkpoint.commit(epoch, JSON.stringify({ epoch }));
  }
  await checkpoint.save(model, history, 2);
  const point = await resume();
  assert.ok(point?.model);
  assert.equal(point.epoch, 2);
  assert.deepEqual([...point.snapshots.keys()], [0, 1]);
  assert.deepEqual(point.snapshots.get(1), { epoch: 1 });
  assert.deepEqual(notices, []);
  point.model.dispose();
  model.dispose();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a save and a commit asked at once do not interleave their writes", async () => {
  const { dir, checkpoint, resume } = await checkpointIn();
  const model = buildModel(spec, 3, { seed: 1 });
  await checkpoint.save(model, history, 0);
  await Promise.all([
    checkpoint.commit(0, '{"epoch":0}'),
    checkpoint.save(model, history, 1),
    checkpoint.commit(1, '{"epoch":1}'),
  ]);
  const point = await resume();
  assert.equal(point?.epoch, 1);
  assert.deepEqual([...point!.snapshots.keys()], [0, 1]);
  point?.model?.dispose();
  model.dispose();
  await Deno.remove(dir, { recursive: true });
});
