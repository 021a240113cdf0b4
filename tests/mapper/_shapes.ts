// Test fixtures: noisy circles and Gaussian blobs from a seeded stream.
import type { PointCloud } from "../../src/data/point_cloud.ts";
import { createRandom } from "../../src/data/random.ts";

/** Points near circles: angles evenly spaced with jitter, radius with Gaussian noise. */
export function noisyCircles(
  seed: number,
  circles: Array<{ cx: number; cy: number; r: number }>,
  perCircle = 400,
  noise = 0.01,
): PointCloud {
  const random = createRandom(seed);
  const n = perCircle * circles.length;
  const data = new Float32Array(n * 2);
  circles.forEach(({ cx, cy, r }, c) => {
    for (let i = 0; i < perCircle; i++) {
      const t = 2 * Math.PI * (i + 0.6 * (random.next() - 0.5)) / perCircle;
      const rr = r + noise * random.normal();
      const k = c * perCircle + i;
      data[2 * k] = cx + rr * Math.cos(t);
      data[2 * k + 1] = cy + rr * Math.sin(t);
    }
  });
  return { data, n, d: 2 };
}

/** Gaussian blobs in d dimensions with the given centres and spread. */
export function blobs(
  seed: number,
  centres: number[][],
  perBlob: number,
  spread: number,
): { cloud: PointCloud; truth: Int32Array } {
  const random = createRandom(seed);
  const d = centres[0].length;
  const n = centres.length * perBlob;
  const data = new Float32Array(n * d);
  const truth = new Int32Array(n);
  centres.forEach((centre, b) => {
    for (let i = 0; i < perBlob; i++) {
      const k = b * perBlob + i;
      truth[k] = b;
      for (let c = 0; c < d; c++) data[k * d + c] = centre[c] + spread * random.normal();
    }
  });
  return { cloud: { data, n, d }, truth };
}
