/**
 * Representative cycles: what they cost, and that a run which does not ask
 * for them costs what it did before cycles existed.
 *
 * In one process, interleaved (baseline, plain, pairing, cycles, baseline, …)
 * on seeded point clouds, it times:
 * - baseline: `ripsCohomology` as of the commit before cycles (`--baseline`,
 *   read with `git show` into a temporary module next to the engine);
 * - plain: today's `ripsCohomology` (no cycles asked);
 * - pairing: `ripsCohomologyPairing` (the reduction, recording the H1 pairs);
 * - cycles: the pairing plus `representativeCycles` for every H1 interval.
 * It prints the medians and the ratios plain/baseline (no slowdown ⇒ ≈ 1)
 * and cycles/plain.
 *
 * Usage: deno run -A bench/cycles.ts [--reps 5] [--baseline 530500e]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { createRandom } from "../src/data/random.ts";
import { plainDistances } from "../src/geometry/distances.ts";
import { enclosingRadius } from "../src/topology/enclosing_radius.ts";
import { ripsCohomology, ripsCohomologyPairing } from "../src/topology/rips_cohomology.ts";
import { representativeCycles } from "../src/topology/representative_cycles.ts";

const { values } = parseArgs({
  options: {
    reps: { type: "string", default: "5" },
    baseline: { type: "string", default: "530500e" },
  },
});
const reps = Number(values.reps);

const root = new URL("../", import.meta.url).pathname;
const source = new Deno.Command("git", {
  args: ["show", `${values.baseline}:src/topology/rips_cohomology.ts`],
  cwd: root,
  stdout: "piped",
  stderr: "piped",
}).outputSync();
if (source.code !== 0) {
  throw new Error(`git show ${values.baseline}: ${new TextDecoder().decode(source.stderr)}`);
}
const baselinePath = `${root}src/topology/.bench_baseline_rips_cohomology.ts`;
Deno.writeFileSync(baselinePath, source.stdout);
let baselineRips: typeof ripsCohomology;
try {
  baselineRips = (await import(baselinePath)).ripsCohomology;
} finally {
  Deno.removeSync(baselinePath);
}

function cloud(n: number, d: number, seed: number) {
  const random = createRandom(seed);
  const data = new Float32Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = random.next();
  return plainDistances({ data, n, d }, { rounding: "ripser" }).data;
}

const cases = [
  { name: "cloud-600-R10-dim1", n: 600, d: 10, maxDim: 1 },
  { name: "cloud-1000-R10-dim1", n: 1000, d: 10, maxDim: 1 },
  { name: "cloud-300-R3-dim2", n: 300, d: 3, maxDim: 2 },
];

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  "case                   baseline ms  plain ms  pairing ms  cycles ms  plain/baseline  cycles/plain  H1 bars",
);
for (const c of cases) {
  const lower = cloud(c.n, c.d, c.n + c.d);
  const threshold = enclosingRadius(lower, c.n);
  const runs = {
    baseline: () => baselineRips(lower, c.n, c.maxDim, threshold, "dense"),
    plain: () => ripsCohomology(lower, c.n, c.maxDim, threshold, "dense"),
    pairing: () => ripsCohomologyPairing(lower, c.n, c.maxDim, threshold, "dense"),
    cycles: () =>
      representativeCycles({
        lower,
        n: c.n,
        ...ripsCohomologyPairing(lower, c.n, c.maxDim, threshold, "dense"),
      }),
  };
  const times: Record<string, number[]> = { baseline: [], plain: [], pairing: [], cycles: [] };
  for (const run of Object.values(runs)) run(); // warm up
  for (let r = 0; r < reps; r++) {
    for (const [name, run] of Object.entries(runs)) {
      const start = performance.now();
      run();
      times[name].push(performance.now() - start);
    }
  }
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const bars = runs.plain()[1].length;
  console.log(
    `${c.name.padEnd(22)} ${m.baseline.toFixed(0).padStart(11)} ${
      m.plain.toFixed(0).padStart(9)
    } ` +
      `${m.pairing.toFixed(0).padStart(11)} ${m.cycles.toFixed(0).padStart(10)} ` +
      `${(m.plain / m.baseline).toFixed(3).padStart(15)} ${
        (m.cycles / m.plain).toFixed(3).padStart(13)
      } ` +
      `${String(bars).padStart(8)}`,
  );
}
