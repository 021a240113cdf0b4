import assert from "node:assert/strict";
import { vietorisRips, vietorisRipsParallel } from "../../src/topology/vietoris_rips.ts";
import { lineRips } from "../../src/topology/line_rips.ts";
import type { PointCloud } from "../../src/data/point_cloud.ts";
import { createRandom } from "../../src/data/random.ts";
import { diagramDifference, hasRipser, runRipser } from "./ripser_oracle.ts";

/** Values on a line of several kinds: spread, clustered, on a grid (ties), with repeats. */
function lineCases(): Array<{ name: string; cloud: PointCloud }> {
  const cases: Array<{ name: string; cloud: PointCloud }> = [];
  for (let seed = 1; seed <= 8; seed++) {
    const random = createRandom(seed * 104729);
    const n = 20 + 37 * seed;
    const make = (f: (i: number) => number) => ({
      data: Float32Array.from({ length: n }, (_, i) => f(i)),
      n,
      d: 1,
    });
    cases.push({ name: `uniform #${seed}`, cloud: make(() => random.next() * 10 - 3) });
    cases.push({
      // a sigmoid output layer: most values crowd near 0 and 1
      name: `sigmoid #${seed}`,
      cloud: make(() => 1 / (1 + Math.exp(-8 * (random.next() - 0.5)))),
    });
    cases.push({ name: `grid #${seed}`, cloud: make(() => random.int(12) * 0.25) });
    cases.push({
      name: `repeats #${seed}`,
      cloud: make((i) => (i % 3 === 0 ? 0 : random.next() * 1e-3 + (i % 2) * 5)),
    });
  }
  cases.push({ name: "two equal points", cloud: { data: new Float32Array([4, 4]), n: 2, d: 1 } });
  return cases;
}

/** The same points as a cloud in R^2 (second coordinate 0): the general engine's input. */
function inPlane(cloud: PointCloud): PointCloud {
  const data = new Float32Array(2 * cloud.n);
  for (let i = 0; i < cloud.n; i++) data[2 * i] = cloud.data[i];
  return { data, n: cloud.n, d: 2 };
}

Deno.test("points on a line: the same barcode as the general engine on the same points in R^2", async (t) => {
  for (const { name, cloud } of lineCases()) {
    await t.step(name, () => {
      const random = createRandom(cloud.n);
      const thresholds = [undefined, 0.05 + random.next(), 0];
      for (const threshold of thresholds) {
        for (const maxDim of [0, 1, 2]) {
          const options = { maxDim, threshold };
          assert.deepEqual(
            vietorisRips(cloud, options),
            vietorisRips(inPlane(cloud), options),
            `maxDim ${maxDim}, threshold ${threshold}`,
          );
        }
      }
      const cycles = { maxDim: 1, cycles: { longest: 2 } };
      assert.deepEqual(vietorisRips(cloud, cycles), vietorisRips(inPlane(cloud), cycles));
    });
  }
});

Deno.test("points on a line: ripserOrder and the parallel entry give the same intervals", async () => {
  for (const { cloud } of lineCases().slice(0, 8)) {
    const plane = inPlane(cloud);
    assert.deepEqual(
      vietorisRips(cloud, { maxDim: 1, ripserOrder: true }).diagrams,
      vietorisRips(plane, { maxDim: 1, ripserOrder: true }).diagrams,
    );
    assert.deepEqual(
      await vietorisRipsParallel(cloud, { maxDim: 1, threads: 2, minParallelWork: 0 }),
      vietorisRips(plane, { maxDim: 1 }),
    );
  }
});

Deno.test("points on a line: bad input is refused by name", () => {
  assert.throws(
    () => lineRips({ data: new Float32Array([0, 1, 0, 2]), n: 2, d: 2 }, { maxDim: 1 }),
    /lineRips: field "d": expected 1 \(points on a line\), found 2/,
  );
  assert.throws(
    () => vietorisRips({ data: new Float32Array([0, NaN]), n: 2, d: 1 }, { maxDim: 1 }),
    /NaN|finite/,
  );
  assert.throws(
    () => vietorisRips({ data: new Float32Array([0, 1]), n: 2, d: 1 }, { maxDim: 0, cycles: true }),
    /option "cycles": expected maxDim ≥ 1/,
  );
  assert.throws(
    () =>
      vietorisRips({ data: new Float32Array([0, 1]), n: 2, d: 1 }, {
        maxDim: 1,
        cycles: { longest: -1 },
      }),
    /option "cycles.longest": expected an integer ≥ 0, found -1/,
  );
});

Deno.test("points on a line: the same intervals as /usr/bin/ripser", async (t) => {
  if (!hasRipser()) {
    const message = "SKIPPED: /usr/bin/ripser (Debian ripser) is not installed";
    console.warn(message);
    assert.notEqual(Deno.env.get("CI"), "true", `CI must have the ripser oracle: ${message}`);
    return;
  }
  for (const { name, cloud } of lineCases().filter((_, k) => k % 3 === 0)) {
    await t.step(name, async () => {
      const ours = vietorisRips(cloud, { maxDim: 1 });
      const theirs = await runRipser(cloud, 1);
      for (let k = 0; k <= 1; k++) {
        const difference = diagramDifference(ours.diagrams[k], theirs[k]);
        assert.equal(difference, null, `H${k}: ${difference}`);
      }
    });
  }
});
