import assert from "node:assert/strict";
import { vietorisRips } from "../../src/topology/vietoris_rips.ts";
import { plainDistances } from "../../src/geometry/distances.ts";
import type { PointCloud } from "../../src/data/point_cloud.ts";
import { createRandom } from "../../src/data/random.ts";
import { diagramDifference, hasRipser, runRipser } from "./ripser_oracle.ts";
import {
  cliffordTorus,
  gaussianClusters,
  integerGrid,
  noisyCircle,
  noisySphere,
  uniformCloud,
} from "./shapes.ts";

interface Case {
  name: string;
  cloud: PointCloud;
  dim: number;
  threshold?: number;
  asMatrix?: boolean;
}

function withDuplicates(cloud: PointCloud, seed: number): PointCloud {
  const random = createRandom(seed);
  const { n, d } = cloud;
  const data = new Float32Array((n + n / 4) * d);
  data.set(cloud.data);
  for (let i = n; i < n + n / 4; i++) {
    const j = random.int(n);
    data.set(cloud.data.subarray(j * d, (j + 1) * d), i * d);
  }
  return { data, n: n + n / 4, d };
}

function cases(): Case[] {
  const list: Case[] = [];
  for (let seed = 1; seed <= 6; seed++) {
    const random = createRandom(seed * 7919);
    list.push({
      name: `uniform R^3 #${seed}`,
      cloud: uniformCloud(60 + 10 * seed, 3, seed),
      dim: 2,
    });
    list.push({
      name: `uniform R^10 #${seed}`,
      cloud: uniformCloud(120, 10, seed + 100),
      dim: 1,
      threshold: seed % 2 ? 1.1 : undefined,
    });
    list.push({
      name: `clusters #${seed}`,
      cloud: gaussianClusters(80, 4, 3, seed),
      dim: 2,
      threshold: seed % 2 ? undefined : 2.5,
      asMatrix: seed % 3 === 0,
    });
    list.push({
      name: `integer grid #${seed}`,
      cloud: integerGrid(70, 2 + (seed % 3), 5, seed),
      dim: 2,
      threshold: seed % 2 ? 2 : undefined,
      asMatrix: seed % 2 === 0,
    });
    list.push({
      name: `noisy circle #${seed}`,
      cloud: noisyCircle(80, 0.1, seed),
      dim: 1 + (seed % 2),
      threshold: seed > 3 ? 0.8 + random.next() : undefined,
    });
    list.push({
      name: `duplicates #${seed}`,
      cloud: withDuplicates(uniformCloud(48, 2, seed + 200), seed),
      dim: seed % 3,
    });
  }
  list.push({ name: "sphere", cloud: noisySphere(90, 3, 0.05, 1), dim: 2, threshold: 1.2 });
  list.push({ name: "torus", cloud: cliffordTorus(9, 0.05, 2), dim: 2, threshold: 1.3 });
  list.push({ name: "dim 3", cloud: uniformCloud(30, 4, 300), dim: 3, threshold: 0.9 });
  list.push({ name: "dim 3 grid", cloud: integerGrid(28, 3, 3, 301), dim: 3 });
  list.push({ name: "dim 0", cloud: uniformCloud(100, 5, 302), dim: 0 });
  return list;
}

Deno.test({
  name: "same intervals as /usr/bin/ripser on generated inputs",
  ignore: !hasRipser(),
  fn: async (t) => {
    for (const c of cases()) {
      await t.step(c.name, async () => {
        const input = c.asMatrix ? plainDistances(c.cloud, { rounding: "ripser" }) : c.cloud;
        const ours = vietorisRips(input, { maxDim: c.dim, threshold: c.threshold });
        const theirs = await runRipser(
          c.asMatrix
            ? { lower: plainDistances(c.cloud, { rounding: "ripser" }).data, n: c.cloud.n }
            : c.cloud,
          c.dim,
          c.threshold,
        );
        assert.equal(ours.diagrams.length, c.dim + 1);
        for (let k = 0; k <= c.dim; k++) {
          const difference = diagramDifference(ours.diagrams[k], theirs[k]);
          assert.equal(difference, null, `H${k}: ${difference}`);
        }
      });
    }
  },
});
