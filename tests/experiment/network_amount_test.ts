import assert from "node:assert/strict";
import { runExperiment } from "../../src/experiment/run.ts";
import { validateSpec } from "../../src/experiment/spec.ts";
import type { ExperimentSpec } from "../../src/experiment/spec.ts";
import spheres from "../../experiments/spheres.ts";

const good = spheres.networks[0];

function twoAmounts(): ExperimentSpec {
  return {
    ...spheres,
    name: "amounts",
    dataset: { name: "spheres", source: { kind: "concentric-spheres", n: 120 } },
    epochs: 1,
    snapshots: [1],
    topology: { ...spheres.topology, points: 20, splits: ["train"], cycles: 0 },
    networks: [1, 2].map((part) => ({ ...good, dataAmount: { part, parts: 2 } })),
  };
}

Deno.test("networks of one experiment at two data amounts share its exp_* folder", async () => {
  const out = await Deno.makeTempDir({ prefix: "nntopo-amounts-" });
  try {
    const result = await runExperiment(twoAmounts(), { out, workers: 0 });
    const names = (await Array.fromAsync(Deno.readDir(result.dir))).map((e) => e.name).sort();
    assert.deepEqual(names, [
      "manifest.json",
      `weights_graphs_${good.name}_DataAmount1`,
      `weights_graphs_${good.name}_DataAmount2`,
    ]);
    const manifest = JSON.parse(await Deno.readTextFile(`${result.dir}/manifest.json`));
    assert.deepEqual(
      manifest.networks.map((n: { dir: string; dataAmount: unknown }) => [n.dir, n.dataAmount]),
      [
        [`weights_graphs_${good.name}_DataAmount1`, { part: 1, parts: 2 }],
        [`weights_graphs_${good.name}_DataAmount2`, { part: 2, parts: 2 }],
      ],
    );
    assert.deepEqual(result.networks.map((n) => n.name), [
      `${good.name} (data 1/2)`,
      `${good.name} (data 2/2)`,
    ]);
    // Each network's train split is its own part of the training set: 1/2 of it, then all of it.
    const points = await Promise.all([1, 2].map(async (part) => {
      const dir = `${result.dir}/weights_graphs_${good.name}_DataAmount${part}`;
      const data = JSON.parse(await Deno.readTextFile(`${dir}/barcodes/barcode_data.json`));
      return data.epochs["1"].layers["0"].train.points as number;
    }));
    assert.ok(Math.abs(points[0] - points[1] / 2) <= 1, `train points ${points}`);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("a network listed twice at the same data amount is refused by name", () => {
  const spec = twoAmounts();
  spec.networks[1] = { ...good, dataAmount: { part: 1, parts: 2 } };
  assert.throws(
    () => validateSpec(spec, "x.ts"),
    /x.ts: field "networks\[1\].name": expected a name not used by another network of the same data amount/,
  );
  spec.networks[1] = { ...good, dataAmount: { part: 3, parts: 2 } };
  assert.throws(() => validateSpec(spec, "x.ts"), /field "networks\[1\].dataAmount.part"/);
});
