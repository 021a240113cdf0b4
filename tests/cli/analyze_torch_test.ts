/**
 * The PyTorch recipe of docs/bring-your-own.md, run as written: /usr/bin/python3
 * trains two MLPs (a learner and a bottleneck) and a small CNN for a few
 * epochs and dumps them with the documented hook code; `deno task analyze`
 * analyses the dumps; every barcode it wrote must equal the one computed
 * directly from the same arrays, and for the learner (≤ 400 samples, so no
 * landmarks) the one Debian's `ripser` computes.
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { readNpyFile } from "../../src/data/npy.ts";
import { npyToFloat32, npyToInt32 } from "../../src/data/npy.ts";
import { vietorisRips } from "../../src/topology/vietoris_rips.ts";
import { diagramsFromJson } from "../../src/topology/diagram.ts";
import type { Diagram } from "../../src/topology/diagram.ts";
import type { PointCloud } from "../../src/data/point_cloud.ts";
import { sha256Hex } from "../../src/artifacts/hash.ts";
import { decodeSafetensors } from "../../src/artifacts/safetensors.ts";
import { diagramDifference, hasRipser, runRipser } from "../topology/ripser_oracle.ts";

const PYTHON = "/usr/bin/python3";
const CI = Deno.env.get("CI") === "true";
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

async function python(args: string[], env: Record<string, string> = {}) {
  const { code, stdout, stderr } = await new Deno.Command(PYTHON, { args, env }).output();
  return { code, out: new TextDecoder().decode(stdout), err: new TextDecoder().decode(stderr) };
}

const haveTorch = await python(["-c", "import torch, numpy"]).then(
  (r) => r.code === 0,
  () => false,
);
const missing = [
  ...(haveTorch ? [] : [`${PYTHON} with torch and numpy (Debian python3-torch)`]),
  ...(hasRipser() ? [] : ["/usr/bin/ripser (Debian ripser)"]),
];
if (missing.length > 0) {
  const message = `analyze_torch_test: ${missing.join(" and ")} missing`;
  if (CI) throw new Error(`${message}: required under CI=true (.ci/run installs them)`);
  console.warn(`analyze_torch_test: SKIPPED — ${message}`);
}

/** The first ```python block under "## PyTorch" in docs/bring-your-own.md. */
async function documentedRecipe(): Promise<string> {
  const doc = await Deno.readTextFile(`${ROOT}docs/bring-your-own.md`);
  const section = doc.slice(doc.indexOf("## PyTorch"));
  const match = /```python\n([\s\S]*?)```/.exec(section);
  assert.ok(match, "docs/bring-your-own.md: no python block under ## PyTorch");
  return match[1];
}

/**
 * safetensors.torch.save_file for machines without the safetensors package
 * (Debian has none): the same file format, so the recipe runs unchanged.
 */
const SAFETENSORS_SHIM = `
import json, struct
def save_file(tensors, path, metadata=None):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().cpu().contiguous().float()
        data = t.numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
`;

/** Trains the three networks with the recipe (imported as module `recipe`). */
const TRAIN = `
import sys, numpy as np, torch
from torch import nn
from recipe import dump_epoch
out = sys.argv[1]
torch.manual_seed(0)
g = torch.Generator().manual_seed(0)
n = 160
# 8x8 images of a horizontal (class 0) or vertical (class 1) bar, with noise.
y = torch.arange(n) % 2
pos = torch.randint(1, 7, (n,), generator=g)
img = torch.zeros(n, 1, 8, 8)
for i in range(n):
    if y[i] == 0: img[i, 0, pos[i], 1:7] = 1
    else: img[i, 0, 1:7, pos[i]] = 1
img += 0.15 * torch.randn(img.shape, generator=g)
split = (torch.arange(n) >= 120).to(torch.int8)
train = split == 0

def fit(model, x, name, layers, kernels, epochs=3):
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    d = f"{out}/{name}"
    dump_epoch(model, x, d, 0, layers, kernels)
    rows = []
    for epoch in range(1, epochs + 1):
        for b in range(0, 120, 30):
            idx = torch.arange(b, b + 30)
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
        with torch.no_grad():
            z = model(x)
            tr, te = loss_fn(z[train], y[train]).item(), loss_fn(z[~train], y[~train]).item()
            acc = (z.argmax(1) == y).float()
        rows.append(f"{epoch},{tr},{acc[train].mean().item()},{te},{acc[~train].mean().item()}")
        if epoch == epochs:
            dump_epoch(model, x, d, epoch, layers, kernels)
    np.save(f"{d}/labels.npy", y.numpy())
    np.save(f"{d}/split.npy", split.numpy())
    with open(f"{d}/history.csv", "w") as f:
        f.write("epoch,loss,accuracy,val_loss,val_accuracy\\n" + "\\n".join(rows) + "\\n")

flat = img.flatten(1)
good = nn.Sequential(nn.Linear(64, 16), nn.ReLU(), nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 2))
fit(good, flat, "good", [good[1], good[3], good[4]], {1: good[0], 2: good[2], 3: good[4]})
bad = nn.Sequential(nn.Linear(64, 1), nn.ReLU(), nn.Linear(1, 2))
fit(bad, flat, "bad", [bad[1], bad[2]], {1: bad[0], 2: bad[2]})
cnn = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(32, 2))
fit(cnn, img, "cnn", [cnn[2], cnn[4]], {2: cnn[4]})
`;

interface BarcodeData {
  epochs: Record<
    string,
    {
      layers: Record<
        string,
        Record<
          string,
          {
            points: number;
            sampled: number;
            subsample: string;
            diagrams: Record<string, Array<[number, number | null]>>;
          }
        >
      >;
    }
  >;
  weights: Record<string, { layers: Record<string, { neuralPersistence?: { value: number } }> }>;
}

/** Diagrams as sorted multisets, for an order-free comparison. */
function sorted(diagrams: Diagram[]): Diagram[] {
  return diagrams.map((d) => d.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]));
}

function rows(cloud: PointCloud, keep: (i: number) => boolean): PointCloud {
  const picked: number[] = [];
  for (let i = 0; i < cloud.n; i++) if (keep(i)) picked.push(i);
  const data = new Float32Array(picked.length * cloud.d);
  picked.forEach((r, i) =>
    data.set(cloud.data.subarray(r * cloud.d, (r + 1) * cloud.d), i * cloud.d)
  );
  return { data, n: picked.length, d: cloud.d };
}

Deno.test({
  name:
    "the documented PyTorch hooks dump an MLP pair and a CNN; analyze's barcodes equal direct ones and ripser's",
  ignore: missing.length > 0,
  async fn() {
    const work = await Deno.makeTempDir({ prefix: "analyze_torch_" });
    try {
      await Deno.writeTextFile(`${work}/recipe.py`, await documentedRecipe());
      await Deno.writeTextFile(`${work}/train.py`, TRAIN);
      let pythonPath = work;
      if ((await python(["-c", "import safetensors.torch"])).code !== 0) {
        await Deno.mkdir(`${work}/shim/safetensors`, { recursive: true });
        await Deno.writeTextFile(`${work}/shim/safetensors/__init__.py`, "");
        await Deno.writeTextFile(`${work}/shim/safetensors/torch.py`, SAFETENSORS_SHIM);
        pythonPath += `:${work}/shim`;
      }
      const dumps = `${work}/dumps`, out = `${work}/out`;
      const trained = await python([`${work}/train.py`, dumps], { PYTHONPATH: pythonPath });
      assert.equal(trained.code, 0, `training failed: ${trained.err}`);

      const analyze = await new Deno.Command(Deno.execPath(), {
        args: [
          "task",
          "analyze",
          `good=${dumps}/good`,
          `bad=${dumps}/bad`,
          `cnn=${dumps}/cnn`,
          "--points",
          "400",
          "--out",
          out,
          "--no-site",
          "--quiet",
        ],
        cwd: ROOT,
      }).output();
      const log = new TextDecoder().decode(analyze.stdout) +
        new TextDecoder().decode(analyze.stderr);
      assert.equal(analyze.code, 0, `deno task analyze failed:\n${log}`);

      const exp = `${out}/imported/imported_output/exp_good-vs-bad-vs-cnn`;
      const manifest = JSON.parse(await Deno.readTextFile(`${exp}/manifest.json`));
      assert.deepEqual(manifest.networks.map((n: { name: string }) => n.name), [
        "good",
        "bad",
        "cnn",
      ]);
      let compared = 0, againstRipser = 0;
      for (const [name, layers] of [["good", 4], ["bad", 3], ["cnn", 3]] as const) {
        const data: BarcodeData = JSON.parse(
          await Deno.readTextFile(
            `${exp}/weights_graphs_${name}_DataAmount1/barcodes/barcode_data.json`,
          ),
        );
        assert.deepEqual(Object.keys(data.epochs), ["0", "3"], name);
        const split = npyToInt32(await readNpyFile(`${dumps}/${name}/split.npy`), "split.npy");
        for (const epoch of ["0", "3"]) {
          assert.equal(
            Object.keys(data.epochs[epoch].layers).length,
            layers,
            `${name} epoch ${epoch}`,
          );
          for (let j = 0; j < layers; j++) {
            const file = `${dumps}/${name}/epoch${epoch}/layer${j}.npy`;
            const array = await readNpyFile(file);
            const cloud = {
              data: npyToFloat32(array, file),
              n: array.shape[0],
              d: array.data.length / array.shape[0],
            };
            const clouds = {
              all: cloud,
              train: rows(cloud, (i) => split[i] === 0),
              test: rows(cloud, (i) => split[i] === 1),
            };
            for (const s of ["all", "train", "test"] as const) {
              const written = data.epochs[epoch].layers[j][s];
              assert.equal(
                written.subsample,
                "all",
                `${file} ${s}: no landmarks when --points ≥ n`,
              );
              assert.equal(written.sampled, clouds[s].n, `${file} ${s}`);
              const direct = vietorisRips(clouds[s], { maxDim: 1 });
              assert.deepEqual(
                sorted(diagramsFromJson(written.diagrams)),
                sorted(direct.diagrams),
                `${file} ${s}: analyze's barcode differs from the direct one`,
              );
              compared++;
            }
            if (name === "good") {
              const theirs = await runRipser(cloud, 1);
              const ours = diagramsFromJson(data.epochs[epoch].layers[j].all.diagrams);
              for (let dim = 0; dim <= 1; dim++) {
                const difference = diagramDifference(ours[dim], theirs[dim]);
                assert.equal(difference, null, `${file} H${dim}: ${difference}`);
              }
              againstRipser++;
            }
          }
        }
        // Weight topology from the dumped kernels; training curves from history.csv.
        const kernelLayers = name === "cnn"
          ? ["2"]
          : Array.from({ length: layers - 1 }, (_, j) => String(j + 1));
        assert.deepEqual(Object.keys(data.weights["3"].layers), kernelLayers, `${name} weights`);
        const history = JSON.parse(
          await Deno.readTextFile(`${exp}/weights_graphs_${name}_DataAmount1/history.json`),
        );
        assert.deepEqual(history.epochs.map((r: { epoch: number }) => r.epoch), [1, 2, 3]);
      }
      assert.equal(compared, (4 + 3 + 3) * 2 * 3);
      assert.equal(againstRipser, 4 * 2);

      // The dumped kernel comes back as [in, out] in the network's weights file.
      const dumped = decodeSafetensors(
        await Deno.readFile(`${dumps}/good/epoch3/weights.safetensors`),
      );
      const written = decodeSafetensors(
        await Deno.readFile(
          `${exp}/weights_graphs_good_DataAmount1/weights_good_DataAmount1.safetensors`,
        ),
      );
      const [units, inputs] = dumped.tensors["layer2.weight"].shape;
      assert.deepEqual(written.tensors["layer2.weight"].shape, [inputs, units]);
      assert.equal(
        written.tensors["layer2.weight"].data[1 * units + 0],
        dumped.tensors["layer2.weight"].data[0 * inputs + 1],
      );

      // The manifest records where the arrays came from.
      const source = manifest.source.networks[0];
      assert.equal(source.dir, await Deno.realPath(`${dumps}/good`));
      assert.equal(
        source.files["epoch3/layer2.npy"],
        await sha256Hex(await Deno.readFile(`${dumps}/good/epoch3/layer2.npy`)),
      );
    } finally {
      await Deno.remove(work, { recursive: true });
    }
  },
});
