/**
 * The `.npy` reader against files written by NumPy (Debian python3-numpy,
 * run by /usr/bin/python3): every dtype, both byte orders, C and Fortran
 * order, format versions 1–3, and the files it must refuse.
 */

import assert from "node:assert/strict";
import { encodeNpy, NpyError, readNpyFile } from "../../src/data/npy.ts";

const PYTHON = "/usr/bin/python3";
const CI = Deno.env.get("CI") === "true";

async function hasNumpy(): Promise<boolean> {
  try {
    const { code } = await new Deno.Command(PYTHON, { args: ["-c", "import numpy"] }).output();
    return code === 0;
  } catch {
    return false;
  }
}

const haveNumpy = await hasNumpy();
if (!haveNumpy) {
  const message = `npy_test: ${PYTHON} with numpy is missing (CI installs Debian's python3-numpy)`;
  if (CI) throw new Error(`${message}: required under CI=true`);
  console.warn(`npy_test: SKIPPED — ${message}`);
}

/**
 * Writes one file per case into argv[1] and prints a JSON list of
 * {file, dtype, shape, values (C order, as strings), version, fortran}.
 */
const WRITE_CASES = `
import json, sys, numpy as np
out = sys.argv[1]
rng = np.random.default_rng(7)
cases = []
dtypes = ["f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8"]
shapes = [(5,), (3, 4), (2, 3, 4), (0, 3), (1, 1)]
for dt in dtypes:
    for endian in "<>":
        for order in "CF":
            for version in [(1, 0), (2, 0), (3, 0)]:
                for shape in shapes:
                    if np.dtype(dt).kind == "f":
                        a = rng.normal(size=shape) * 1e3
                    else:
                        info = np.iinfo(np.dtype(dt))
                        a = rng.integers(info.min, info.max, size=shape, endpoint=True, dtype=np.dtype(dt))
                    a = np.asarray(a, dtype=np.dtype(endian + dt), order=order)
                    name = f"{dt}{'le' if endian == '<' else 'be'}{order}v{version[0]}_{'x'.join(map(str, shape))}.npy"
                    with open(f"{out}/{name}", "wb") as f:
                        np.lib.format.write_array(f, a, version=version)
                    values = [repr(v) for v in np.ascontiguousarray(a).ravel().tolist()]
                    cases.append({"file": name, "dt": dt, "shape": list(shape), "values": values,
                                  "version": f"{version[0]}.0", "fortran": order == "F" and len(shape) > 1 and a.size > 0 and not a.flags.c_contiguous})
# np.save with its defaults: the file a user most often has.
a = np.arange(12, dtype=np.float32).reshape(3, 4)
np.save(f"{out}/save_default.npy", a)
np.save(f"{out}/scalar.npy", np.float64(2.5))
cases.append({"file": "save_default.npy", "dt": "f4", "shape": [3, 4], "values": [repr(v) for v in a.ravel().tolist()], "version": "1.0", "fortran": False})
cases.append({"file": "scalar.npy", "dt": "f8", "shape": [], "values": ["2.5"], "version": "1.0", "fortran": False})
# Files the reader must refuse.
np.save(f"{out}/bad_bool.npy", np.array([True, False]))
np.save(f"{out}/bad_complex.npy", np.array([1 + 2j]))
np.save(f"{out}/bad_half.npy", np.array([1.5], dtype=np.float16))
np.save(f"{out}/bad_struct.npy", np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")]))
np.save(f"{out}/bad_object.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
np.save(f"{out}/bad_str.npy", np.array(["ab"]))
with open(f"{out}/bad_truncated.npy", "wb") as f:
    buf = open(f"{out}/save_default.npy", "rb").read()
    f.write(buf[:-4])
with open(f"{out}/bad_long.npy", "wb") as f:
    f.write(open(f"{out}/save_default.npy", "rb").read() + b"\\0\\0\\0\\0")
open(f"{out}/bad_magic.npy", "wb").write(b"PK\\x03\\x04 not an npy file")
print(json.dumps(cases))
`;

const DTYPES: Record<string, string> = {
  f4: "float32",
  f8: "float64",
  i1: "int8",
  i2: "int16",
  i4: "int32",
  i8: "int64",
  u1: "uint8",
  u2: "uint16",
  u4: "uint32",
  u8: "uint64",
};

interface Case {
  file: string;
  dt: string;
  shape: number[];
  values: string[];
  version: string;
  fortran: boolean;
}

async function writeCases(dir: string): Promise<Case[]> {
  const { code, stdout, stderr } = await new Deno.Command(PYTHON, {
    args: ["-c", WRITE_CASES, dir],
  }).output();
  const text = new TextDecoder();
  if (code !== 0) throw new Error(`numpy case writer failed: ${text.decode(stderr)}`);
  return JSON.parse(text.decode(stdout));
}

Deno.test({
  name: "readNpy reads every dtype, byte order, memory order and version NumPy writes",
  ignore: !haveNumpy,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "npy_test_" });
    try {
      const cases = await writeCases(dir);
      assert.ok(cases.length >= 10 * 2 * 2 * 3 * 5, `only ${cases.length} cases`);
      let fortran = 0;
      for (const c of cases) {
        const a = await readNpyFile(`${dir}/${c.file}`);
        assert.equal(a.dtype, DTYPES[c.dt], c.file);
        assert.deepEqual(a.shape, c.shape, c.file);
        assert.equal(a.version, c.version, c.file);
        assert.equal(a.data.length, c.values.length, c.file);
        if (c.fortran) {
          assert.ok(a.fortranOrder, `${c.file}: expected fortran_order True`);
          fortran++;
        }
        for (let i = 0; i < c.values.length; i++) {
          const got = a.data[i];
          if (typeof got === "bigint") assert.equal(got, BigInt(c.values[i]), `${c.file}[${i}]`);
          else if (c.dt === "f4") {
            assert.equal(got, Math.fround(Number(c.values[i])), `${c.file}[${i}]`);
          } else assert.equal(got, Number(c.values[i]), `${c.file}[${i}]`);
        }
      }
      assert.ok(fortran > 100, `only ${fortran} Fortran-order files`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "readNpy refuses other dtypes and damaged files with a named error",
  ignore: !haveNumpy,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "npy_test_" });
    try {
      await writeCases(dir);
      const refused: Record<string, RegExp> = {
        bad_bool: /expected dtype float32, float64, int8–int64 .*found '\|b1'/,
        bad_complex: /found '<c16'/,
        bad_half: /found '<f2'/,
        bad_struct: /found a structured dtype/,
        bad_object: /found '\|O'/,
        bad_str: /found '<U2'/,
        bad_truncated: /expected 48 bytes of data for shape \(3, 4\) of float32, found 44 bytes/,
        bad_long: /expected 48 bytes of data .* found 52 bytes/,
        bad_magic: /expected the \.npy magic .* found bytes 50 4b 03 04/,
      };
      for (const [name, pattern] of Object.entries(refused)) {
        const path = `${dir}/${name}.npy`;
        await assert.rejects(readNpyFile(path), (e: unknown) => {
          assert.ok(e instanceof NpyError, `${name}: ${e}`);
          assert.equal(e.file, path);
          assert.match(e.message, pattern, name);
          assert.ok(e.message.startsWith(`${path}: expected `), e.message);
          return true;
        });
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("readNpy checks the expected dtype and shape", async () => {
  const path = await Deno.makeTempFile({ suffix: ".npy" });
  try {
    await Deno.writeFile(path, encodeNpy(new Float64Array(6), [2, 3]));
    await assert.rejects(
      readNpyFile(path, { dtypes: ["int32", "int64"] }),
      new RegExp(`${path}: expected dtype int32 or int64, found dtype float64`),
    );
    await assert.rejects(
      readNpyFile(path, { ndim: 1 }),
      new RegExp(`expected 1 dimension, found shape \\(2, 3\\)`),
    );
    await assert.rejects(
      readNpyFile(path, { shape: [null, 4] }),
      /expected dimension 1 of size 4, found shape \(2, 3\)/,
    );
    assert.deepEqual((await readNpyFile(path, { ndim: [2, Infinity], shape: [2] })).shape, [2, 3]);
    await assert.rejects(readNpyFile(`${path}.missing`), /expected a readable \.npy file/);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("encodeNpy writes files NumPy reads back", { ignore: !haveNumpy }, async () => {
  const path = await Deno.makeTempFile({ suffix: ".npy" });
  try {
    await Deno.writeFile(path, encodeNpy(Float32Array.from([1.5, -2, 3, 4.25, 5, 6]), [3, 2]));
    const { code, stdout, stderr } = await new Deno.Command(PYTHON, {
      args: [
        "-c",
        "import sys, numpy as np; a = np.load(sys.argv[1]); print(a.dtype, a.shape, a.ravel().tolist())",
        path,
      ],
    }).output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    assert.equal(
      new TextDecoder().decode(stdout).trim(),
      "float32 (3, 2) [1.5, -2.0, 3.0, 4.25, 5.0, 6.0]",
    );
  } finally {
    await Deno.remove(path);
  }
});
