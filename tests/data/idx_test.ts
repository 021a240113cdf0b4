import assert from "node:assert/strict";
import { readIdx, readIdxFile, writeIdx } from "../../src/data/idx.ts";

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

Deno.test("idx: hand-made ubyte bytes decode (big-endian dims)", () => {
  // magic 0x00000803, dims 2×1×2 (the second dim 0x00000001).
  const bytes = new Uint8Array([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 10, 20, 30, 40]);
  const idx = readIdx(bytes);
  assert.equal(idx.type, "ubyte");
  assert.deepEqual(idx.dims, [2, 1, 2]);
  assert.deepEqual([...idx.data], [10, 20, 30, 40]);
  // A dimension above 255 needs all four big-endian bytes.
  const big = writeIdx(new Uint8Array(300), [300]);
  assert.deepEqual([...big.subarray(4, 8)], [0, 0, 1, 44]);
});

Deno.test("idx: every type round-trips through the writer", () => {
  const cases = [
    new Uint8Array([0, 1, 255]),
    new Int8Array([-128, 0, 127]),
    new Int16Array([-30000, 1, 30000]),
    new Int32Array([-2e9, 7, 2e9]),
    new Float32Array([-1.5, 0.25, 3e10]),
    new Float64Array([Math.PI, -Math.E, 1e-300]),
  ];
  for (const data of cases) {
    const idx = readIdx(writeIdx(data, [3]));
    assert.equal(idx.data.constructor, data.constructor);
    assert.deepEqual([...idx.data], [...data]);
  }
  // Multi-byte values are stored big-endian.
  assert.deepEqual([...writeIdx(new Int16Array([0x0102]), [1]).subarray(8)], [1, 2]);
});

Deno.test("idx: gzipped and plain files read from disk", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const data = Uint8Array.from({ length: 5 * 28 * 28 }, (_, i) => (i * 31) % 256);
    const bytes = writeIdx(data, [5, 28, 28]);
    await Deno.writeFile(`${dir}/images-idx3-ubyte`, bytes);
    await Deno.writeFile(`${dir}/images-idx3-ubyte.gz`, await gzip(bytes));
    const plain = await readIdxFile(`${dir}/images-idx3-ubyte`);
    const zipped = await readIdxFile(`${dir}/images-idx3-ubyte.gz`);
    assert.deepEqual(zipped.dims, [5, 28, 28]);
    assert.deepEqual(zipped, plain);
    assert.deepEqual([...zipped.data], [...data]);
    // A .gz name on bytes that are not gzip: the error names the file.
    await Deno.writeFile(`${dir}/fake.gz`, bytes);
    await assert.rejects(readIdxFile(`${dir}/fake.gz`), /fake\.gz: could not gunzip/);
    await assert.rejects(readIdxFile(`${dir}/missing.idx`), /missing\.idx: not found/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("idx: bad magic, unknown type and wrong length give named errors", () => {
  assert.throws(
    () => readIdx(new Uint8Array([1, 0, 8, 1, 0, 0, 0, 1, 5]), "bad.idx"),
    /IDX file bad\.idx: bad magic number: expected .* found 0x01 0x00/,
  );
  assert.throws(
    () => readIdx(new Uint8Array([0, 0, 0x07, 1, 0, 0, 0, 1, 5]), "t.idx"),
    /unknown type code 0x07/,
  );
  assert.throws(
    () => readIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 5]), "short.idx"),
    /short\.idx: dimensions 3 of ubyte need 11 bytes, found 9/,
  );
  assert.throws(() => readIdx(new Uint8Array([0, 0]), "tiny.idx"), /4-byte header/);
  assert.throws(() => readIdx(new Uint8Array([0x1f, 0x8b, 8, 0])), /gzip-compressed/);
  assert.throws(() => writeIdx(new Uint8Array(3), [2, 2]), /hold 4 values, found 3/);
});
