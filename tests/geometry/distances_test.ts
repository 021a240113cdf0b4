import assert from "node:assert/strict";
import { createRandom } from "../../src/data/random.ts";
import type { PointCloud } from "../../src/data/point_cloud.ts";
import { pairwiseDistances, plainDistances } from "../../src/geometry/distances.ts";
import { probeWebGpu, selectBackend } from "../../src/geometry/backend.ts";
import type { Metric } from "../../src/geometry/distance_matrix.ts";

function randomCloud(n: number, d: number, seed: number): PointCloud {
  const random = createRandom(seed);
  const data = new Float32Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = random.normal() * 3 + 1;
  return { data, n, d };
}

/** The float64 reference, written independently of plainDistances. */
function reference(cloud: PointCloud, metric: Metric, i: number, j: number): number {
  const { data, d } = cloud;
  const u = Array.from(data.subarray(i * d, i * d + d));
  const v = Array.from(data.subarray(j * d, j * d + d));
  if (metric === "euclidean") return Math.hypot(...u.map((x, k) => x - v[k]));
  const centre = (w: number[]) => {
    if (metric === "cosine") return w;
    const mean = w.reduce((a, b) => a + b, 0) / w.length;
    return w.map((x) => x - mean);
  };
  const a = centre(u), b = centre(v);
  const dot = a.reduce((s, x, k) => s + x * b[k], 0);
  return 1 - dot / (Math.hypot(...a) * Math.hypot(...b));
}

const METRICS: Metric[] = ["euclidean", "cosine", "correlation"];

Deno.test("plainDistances matches an independent float64 reference, rounded to float32", () => {
  const cloud = randomCloud(40, 6, 1);
  for (const metric of METRICS) {
    const m = plainDistances(cloud, { metric });
    assert.equal(m.kind, "lower");
    assert.equal(m.data.length, (40 * 39) / 2);
    let o = 0;
    for (let i = 1; i < 40; i++) {
      for (let j = 0; j < i; j++) {
        const want = Math.fround(Math.max(0, reference(cloud, metric, i, j)));
        assert.ok(
          Math.abs(m.data[o] - want) <= 1e-6 * Math.max(1, want),
          `${metric} (${i},${j}): ${m.data[o]} vs ${want}`,
        );
        o++;
      }
    }
  }
});

async function availableBackends(): Promise<Array<"webgpu" | "webasm" | "cpu">> {
  const list: Array<"webgpu" | "webasm" | "cpu"> = ["webasm", "cpu"];
  if ((await probeWebGpu()).adapter) list.push("webgpu");
  return list;
}

Deno.test("every available backend agrees with the float32 reference, all metrics", async () => {
  // Odd n exercises the folded middle row; d not a multiple of 4.
  for (const [n, d] of [[2, 3], [7, 5], [131, 10]]) {
    const cloud = randomCloud(n, d, n * 17 + d);
    for (const metric of METRICS) {
      const want = plainDistances(cloud, { metric }).data;
      for (const backend of await availableBackends()) {
        const got = await pairwiseDistances(cloud, { metric, backend });
        assert.equal(got.kind, "lower");
        assert.equal(got.n, n);
        assert.equal(got.data.length, want.length);
        for (let k = 0; k < want.length; k++) {
          const tol = metric === "euclidean" ? 2e-6 * want[k] + 1e-7 : 1e-5 * want[k] + 1e-5;
          assert.ok(
            Math.abs(got.data[k] - want[k]) <= tol,
            `${backend} ${metric} n=${n} entry ${k}: ${got.data[k]} vs ${want[k]}`,
          );
        }
      }
    }
  }
});

Deno.test("pairwiseDistances is deterministic for the same input", async () => {
  const cloud = randomCloud(90, 4, 5);
  for (const backend of ["plain", "webasm"] as const) {
    const a = await pairwiseDistances(cloud, { metric: "cosine", backend });
    const b = await pairwiseDistances(cloud, { metric: "cosine", backend });
    assert.deepEqual(a.data, b.data);
  }
});

Deno.test("degenerate rows: zero vector (cosine), constant row (correlation) are at distance 1", async () => {
  const cloud = { data: new Float32Array([0, 0, 0, 1, 2, 3, 0.1, 0.1, 0.1]), n: 3, d: 3 };
  for (const backend of ["plain", "webasm"] as const) {
    const cos = await pairwiseDistances(cloud, { metric: "cosine", backend });
    assert.equal(cos.data[0], 1); // (1,0): zero vector
    const cor = await pairwiseDistances(cloud, { metric: "correlation", backend });
    assert.equal(cor.data[1], 1); // (2,0): both constant
    assert.equal(cor.data[2], 1); // (2,1)
  }
});

Deno.test("bad options and clouds are rejected with named errors", async () => {
  const cloud = randomCloud(3, 2, 1);
  await assert.rejects(
    pairwiseDistances(cloud, { metric: "manhattan" as Metric }),
    /option "metric".*manhattan/,
  );
  await assert.rejects(
    pairwiseDistances(cloud, { backend: "opencl" as "cpu" }),
    /option "backend".*opencl/,
  );
  await assert.rejects(
    pairwiseDistances({ data: new Float32Array([0, NaN]), n: 1, d: 2 }),
    /finite/,
  );
});

Deno.test("selectBackend: plain below the cut-off or on few cores, never a fallback adapter", async () => {
  assert.equal((await selectBackend({ n: 10 })).backend, "plain");
  const probe = await probeWebGpu();
  const realGpu = probe.adapter && !probe.fallback;
  const many = await selectBackend({ n: 1e6, cores: 16 });
  assert.equal(many.backend, realGpu ? "webgpu" : "webasm");
  const few = await selectBackend({ n: 1e6, cores: 2 });
  assert.equal(few.backend, realGpu ? "webgpu" : "plain");
  assert.match(few.reason, realGpu ? /WebGPU adapter/ : /2 cores/);
  if (probe.fallback) assert.match(many.reason, /fallback/);
  assert.equal((await selectBackend({ n: 10, backend: "webasm" })).backend, "webasm");
});

Deno.test("rounding ripser: float32 at every step, only on the typed-array loop", async () => {
  const cloud = randomCloud(30, 7, 9);
  const ripser = await pairwiseDistances(cloud, { rounding: "ripser" });
  const fround = Math.fround;
  let k = 0, differs = 0;
  const float64 = plainDistances(cloud).data;
  for (let i = 1; i < 30; i++) {
    for (let j = 0; j < i; j++, k++) {
      let sum = 0;
      for (let t = 0; t < 7; t++) {
        const diff = fround(cloud.data[i * 7 + t] - cloud.data[j * 7 + t]);
        sum = fround(sum + fround(diff * diff));
      }
      assert.equal(ripser.data[k], fround(Math.sqrt(sum)), `entry (${i},${j})`);
      if (float64[k] !== ripser.data[k]) differs++;
    }
  }
  assert.ok(differs > 0, "float64 and ripser rounding should differ somewhere on 435 distances");
  await assert.rejects(
    pairwiseDistances(cloud, { rounding: "ripser", backend: "webasm" }),
    /rounding "ripser" is done only by "plain"/,
  );
  assert.throws(
    () => plainDistances(cloud, { rounding: "float16" as "ripser" }),
    /option "rounding".*float16/,
  );
});

Deno.test("cutoff: Ripser's distances up to it exactly, the largest float32 beyond", () => {
  const random = createRandom(77);
  for (const d of [3, 5, 24]) {
    const n = 120;
    const cloud: PointCloud = {
      data: Float32Array.from({ length: n * d }, () => random.next()),
      n,
      d,
    };
    const exact = plainDistances(cloud, { rounding: "ripser" }).data;
    const sorted = Float32Array.from(exact).sort();
    const cutoff = sorted[Math.floor(sorted.length / 3)];
    const cut = plainDistances(cloud, { rounding: "ripser", cutoff }).data;
    let kept = 0;
    for (let k = 0; k < exact.length; k++) {
      if (exact[k] <= cutoff) {
        assert.equal(cut[k], exact[k], `d = ${d}, entry ${k}`);
        kept++;
      } else assert.ok(cut[k] === exact[k] || cut[k] === 3.4028234663852886e38, `entry ${k}`);
    }
    assert.ok(kept >= exact.length / 3);
    assert.ok(cut.some((x) => x === 3.4028234663852886e38), "some pairs are cut off");
  }
});
