/**
 * The topology stage's distance backend (`topology.backend`): through
 * pairwiseDistances, gpu.js computes each barcode's distance matrix on a real
 * pipeline path (here gpu.js's CPU mode, which every machine has; WebGPU is
 * chosen only on a real, non-fallback adapter), and its barcodes match the
 * Ripser-rounded default to float32 precision; "auto" on a sample below the
 * plain cut-off is the default, byte for byte.
 */

import assert from "node:assert/strict";
import { concentricSpheres } from "../../src/data/spheres.ts";
import { type SnapshotCell, snapshotTopology } from "../../src/experiment/snapshot.ts";
import type { TopologySpec } from "../../src/experiment/spec.ts";

const sphere = concentricSpheres({ d: 3, n: 40, seed: 3 });
const cloud = { data: sphere.x, n: sphere.n, d: sphere.d };
const activations = { train: [cloud], test: [cloud] };
const topology: TopologySpec = { maxDim: 1, points: 50, splits: ["all"], metric: "euclidean" };

async function cells(backend?: TopologySpec["backend"]): Promise<SnapshotCell[]> {
  return await snapshotTopology(activations, {
    topology: backend ? { ...topology, backend } : topology,
    seed: 7,
  });
}

Deno.test("topology.backend: auto on a small sample is the default, byte for byte", async () => {
  const [plain] = await cells();
  const [auto] = await cells("auto");
  assert.equal(JSON.stringify(auto.barcode), JSON.stringify(plain.barcode));
  assert.equal(JSON.stringify(auto.metrics), JSON.stringify(plain.metrics));
  assert.deepEqual([plain.backend, auto.backend], ["plain", "plain"]);
});

Deno.test("topology.backend: gpu.js (CPU mode) barcodes match the default's to float32", async () => {
  const [plain] = await cells();
  const [gpuJs] = await cells("cpu");
  assert.equal(gpuJs.backend, "cpu", "the matrix came from gpu.js");
  assert.equal(gpuJs.barcode.subsample, "maxmin");
  assert.equal(gpuJs.barcode.sampled, plain.barcode.sampled);
  for (const dim of ["H0", "H1"]) {
    const a = plain.barcode.diagrams[dim], b = gpuJs.barcode.diagrams[dim];
    assert.equal(b.length, a.length, `${dim}: bar count`);
    const key = (bars: Array<[number, number | null]>) =>
      bars.map(([birth, death]) => [birth, death ?? Infinity]).sort((p, q) =>
        p[0] - q[0] || p[1] - q[1]
      );
    const [pa, pb] = [key(a), key(b)];
    pa.forEach(([birth, death], i) => {
      assert.ok(Math.abs(pb[i][0] - birth) <= 1e-5 * (1 + birth), `${dim} bar ${i} birth`);
      const same = death === Infinity
        ? pb[i][1] === Infinity
        : Math.abs(pb[i][1] - death) <= 1e-5 * (1 + death);
      assert.ok(same, `${dim} bar ${i} death: ${pb[i][1]} vs ${death}`);
    });
  }
  assert.ok(Math.abs(gpuJs.barcode.threshold - plain.barcode.threshold) <= 1e-5);
});
