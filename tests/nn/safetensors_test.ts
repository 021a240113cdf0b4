import assert from "node:assert/strict";
import { decodeSafetensors, encodeSafetensors } from "../../src/artifacts/safetensors.ts";

const tensors = {
  "dense2.weight": {
    dtype: "F32" as const,
    shape: [3, 2],
    data: new Float32Array([1, 2, 3, 4, 5, 6.5]),
  },
  "dense1.bias": { dtype: "F32" as const, shape: [2], data: new Float32Array([-0.25, 1e-8]) },
  "scalar": { dtype: "F32" as const, shape: [], data: new Float32Array([Math.PI]) },
};

Deno.test("safetensors: layout, alignment, sorted keys and round trip", () => {
  const bytes = encodeSafetensors(tensors, { arch: "good_10-8-5-1", epoch: "25" });
  const view = new DataView(bytes.buffer);
  const n = Number(view.getBigUint64(0, true));
  assert.equal(n % 8, 0);
  const headerText = new TextDecoder().decode(bytes.subarray(8, 8 + n));
  assert.match(
    headerText,
    /^\{"__metadata__":\{"arch":"good_10-8-5-1","epoch":"25"\},"dense1.bias":/,
  );
  assert.match(headerText, /^\{.*\} *$/s, "the padding after the JSON is spaces only");
  assert.ok(n - JSON.stringify(JSON.parse(headerText)).length < 8, "at most 7 padding bytes");
  const header = JSON.parse(headerText);
  assert.deepEqual(header["dense1.bias"], { dtype: "F32", shape: [2], data_offsets: [0, 8] });
  assert.deepEqual(header["dense2.weight"].data_offsets, [8, 32]);
  assert.deepEqual(header.scalar.data_offsets, [32, 36]);
  assert.equal(bytes.length, 8 + n + 36);
  assert.equal(view.getFloat32(8 + n + 8 + 5 * 4, true), 6.5);
  const back = decodeSafetensors(bytes);
  assert.deepEqual(back.metadata, { arch: "good_10-8-5-1", epoch: "25" });
  for (const [name, t] of Object.entries(tensors)) assert.deepEqual(back.tensors[name], t);
  // Deterministic whatever the insertion order.
  const reordered = {
    scalar: tensors.scalar,
    "dense2.weight": tensors["dense2.weight"],
    "dense1.bias": tensors["dense1.bias"],
  };
  assert.deepEqual(encodeSafetensors(reordered, { epoch: "25", arch: "good_10-8-5-1" }), bytes);
});

Deno.test("safetensors: bad tensors throw named errors", () => {
  assert.throws(
    () => encodeSafetensors({ w: { dtype: "F32", shape: [2, 2], data: new Float32Array(3) } }),
    /tensor "w": shape \[2,2\] holds 4 values, found 3/,
  );
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => encodeSafetensors({ w: { dtype: "F16" as any, shape: [1], data: new Float32Array(1) } }),
    /tensor "w": expected dtype "F32", found F16/,
  );
  assert.throws(() => decodeSafetensors(new Uint8Array(4)), /expected at least 8 bytes/);
  const withHeader = (text: string) => {
    const json = new TextEncoder().encode(text);
    const bytes = new Uint8Array(8 + json.length);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
    bytes.set(json, 8);
    return bytes;
  };
  assert.throws(() => decodeSafetensors(withHeader("{oops")), /expected a JSON header of 5 bytes/);
  assert.throws(
    () => decodeSafetensors(withHeader('{"w":{"dtype":"F32","data_offsets":[0,4]}}')),
    /tensor "w": field "shape": expected an array of integers ≥ 0, found undefined/,
  );
  assert.throws(
    () => decodeSafetensors(withHeader('{"w":{"dtype":"F32","shape":[1]}}')),
    /tensor "w": field "data_offsets": expected two integers/,
  );
});

Deno.test("safetensors: Python reads the file (safetensors package or NumPy by hand)", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/w.safetensors`;
  await Deno.writeFile(path, encodeSafetensors(tensors, { arch: "x" }));
  const script = `
import json, struct, sys
path = sys.argv[1]
out = {}
try:
    from safetensors.numpy import load_file
    out = {k: v.reshape(-1).tolist() for k, v in load_file(path).items()}
    out["_reader"] = "safetensors"
except ImportError:
    import numpy as np
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    for k, v in header.items():
        if k == "__metadata__":
            continue
        b, e = v["data_offsets"]
        a = np.frombuffer(raw[8 + n + b:8 + n + e], dtype="<f4").reshape(v["shape"])
        out[k] = a.reshape(-1).tolist()
    out["_reader"] = "numpy"
print(json.dumps(out))
`;
  let result;
  try {
    result = await new Deno.Command("python3", { args: ["-c", script, path] }).output();
  } catch {
    console.log("python3 not available: skipped");
    return;
  }
  const stderr = new TextDecoder().decode(result.stderr);
  if (/No module named 'numpy'/.test(stderr)) {
    console.log("neither safetensors nor numpy in python3: skipped");
    return;
  }
  assert.equal(result.code, 0, stderr);
  const read = JSON.parse(new TextDecoder().decode(result.stdout));
  console.log(`read back by python3 with ${read._reader}`);
  for (const [name, t] of Object.entries(tensors)) {
    assert.deepEqual(read[name], [...t.data], name);
  }
  await Deno.remove(dir, { recursive: true });
});
