import assert from "node:assert/strict";
import { writeIdx } from "../../src/data/idx.ts";
import { loadFashionMnist, loadIdxDataset, loadMnist, mnistDigits } from "../../src/data/mnist.ts";

Deno.test("mnist: 10,000 digits of 784 values in [0, 1], all ten classes", async () => {
  const all = await mnistDigits();
  assert.equal(all.n, 10000);
  assert.equal(all.d, 784);
  assert.equal(all.x.length, 10000 * 784);
  let min = Infinity, max = -Infinity;
  for (const v of all.x) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  assert.ok(min >= 0 && max <= 1 && max > 0.9);
  const counts = new Array(10).fill(0);
  for (const y of all.y) counts[y]++;
  assert.ok(counts.every((c) => c > 800), `class counts ${counts}`);
  // Digits are not blank: every image has ink.
  for (let i = 0; i < all.n; i += 997) {
    assert.ok(all.x.subarray(i * 784, (i + 1) * 784).some((v) => v > 0.5));
  }
});

Deno.test("mnist: seeded split is reproducible and a partition", async () => {
  const a = await loadMnist({ seed: 5, testFraction: 0.25 });
  const b = await loadMnist({ seed: 5, testFraction: 0.25 });
  const c = await loadMnist({ seed: 6, testFraction: 0.25 });
  assert.equal(a.test.n, 2500);
  assert.equal(a.train.n, 7500);
  assert.deepEqual(a.test.y, b.test.y);
  assert.deepEqual(a.test.x.subarray(0, 784 * 3), b.test.x.subarray(0, 784 * 3));
  assert.notDeepEqual(a.test.y, c.test.y);
  const sum = (x: Float32Array) => x.reduce((s, v) => s + v, 0);
  const total = sum((await mnistDigits()).x);
  assert.ok(Math.abs(sum(a.train.x) + sum(a.test.x) - total) < 1e-3 * total);
});

Deno.test("idx dataset: images scaled by 255, labels checked", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(
      `${dir}/x`,
      writeIdx(Uint8Array.from([0, 255, 51, 102, 0, 0, 0, 0]), [2, 2, 2]),
    );
    await Deno.writeFile(`${dir}/y`, writeIdx(Uint8Array.from([3, 1]), [2]));
    const data = await loadIdxDataset(`${dir}/x`, `${dir}/y`, "toy");
    assert.equal(data.d, 4);
    assert.deepEqual([...data.x.subarray(0, 4)], [0, 1, 0.2, 0.4].map(Math.fround));
    assert.deepEqual([...data.y], [3, 1]);
    await Deno.writeFile(`${dir}/y3`, writeIdx(Uint8Array.from([3, 1, 0]), [3]));
    await assert.rejects(loadIdxDataset(`${dir}/x`, `${dir}/y3`, "toy"), /expected 2 labels/);
    await assert.rejects(loadIdxDataset(`${dir}/x`, `${dir}/y`, "toy", 2), /labels in \[0, 2\)/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("fashion-mnist: a missing folder names the Debian package", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(loadFashionMnist(dir), /dataset-fashion-mnist/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const fashionDir = Deno.env.get("FASHION_MNIST_DIR") ?? "/usr/share/datasets/fashion-mnist";
const hasFashion = (() => {
  try {
    return Deno.statSync(`${fashionDir}/t10k-labels-idx1-ubyte.gz`).isFile;
  } catch {
    return false;
  }
})();

Deno.test({
  name: "fashion-mnist: the Debian files load (only where dataset-fashion-mnist is installed)",
  ignore: !hasFashion,
  fn: async () => {
    const { train, test } = await loadFashionMnist(fashionDir);
    assert.equal(train.n, 60000);
    assert.equal(test.n, 10000);
    assert.equal(train.d, 784);
    // The published first training labels: ankle boot, T-shirt, T-shirt, dress, …
    assert.deepEqual([...train.y.subarray(0, 5)], [9, 0, 0, 3, 0]);
    const counts = new Array(10).fill(0);
    for (const y of test.y) counts[y]++;
    assert.ok(counts.every((c) => c === 1000));
  },
});
