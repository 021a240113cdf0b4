import assert from "node:assert/strict";
import { concentricSpheres } from "../../src/data/spheres.ts";
import { trainTestSplit } from "../../src/data/split.ts";
import { fitStandardizer, standardize } from "../../src/data/standardize.ts";
import { dataAmount } from "../../src/data/data_amount.ts";
import { assertDataset, concatRows, type Dataset } from "../../src/data/dataset.ts";

function rowKey(data: Dataset, i: number): string {
  return [...data.x.subarray(i * data.d, (i + 1) * data.d)].join(",") + "|" + data.y[i];
}

Deno.test("trainTestSplit: sizes, disjoint parts covering the data, determinism", () => {
  const data = concentricSpheres({ n: 10000, seed: 0 });
  const { train, test } = trainTestSplit(data, { seed: 42 });
  assert.equal(test.n, 6600);
  assert.equal(train.n, 13400);
  assertDataset(train);
  assertDataset(test);
  assert.equal(train.name, "concentric_spheres_train");
  const all = new Set<string>();
  for (let i = 0; i < data.n; i++) all.add(rowKey(data, i));
  const seen = new Set<string>();
  for (const part of [train, test]) {
    for (let i = 0; i < part.n; i++) {
      const key = rowKey(part, i);
      assert.ok(all.has(key));
      assert.ok(!seen.has(key));
      seen.add(key);
    }
  }
  assert.equal(seen.size, data.n);
  const again = trainTestSplit(data, { seed: 42 });
  assert.deepEqual(again.test.x, test.x);
  const other = trainTestSplit(data, { seed: 43 });
  assert.notDeepEqual(other.test.x, test.x);
  const quarter = trainTestSplit(data, { seed: 1, testFraction: 0.25 });
  assert.equal(quarter.test.n, 5000);
});

Deno.test("trainTestSplit: bad options throw named errors", () => {
  const data = concentricSpheres({ n: 10 });
  assert.throws(() => trainTestSplit(data, { seed: 0, testFraction: 1 }), /"testFraction"/);
  assert.throws(() => trainTestSplit(data, { seed: 0.5 }), /"seed"/);
  assert.throws(
    () => trainTestSplit({ ...data, y: new Int32Array(3) }, { seed: 0 }),
    /trainTestSplit: data: field "y"/,
  );
});

Deno.test("standardizer: fitted on train only, population std, constant features", () => {
  const { train, test } = trainTestSplit(concentricSpheres({ n: 2000, seed: 7 }), { seed: 7 });
  const s = fitStandardizer(train);
  const z = standardize(train, s);
  const zt = standardize(test, s);
  const d = train.d;
  for (let j = 0; j < d; j++) {
    let m = 0, v = 0, mt = 0;
    for (let i = 0; i < z.n; i++) m += z.x[i * d + j];
    m /= z.n;
    for (let i = 0; i < z.n; i++) v += (z.x[i * d + j] - m) ** 2;
    v /= z.n; // population variance, as Keras's Normalization
    for (let i = 0; i < zt.n; i++) mt += zt.x[i * d + j];
    mt /= zt.n;
    assert.ok(Math.abs(m) < 1e-5, `train mean ${m}`);
    assert.ok(Math.abs(v - 1) < 1e-4, `train variance ${v}`);
    assert.ok(mt !== 0 && Math.abs(mt) < 0.2, `test mean ${mt}`);
  }
  assert.deepEqual(zt.y, test.y);
  // A constant feature gets std 1 and is only centred.
  const flat = {
    name: "flat",
    x: new Float32Array([1, 5, 3, 5]),
    y: new Int32Array([0, 1]),
    n: 2,
    d: 2,
    classes: 2,
  };
  const f = fitStandardizer(flat);
  assert.deepEqual([...f.mean], [2, 5]);
  assert.deepEqual([...f.std], [1, 1]);
  assert.deepEqual([...standardize(flat, f).x], [-1, 0, 1, 0]);
  assert.throws(
    () => standardize(flat, { mean: new Float32Array(3), std: new Float32Array(3) }),
    /standardize: expected mean and std of length d = 2, found 3/,
  );
});

Deno.test("dataAmount: first ceil(n/N) rows, nested amounts, errors", () => {
  const { train } = trainTestSplit(concentricSpheres({ n: 500, seed: 1 }), { seed: 1 });
  assert.equal(train.n, 670);
  const sizes = [1, 2, 3].map((part) => dataAmount(train, part, 3).n);
  assert.deepEqual(sizes, [224, 447, 670]);
  const first = dataAmount(train, 1, 3);
  assert.deepEqual(first.x, train.x.subarray(0, 224 * train.d));
  assert.equal(first.name, `${train.name}_DataAmount1`);
  const shuffled = dataAmount(train, 1, 3, { seed: 9 });
  assert.equal(shuffled.n, 224);
  assert.notDeepEqual(shuffled.x, first.x);
  assert.deepEqual(dataAmount(train, 1, 3, { seed: 9 }).x, shuffled.x);
  assert.throws(() => dataAmount(train, 0, 3), /dataAmount: argument "part"/);
  assert.throws(() => dataAmount(train, 4, 3), /expected an integer in \[1, 3\], found 4/);
  assert.throws(() => dataAmount(train, 1, 0), /argument "parts"/);
});

Deno.test("concatRows: train rows then test rows", () => {
  const { train, test } = trainTestSplit(concentricSpheres({ n: 30, seed: 2 }), { seed: 2 });
  const all = concatRows(train, test);
  assertDataset(all);
  assert.equal(all.n, 60);
  assert.equal(all.name, "concentric_spheres_train+concentric_spheres_test");
  assert.deepEqual(all.x.subarray(train.x.length), test.x);
  assert.deepEqual(all.y.subarray(0, train.n), train.y);
  assert.throws(
    () => concatRows(train, { ...test, d: 5 }),
    /expected equal dimensions, found 10 and 5/,
  );
});
