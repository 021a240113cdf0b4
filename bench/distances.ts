/**
 * Distance-matrix timings: gpu.js WebAssembly (threads) against the plain
 * typed-array loop, n points in R^d (default n = 1000, 2000, 4000; d = 10).
 * The first call of each shape (kernel compilation, worker start-up) is
 * reported separately from the median of the following calls.
 *
 * Usage: deno run -A bench/distances.ts [--reps 5] [--d 10] [--sizes 1000,2000,4000]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { createRandom } from "../src/data/random.ts";
import { pairwiseDistances } from "../src/geometry/distances.ts";
import type { DistanceBackend } from "../src/geometry/backend.ts";

const { values } = parseArgs({
  options: {
    reps: { type: "string", default: "5" },
    d: { type: "string", default: "10" },
    sizes: { type: "string", default: "1000,2000,4000" },
    backends: { type: "string", default: "plain,webasm" },
  },
});
const reps = Number(values.reps), d = Number(values.d);
const sizes = values.sizes!.split(",").map(Number);
const backends = values.backends!.split(",") as DistanceBackend[];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

console.log(`cores: ${navigator.hardwareConcurrency}, deno ${Deno.version.deno}, d = ${d}`);
console.log("n\tbackend\tfirst ms\tmedian ms (of " + reps + ")");
for (const n of sizes) {
  const random = createRandom(n);
  const data = new Float32Array(n * d).map(() => random.next());
  const cloud = { data, n, d };
  for (const backend of backends) {
    const times: number[] = [];
    let first = 0;
    for (let r = 0; r <= reps; r++) {
      const t0 = performance.now();
      await pairwiseDistances(cloud, { backend });
      const t = performance.now() - t0;
      if (r === 0) first = t;
      else times.push(t);
    }
    console.log(`${n}\t${backend}\t${first.toFixed(1)}\t${median(times).toFixed(1)}`);
  }
}
