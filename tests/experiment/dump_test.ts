/**
 * Dump folders that cannot be analysed: each is a named error (file,
 * expected, found) raised before anything is written.
 */

import assert from "node:assert/strict";
import { encodeNpy } from "../../src/data/npy.ts";
import { encodeSafetensors } from "../../src/artifacts/safetensors.ts";
import { analyzeDumps } from "../../src/experiment/analyze.ts";
import { inspectDump } from "../../src/experiment/dump.ts";

interface DumpSpec {
  n?: number;
  labels?: number;
  split?: number[];
  epochs?: number[];
  layers?: number[];
  dims?: number[];
  values?: (epoch: number, layer: number, i: number) => number;
}

/** Write a small dump of n samples: layers of the given widths at the given epochs. */
async function writeDump(dir: string, spec: DumpSpec = {}): Promise<void> {
  const n = spec.n ?? 12;
  const labels = Int32Array.from({ length: spec.labels ?? n }, (_, i) => i % 3);
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeFile(`${dir}/labels.npy`, encodeNpy(labels, [labels.length]));
  if (spec.split) {
    await Deno.writeFile(
      `${dir}/split.npy`,
      encodeNpy(Int32Array.from(spec.split), [spec.split.length]),
    );
  }
  const layers = spec.layers ?? [0, 1, 2];
  for (const epoch of spec.epochs ?? [0, 2]) {
    await Deno.mkdir(`${dir}/epoch${epoch}`, { recursive: true });
    for (const [at, j] of layers.entries()) {
      const d = spec.dims?.[at] ?? 3;
      const data = Float64Array.from(
        { length: n * d },
        (_, i) => spec.values?.(epoch, j, i) ?? Math.sin(i * 1.7 + j + epoch),
      );
      await Deno.writeFile(`${dir}/epoch${epoch}/layer${j}.npy`, encodeNpy(data, [n, d]));
    }
  }
}

async function expectRefusal(
  dumps: Array<{ name: string; dir: string }>,
  pattern: RegExp,
  options: { mapper?: boolean } = {},
): Promise<void> {
  const out = await Deno.makeTempDir({ prefix: "dump_test_out_" });
  await Deno.remove(out);
  await assert.rejects(
    analyzeDumps(dumps, { name: "x", out, points: 50, maxDim: 1, workers: 0, ...options }),
    (error: Error) => {
      assert.match(error.message, pattern);
      assert.match(error.message, /: expected .*, found /, "names what was expected and found");
      return true;
    },
  );
  assert.equal(await Deno.stat(out).then(() => true, () => false), false, "nothing written");
}

Deno.test("analyze refuses mismatched dumps with a named error before writing anything", async () => {
  const root = await Deno.makeTempDir({ prefix: "dump_test_" });
  try {
    const ok = `${root}/ok`;
    await writeDump(ok);
    await writeDump(`${root}/labels`, { labels: 10 });
    await expectRefusal(
      [{ name: "a", dir: `${root}/labels` }],
      /labels\/epoch0\/layer0\.npy: expected 10 samples \(as labels\.npy\), found shape \(12, 3\)/,
    );
    await writeDump(`${root}/split`, { split: [0, 1, 0] });
    await expectRefusal(
      [{ name: "a", dir: `${root}/split` }],
      /split\.npy: expected 12 samples \(as labels\.npy\), found 3/,
    );
    await writeDump(`${root}/split2`, {
      split: Array.from({ length: 12 }, (_, i) => i === 5 ? 2 : 0),
    });
    await expectRefusal(
      [{ name: "a", dir: `${root}/split2` }],
      /split\.npy: expected 0 \(train\) or 1 \(test\) per sample, found 2 at index 5/,
    );
    await writeDump(`${root}/epochs`, { epochs: [0] });
    await expectRefusal(
      [{ name: "a", dir: ok }, { name: "b", dir: `${root}/epochs` }],
      /epochs: expected epoch 2 \(present in a\), found epochs 0/,
    );
    await writeDump(`${root}/nan`, {
      values: (e, j, i) => e === 2 && j === 1 && i === 7 ? NaN : i,
    });
    await expectRefusal(
      [{ name: "a", dir: ok }, { name: "b", dir: `${root}/nan` }],
      /nan\/epoch2\/layer1\.npy: expected finite values, found NaN at index \(2, 1\)/,
    );
    await writeDump(`${root}/inf`, { values: (_e, j, i) => j === 2 && i === 0 ? -Infinity : i });
    await expectRefusal([{ name: "a", dir: `${root}/inf` }], /found -Infinity at index \(0, 0\)/);
    await writeDump(`${root}/gap`, { layers: [0, 2] });
    await expectRefusal(
      [{ name: "a", dir: `${root}/gap` }],
      /expected layers numbered consecutively from 0 or 1, found layers 0,2/,
    );
    await writeDump(`${root}/nolayer0`, { layers: [1, 2] });
    await expectRefusal(
      [{ name: "a", dir: `${root}/nolayer0` }],
      /expected layer0 \(the input\) for --mapper's attribution, found layers 1, 2/,
      { mapper: true },
    );
    await expectRefusal(
      [{ name: "a", dir: ok }, { name: "a", dir: ok }],
      /a network name not used/,
    );
    await expectRefusal([{ name: "a", dir: `${root}/none` }], /none: expected a dump folder/);
    // A layer missing at one epoch only.
    await writeDump(`${root}/short`);
    await Deno.remove(`${root}/short/epoch2/layer2.npy`);
    await expectRefusal(
      [{ name: "a", dir: `${root}/short` }],
      /short\/epoch2: expected layers 0, 1, 2 \(as epoch 0\), found layers 0, 1/,
    );
    // A float labels file, a kernel of the wrong width.
    await writeDump(`${root}/flabels`);
    await Deno.writeFile(`${root}/flabels/labels.npy`, encodeNpy(new Float32Array(12), [12]));
    await expectRefusal(
      [{ name: "a", dir: `${root}/flabels` }],
      /labels\.npy: expected an integer dtype/,
    );
    await writeDump(`${root}/kernel`);
    await Deno.writeFile(
      `${root}/kernel/epoch2/weights.safetensors`,
      encodeSafetensors({
        "layer1.weight": { dtype: "F32", shape: [4, 3], data: new Float32Array(12) },
      }),
    );
    await expectRefusal(
      [{ name: "a", dir: `${root}/kernel` }],
      /tensor "layer1\.weight": expected shape \[3, in\] .*, found \[4, 3\]/,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a dump of epoch<k>.safetensors files reads like the .npy layout", async () => {
  const root = await Deno.makeTempDir({ prefix: "dump_test_" });
  try {
    await writeDump(`${root}/npy`);
    await Deno.mkdir(`${root}/st`);
    await Deno.copyFile(`${root}/npy/labels.npy`, `${root}/st/labels.npy`);
    for (const epoch of [0, 2]) {
      const tensors: Parameters<typeof encodeSafetensors>[0] = {};
      for (const j of [0, 1, 2]) {
        const data = Float32Array.from({ length: 36 }, (_, i) => Math.sin(i * 1.7 + j + epoch));
        tensors[`layer${j}`] = { dtype: "F32", shape: [12, 3], data };
      }
      await Deno.writeFile(`${root}/st/epoch${epoch}.safetensors`, encodeSafetensors(tensors));
    }
    const a = await inspectDump(`${root}/npy`, "a"), b = await inspectDump(`${root}/st`, "b");
    assert.deepEqual([b.format, b.epochs, b.layers, b.dims], [
      "safetensors",
      [0, 2],
      [0, 1, 2],
      a.dims,
    ]);
    // Both in one folder for the same epoch is ambiguous.
    await Deno.copyFile(`${root}/st/epoch0.safetensors`, `${root}/npy/epoch0.safetensors`);
    await assert.rejects(
      inspectDump(`${root}/npy`, "a"),
      /expected one source for epoch 0, found both epoch0\/ and epoch0\.safetensors/,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("history.csv and Keras's history.json become history.json rows", async () => {
  const root = await Deno.makeTempDir({ prefix: "dump_test_" });
  try {
    await writeDump(`${root}/a`);
    await Deno.writeTextFile(
      `${root}/a/history.csv`,
      "epoch,loss,accuracy,val_loss,val_accuracy\n1,0.9,0.5,1.0,0.4\n2,0.5,0.8,,0.7\n",
    );
    const dump = await inspectDump(`${root}/a`, "a");
    assert.deepEqual(dump.history, [
      {
        epoch: 1,
        train: { loss: 0.9, accuracy: 0.5, rmse: null },
        test: { loss: 1, accuracy: 0.4, rmse: null },
      },
      {
        epoch: 2,
        train: { loss: 0.5, accuracy: 0.8, rmse: null },
        test: { loss: null, accuracy: 0.7, rmse: null },
      },
    ]);
    await Deno.writeTextFile(`${root}/a/history.csv`, "epoch,loss\n1,abc\n");
    await assert.rejects(
      inspectDump(`${root}/a`, "a"),
      /history\.csv: expected a number at row 2, column "loss", found "abc"/,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
