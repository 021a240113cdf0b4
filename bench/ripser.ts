/**
 * `deno task bench`: nntopo's `deno task ph` against Ripser 1.2.1 on the
 * Ripser paper's benchmark inputs, generated afresh from the seed (see
 * `workloads.ts`): o3_n (n Haar-random rotations of SO(3) as points of R^9),
 * 192 points of S^3, 600 points of RP^2 as a distance matrix, and 6000 points
 * of a surface in R^24. Each program runs as its own process, interleaved
 * (ours, ripser, ours, ripser, …) so that machine load hits both alike.
 *
 * For each input it prints the median wall time of each program, the ratio
 * ours/ripser, both peak resident memories (GNU time's %M), our memory
 * estimate (the figure the guard compares with `--max-memory`) and its ratio
 * to our measured peak, and whether the two outputs were identical.
 *
 * Every input runs by default. o3_4096 at dim 3 and rp2_600 at dim 2 take
 * minutes each and GiBs (at the enclosing radius RP^2's complex is nearly
 * complete); `--quick` (or NNTOPO_BENCH_QUICK=1) leaves those two out. The
 * o3_n inputs and rp2_600 run once, the others 3 times, unless `--reps` is given.
 *
 * Usage: deno task bench [--quick] [--reps N] [--seed 1] [--only name,name] [--threads N] [--keep]
 *
 * @module
 */

import { parseArgs } from "node:util";
import {
  lowerDistanceText,
  pointCloudText,
  projectivePlaneDistances,
  rotations,
  spherePoints,
  surfaceCloud,
  workloadRandom,
} from "./workloads.ts";

const { values } = parseArgs({
  options: {
    reps: { type: "string" },
    seed: { type: "string", default: "1" },
    only: { type: "string" },
    quick: { type: "boolean", default: false },
    threads: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});
const reps = values.reps === undefined ? undefined : Number(values.reps);
const seed = Number(values.seed);
if (reps !== undefined && (!Number.isInteger(reps) || reps < 1)) {
  throw new RangeError(`option --reps: expected a positive integer, found ${values.reps}`);
}
const quick = values.quick || Deno.env.get("NNTOPO_BENCH_QUICK") === "1";

/** One benchmark input: how to write its file, the arguments both programs get. */
interface BenchCase {
  name: string;
  text: () => string;
  args: string[];
  /** Repetitions unless --reps says otherwise. */
  reps: number;
  /** Left out by --quick. */
  heavy?: boolean;
}

const cloud = ["--format", "point-cloud"];
const o3 = (n: number, dim: number, threshold: number, reps: number): BenchCase => ({
  name: `o3_${n}`,
  text: () => pointCloudText(rotations(n, workloadRandom(seed, `o3_${n}`))),
  args: [...cloud, "--dim", `${dim}`, "--threshold", `${threshold}`],
  reps,
  heavy: n >= 4096 && dim >= 3,
});

const allCases: BenchCase[] = [
  {
    name: "sphere_3_192",
    text: () => pointCloudText(spherePoints(192, 3, workloadRandom(seed, "sphere_3_192"))),
    args: [...cloud, "--dim", "2"],
    reps: 3,
  },
  {
    name: "rp2_600",
    text: () =>
      lowerDistanceText(projectivePlaneDistances(600, workloadRandom(seed, "rp2_600")), 600),
    args: ["--format", "lower-distance", "--dim", "2"],
    reps: 1,
    heavy: true,
  },
  {
    name: "cloud_6000_R24",
    text: () => pointCloudText(surfaceCloud(6000, 24, workloadRandom(seed, "cloud_6000"))),
    args: [...cloud, "--dim", "1", "--threshold", "0.6"],
    reps: 3,
  },
  o3(1024, 3, 1.8, 1),
  o3(2048, 3, 1.6, 1),
  o3(8192, 1, 1.4, 1),
  o3(4096, 3, 1.4, 1),
];
const only = values.only?.split(",");
const cases = allCases.filter((c) => only ? only.includes(c.name) : !quick || !c.heavy);
const threadArgs = values.threads === undefined ? [] : ["--threads", values.threads];

interface Measured {
  wallMs: number;
  rssKb: number | null;
  computeMs: number | null;
  estimateBytes: number | null;
  stdout: string;
}

const hasGnuTime = await Deno.stat("/usr/bin/time").then(() => true, () => false);

async function measure(command: string[], env: Record<string, string> = {}): Promise<Measured> {
  const argv = hasGnuTime ? ["/usr/bin/time", "-f", "maxrss_kb %M", ...command] : command;
  const start = performance.now();
  const out = await new Deno.Command(argv[0], {
    args: argv.slice(1),
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const wallMs = performance.now() - start;
  const stderr = new TextDecoder().decode(out.stderr);
  if (out.code !== 0) throw new Error(`${command.join(" ")} exited ${out.code}: ${stderr}`);
  const rss = stderr.match(/maxrss_kb (\d+)/);
  const compute = stderr.match(/compute_ms ([\d.]+)/);
  const estimate = stderr.match(/estimate_bytes (\d+)/);
  return {
    wallMs,
    rssKb: rss ? Number(rss[1]) : null,
    computeMs: compute ? Number(compute[1]) : null,
    estimateBytes: estimate ? Number(estimate[1]) : null,
    stdout: new TextDecoder().decode(out.stdout),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * "yes" when identical; "same set" when every section holds the same lines
 * in another order (expected only where the explicit path, for index spaces
 * beyond 2^53, sorts intervals of equal birth its own way); "NO" otherwise.
 */
function compareOutputs(a: string, b: string): string {
  if (a === b) return "yes";
  const sections = (text: string) =>
    text.split(/(?=persistence intervals in dim)/).map((s) => s.split("\n").sort().join("\n"));
  const x = sections(a), y = sections(b);
  return x.length === y.length && x.every((s, k) => s === y[k]) ? "same set" : "NO";
}

async function commandText(cmd: string, args: string[]): Promise<string> {
  try {
    const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "null" }).output();
    return new TextDecoder().decode(out.stdout).trim();
  } catch {
    return "unknown";
  }
}

const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
const cpuModel = cpuinfo.match(/model name\s*:\s*(.*)/)?.[1] ?? "unknown";
console.log(
  `machine: ${navigator.hardwareConcurrency} cores, ${cpuModel}, ${
    (Deno.systemMemoryInfo().total / 2 ** 30).toFixed(1)
  } GiB`,
);
console.log(
  `versions: deno ${Deno.version.deno}, ripser ${await commandText("dpkg-query", [
    "-W",
    "-f",
    "${Version}",
    "ripser",
  ])}, nntopo ${await commandText("git", ["rev-parse", "--short", "HEAD"])}`,
);
console.log(
  `reps: interleaved (ours, ripser, …), ${
    reps ?? "3 (1 for o3_n and rp2_600)"
  } each, seed ${seed}` +
    (threadArgs.length ? `, ours with --threads ${values.threads}` : ""),
);
if (quick && !only) {
  console.log("o3_4096 (dim 3) and rp2_600 left out (--quick): run without it for the full table");
}
if (!hasGnuTime) console.log("peak memory: n/a (install GNU time: apt-get install -y time)");

/** One line of the table: medians, peaks, the estimate and the comparison. */
function tableRow(c: BenchCase, ours: Measured[], theirs: Measured[]): string[] {
  const oursMs = median(ours.map((m) => m.wallMs));
  const ripserMs = median(theirs.map((m) => m.wallMs));
  const oursKb = Math.max(...ours.map((m) => m.rssKb ?? 0)) || null;
  const estimate = ours[0].estimateBytes;
  return [
    c.name,
    c.args.filter((a) => a !== "--format" && a !== "point-cloud").join(" "),
    fmt(oursMs),
    fmt(ripserMs),
    (oursMs / ripserMs).toFixed(2),
    mib(oursKb),
    mib(Math.max(...theirs.map((m) => m.rssKb ?? 0)) || null),
    estimate === null ? "n/a" : mib(estimate / 1024),
    estimate === null || oursKb === null ? "n/a" : (estimate / 1024 / oursKb).toFixed(2),
    compareOutputs(ours[0].stdout, theirs[0].stdout),
  ];
}

const dir = await Deno.makeTempDir({ prefix: "nntopo-bench-" });
const fmt = (ms: number) => (ms / 1000).toFixed(3);
const mib = (kb: number | null) => (kb === null ? "n/a" : (kb / 1024).toFixed(1));
const rows: string[][] = [];
try {
  for (const c of cases) {
    const file = `${dir}/${c.name}.txt`;
    await Deno.writeTextFile(file, c.text());
    const ours: Measured[] = [], theirs: Measured[] = [];
    for (let r = 0; r < (reps ?? c.reps); r++) {
      ours.push(
        await measure(
          [Deno.execPath(), "run", "-A", "src/cli/ph.ts", ...c.args, ...threadArgs, file],
          { NNTOPO_PH_TIMING: "1" },
        ),
      );
      theirs.push(await measure(["/usr/bin/ripser", ...c.args, file]));
    }
    rows.push(tableRow(c, ours, theirs));
    console.log(`done: ${rows[rows.length - 1].join("  ")}`);
  }
} finally {
  if (!values.keep) await Deno.remove(dir, { recursive: true });
  else console.log(`inputs kept in ${dir}`);
}

const header = [
  "input",
  "args",
  "ours s",
  "ripser s",
  "ours/ripser",
  "ours MiB",
  "ripser MiB",
  "estimate MiB",
  "estimate/ours",
  "same output",
];
const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
const line = (cells: string[]) =>
  "| " + cells.map((c, k) => c.padEnd(widths[k])).join(" | ") + " |";
console.log();
console.log(line(header));
console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
for (const r of rows) console.log(line(r));
console.log(
  "\ntimes are medians of wall time per process; MiB is the peak RSS (max over reps);\n" +
    "estimate: our memory estimate, which the guard compares with --max-memory;\n" +
    "same output: yes = byte-identical, same set = same lines per dimension, in another order\n" +
    "(ours keeps Ripser's order except on the explicit path, beyond 2^53 simplex indices)",
);
