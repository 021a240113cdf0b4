/**
 * `deno task bench`: nntopo's `deno task ph` against Ripser 1.2.1 on the same
 * seeded inputs, each run as its own process, interleaved (ours, ripser,
 * ours, ripser, …) so that machine load hits both alike.
 *
 * For each input it prints the median wall time of each program, the ratio
 * ours/ripser, our in-process compute time (parsing and process start-up
 * excluded), the peak resident memory of each (GNU time's %M) and whether the
 * two outputs were identical.
 *
 * Usage: deno task bench [--reps 5] [--seed 1] [--only name,name] [--keep]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { createRandom, deriveSeed } from "../src/data/random.ts";

const { values } = parseArgs({
  options: {
    reps: { type: "string", default: "5" },
    seed: { type: "string", default: "1" },
    only: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});
const reps = Number(values.reps);
const seed = Number(values.seed);
if (!Number.isInteger(reps) || reps < 1) {
  throw new RangeError(`option --reps: expected a positive integer, found ${values.reps}`);
}

/** One benchmark input: a file and the arguments both programs get. */
interface BenchCase {
  name: string;
  text: string;
  args: string[];
}

function randomPoints(n: number, d: number, label: string): number[][] {
  const random = createRandom(deriveSeed(seed, label));
  return Array.from({ length: n }, () => Array.from({ length: d }, () => random.next()));
}

function pointCloudText(points: number[][]): string {
  return points.map((p) => p.map((x) => x.toFixed(6)).join(" ")).join("\n") + "\n";
}

function lowerDistanceText(points: number[][]): string {
  const rows: string[] = [];
  for (let i = 0; i < points.length; i++) {
    const row: string[] = [];
    for (let j = 0; j < i; j++) {
      row.push(Math.hypot(...points[i].map((x, k) => x - points[j][k])).toFixed(6));
    }
    rows.push(row.join(","));
  }
  return rows.join("\n") + "\n";
}

const allCases: BenchCase[] = [
  {
    name: "cloud-1000-R10-dim1",
    text: pointCloudText(randomPoints(1000, 10, "cloud-1000")),
    args: ["--format", "point-cloud", "--dim", "1"],
  },
  {
    name: "cloud-2000-R10-dim1",
    text: pointCloudText(randomPoints(2000, 10, "cloud-2000")),
    args: ["--format", "point-cloud", "--dim", "1"],
  },
  {
    name: "cloud-1000-R3-dim2-t0.3",
    text: pointCloudText(randomPoints(1000, 3, "cloud-1000-r3")),
    args: ["--format", "point-cloud", "--dim", "2", "--threshold", "0.3"],
  },
  {
    name: "lower-400-R4-dim2",
    text: lowerDistanceText(randomPoints(400, 4, "matrix-400")),
    args: ["--format", "lower-distance", "--dim", "2"],
  },
];
const only = values.only?.split(",");
const cases = only ? allCases.filter((c) => only.includes(c.name)) : allCases;

interface Measured {
  wallMs: number;
  rssKb: number | null;
  computeMs: number | null;
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
  return {
    wallMs,
    rssKb: rss ? Number(rss[1]) : null,
    computeMs: compute ? Number(compute[1]) : null,
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
console.log(`reps: ${reps} interleaved (ours, ripser, …), seed ${seed}`);
if (!hasGnuTime) console.log("peak memory: n/a (install GNU time: apt-get install -y time)");

const dir = await Deno.makeTempDir({ prefix: "nntopo-bench-" });
const fmt = (ms: number) => (ms / 1000).toFixed(3);
const mib = (kb: number | null) => (kb === null ? "n/a" : (kb / 1024).toFixed(1));
const rows: string[][] = [];
try {
  for (const c of cases) {
    const file = `${dir}/${c.name}.txt`;
    await Deno.writeTextFile(file, c.text);
    const ours: Measured[] = [], theirs: Measured[] = [];
    for (let r = 0; r < reps; r++) {
      ours.push(
        await measure([Deno.execPath(), "run", "-A", "src/cli/ph.ts", ...c.args, file], {
          NNTOPO_PH_TIMING: "1",
        }),
      );
      theirs.push(await measure(["/usr/bin/ripser", ...c.args, file]));
    }
    const oursMs = median(ours.map((m) => m.wallMs));
    const ripserMs = median(theirs.map((m) => m.wallMs));
    const computes = ours.map((m) => m.computeMs).filter((x): x is number => x !== null);
    const row = [
      c.name,
      fmt(oursMs),
      computes.length ? fmt(median(computes)) : "n/a",
      fmt(ripserMs),
      (oursMs / ripserMs).toFixed(2),
      mib(Math.max(...ours.map((m) => m.rssKb ?? 0)) || null),
      mib(Math.max(...theirs.map((m) => m.rssKb ?? 0)) || null),
      compareOutputs(ours[0].stdout, theirs[0].stdout),
    ];
    rows.push(row);
    console.log(`done: ${row.join("  ")}`);
  }
} finally {
  if (!values.keep) await Deno.remove(dir, { recursive: true });
  else console.log(`inputs kept in ${dir}`);
}

const header = [
  "input",
  "ours s",
  "ours compute s",
  "ripser s",
  "ours/ripser",
  "ours MiB",
  "ripser MiB",
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
    "same output: yes = byte-identical, same set = same lines per dimension, in another order\n" +
    "(ours keeps Ripser's order except on the explicit path, beyond 2^53 simplex indices)",
);
