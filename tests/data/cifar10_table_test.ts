import assert from "node:assert/strict";
import { CIFAR10_RECORD, loadCifar10, readCifar10Batch } from "../../src/data/cifar10.ts";
import { loadTable, parseCsvTable } from "../../src/data/table.ts";
import { encodeNpy } from "../../src/data/npy.ts";

/** A batch file in CIFAR-10's binary format: label byte, red, green, blue planes. */
function cifarBytes(
  images: { label: number; pixel: (c: number, r: number, col: number) => number }[],
) {
  const bytes = new Uint8Array(images.length * CIFAR10_RECORD);
  images.forEach((img, i) => {
    bytes[i * CIFAR10_RECORD] = img.label;
    for (let c = 0; c < 3; c++) {
      for (let r = 0; r < 32; r++) {
        for (let col = 0; col < 32; col++) {
          bytes[i * CIFAR10_RECORD + 1 + c * 1024 + r * 32 + col] = img.pixel(c, r, col);
        }
      }
    }
  });
  return bytes;
}

Deno.test("CIFAR-10 batches: labels, planes in file order, scaling, and the folder layout", async () => {
  const images = [
    { label: 6, pixel: (c: number, r: number, col: number) => (c * 80 + r + col) % 256 },
    { label: 0, pixel: () => 255 },
  ];
  const data = readCifar10Batch(cifarBytes(images), "data_batch_1.bin");
  assert.deepEqual([data.n, data.d, data.classes, [...data.y]], [2, 3072, 10, [6, 0]]);
  // green plane (c = 1), row 2, column 5 of image 0
  assert.equal(data.x[1024 + 2 * 32 + 5], Math.fround(((80 + 2 + 5) % 256) / 255));
  assert.ok(data.x.subarray(3072).every((v) => v === 1));

  const dir = await Deno.makeTempDir();
  await Deno.writeFile(`${dir}/data_batch_1.bin`, cifarBytes(images));
  await Deno.writeFile(`${dir}/data_batch_2.bin`, cifarBytes([images[1]]));
  await Deno.writeFile(`${dir}/test_batch.bin`, cifarBytes([images[0]]));
  const { train, test } = await loadCifar10(dir);
  assert.deepEqual([train.n, test.n, [...train.y], [...test.y]], [3, 1, [6, 0, 0], [6]]);

  assert.throws(
    () => readCifar10Batch(new Uint8Array(3000), "x.bin"),
    /x.bin: expected a whole number of 3073-byte records/,
  );
  const bad = cifarBytes([images[0]]);
  bad[0] = 12;
  assert.throws(
    () => readCifar10Batch(bad, "y.bin"),
    /y.bin: record 0 \(byte 0\): expected a label 0–9, found 12/,
  );
  await Deno.remove(`${dir}/data_batch_1.bin`);
  await Deno.remove(`${dir}/data_batch_2.bin`);
  await assert.rejects(
    loadCifar10(dir),
    /expected data_batch_1.bin … data_batch_5.bin, found none/,
  );
});

Deno.test("CSV tables: header detection, label column, quoting, classes and errors", async () => {
  const csv = 'a,b,"the class"\n1.5,2,"x, y"\n-3,4e-1,z\n5,6,"x, y"\n';
  const t = parseCsvTable(csv, { label: "the class" }, "t.csv");
  assert.deepEqual([t.n, t.d, [...t.x], [...t.y], t.classNames], [
    3,
    2,
    [1.5, 2, -3, 0.4000000059604645, 5, 6],
    [0, 1, 0],
    ["x, y", "z"],
  ]);
  const numeric = parseCsvTable("0.1,10\n0.2,2\n0.3,10\n", {}, "n.csv");
  assert.deepEqual([numeric.d, [...numeric.y], numeric.classNames], [1, [1, 0, 1], ["2", "10"]]);
  assert.throws(
    () => parseCsvTable("a,b\n1,2\n3\n", {}, "r.csv"),
    /r.csv: line 3: expected 2 fields, found 1/,
  );
  assert.throws(
    () => parseCsvTable("a,b\n1,2\n", { label: "c" }, "c.csv"),
    /c.csv: label column: expected one of a, b, found "c"/,
  );
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/mine.csv`, csv);
  assert.equal((await loadTable(`${dir}/mine.csv`, { label: 2 })).name, "mine");
  await assert.rejects(loadTable(`${dir}/none.csv`), /none.csv: expected a readable CSV file/);
});

Deno.test(".npy tables: features with a label file, or labels in the last column", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeFile(
    `${dir}/x.npy`,
    encodeNpy(new Float64Array([0, 1, 9, 2, 3, 4, 5, 6, 9]), [3, 3]),
  );
  await Deno.writeFile(`${dir}/y.npy`, encodeNpy(new Int32Array([2, 2, 1]), [3]));
  const withFile = await loadTable(`${dir}/x.npy`, { labels: `${dir}/y.npy` });
  assert.deepEqual([withFile.d, [...withFile.y], withFile.classNames], [3, [1, 1, 0], ["1", "2"]]);
  const lastColumn = await loadTable(`${dir}/x.npy`);
  assert.deepEqual([lastColumn.d, [...lastColumn.x], [...lastColumn.y]], [2, [0, 1, 2, 3, 5, 6], [
    1,
    0,
    1,
  ]]);
  await Deno.writeFile(`${dir}/short.npy`, encodeNpy(new Int32Array([1, 2]), [2]));
  await assert.rejects(
    loadTable(`${dir}/x.npy`, { labels: `${dir}/short.npy` }),
    /short.npy: expected dimension 0 of size 3/,
  );
});

Deno.test("experiments read a user's table and CIFAR-10 files through their dataset spec", async () => {
  const { prepareData } = await import("../../src/experiment/prepare_data.ts");
  const { validateSpec } = await import("../../src/experiment/spec.ts");
  const spheres = (await import("../../experiments/spheres.ts")).default;
  const dir = await Deno.makeTempDir();
  const lines = [
    "u,v,label",
    ...Array.from({ length: 30 }, (_, i) => `${i},${i * 2 + 100},${i % 2 ? "b" : "a"}`),
  ];
  await Deno.writeTextFile(`${dir}/mine.csv`, lines.join("\n"));
  const table = {
    ...spheres,
    dataset: { name: "mine", source: { kind: "table" as const, path: `${dir}/mine.csv` } },
  };
  validateSpec(table, "t.ts");
  const { train, test } = await prepareData(table);
  assert.deepEqual([train.n + test.n, train.d, test.n], [30, 2, 10]);
  // standardised on the training part by default
  const mean = Array.from({ length: train.n }, (_, i) => train.x[i * 2]).reduce((a, b) => a + b) /
    train.n;
  assert.ok(Math.abs(mean) < 1e-5);

  await Deno.writeFile(
    `${dir}/data_batch_1.bin`,
    cifarBytes(Array.from({ length: 8 }, (_, i) => ({ label: i % 10, pixel: () => i }))),
  );
  await Deno.writeFile(
    `${dir}/test_batch.bin`,
    cifarBytes([{ label: 9, pixel: () => 1 }, { label: 8, pixel: () => 2 }]),
  );
  const cifar = {
    ...table,
    dataset: { name: "cifar10", source: { kind: "cifar10" as const, dir } },
  };
  validateSpec(cifar, "c.ts");
  const split = await prepareData({ ...cifar, testFraction: 0.2 });
  assert.deepEqual([split.train.n, split.test.n, split.train.d], [8, 2, 3072]);
  assert.throws(
    () =>
      validateSpec(
        { ...table, dataset: { name: "x", source: { kind: "table", path: "a.txt" } } },
        "x.ts",
      ),
    /x.ts: field "dataset.source.path": expected a .csv or .npy file, found "a.txt"/,
  );
});
