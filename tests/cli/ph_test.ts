import assert from "node:assert/strict";
import { createRandom } from "../../src/data/random.ts";
import { formatFloat, ripserIntervals } from "../../src/cli/ph_format.ts";
import { parsePhInput } from "../../src/cli/ph_parse.ts";

const RIPSER = "/usr/bin/ripser";

async function run(cmd: string, args: string[], stdin?: string) {
  const child = new Deno.Command(cmd, {
    args,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const out = await child.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

const ours = (args: string[], stdin?: string) =>
  run(Deno.execPath(), ["run", "-A", "src/cli/ph.ts", ...args], stdin);

async function tempFile(text: string): Promise<string> {
  const path = await Deno.makeTempFile({ suffix: ".txt" });
  await Deno.writeTextFile(path, text);
  return path;
}

function randomCloudText(n: number, d: number, seed: number): string {
  const random = createRandom(seed);
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    rows.push(Array.from({ length: d }, () => (random.next() * 2 - 1).toFixed(4)).join(" "));
  }
  return rows.join("\n") + "\n";
}

/** n points with integer coordinates in [0, side)^d: many intervals of equal birth. */
function integerGridText(n: number, d: number, side: number, seed: number): string {
  const random = createRandom(seed);
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    rows.push(Array.from({ length: d }, () => random.int(side)).join(" "));
  }
  return rows.join("\n") + "\n";
}

/** Distances of a random cloud, as lower, upper and full matrix texts. */
function randomMatrixTexts(n: number, seed: number) {
  const random = createRandom(seed);
  const pts = Array.from({ length: n }, () => [random.next(), random.next(), random.next()]);
  const dist = (i: number, j: number) => Math.hypot(...pts[i].map((x, k) => x - pts[j][k]));
  const cell = (i: number, j: number) => (i === j ? 0 : dist(i, j)).toFixed(5);
  const lower: string[] = [], upper: string[] = [], full: string[] = [];
  for (let i = 0; i < n; i++) {
    lower.push(Array.from({ length: i }, (_, j) => cell(i, j)).join(","));
    upper.push(Array.from({ length: n - 1 - i }, (_, k) => cell(i, i + 1 + k)).join(" "));
    full.push(Array.from({ length: n }, (_, j) => cell(i, j)).join(" "));
  }
  return {
    lower: lower.join("\n") + "\n",
    upper: upper.join("\n") + "\n",
    full: full.join("\n") + "\n",
  };
}

Deno.test("formatFloat agrees with C's %g (Python) on float32 values of all magnitudes", async () => {
  const random = createRandom(9);
  const values = [0, 1, 0.5, 1.015625, 2.5e-5, 1e-5, 0.0001, 123456, 1234567, 999999.5, 9999995];
  for (let i = 0; i < 3000; i++) {
    const exponent = Math.floor(random.next() * 24) - 12;
    values.push(Math.fround(random.next() * 10 ** exponent));
  }
  // A few exact ties at the 7th digit (dyadic values), which round half to even.
  for (let k = 1; k < 200; k++) values.push(1 + k / 128, k * 1024 + 0.5, 100000 + k / 2);
  const py = await run("python3", [
    "-c",
    "import sys\nfor line in sys.stdin: print('%g' % float(line))",
  ], values.map((v) => JSON.stringify(v)).join("\n") + "\n");
  assert.equal(py.code, 0, py.stderr);
  const want = py.stdout.trimEnd().split("\n");
  values.forEach((v, i) => assert.equal(formatFloat(v), want[i], `value ${v}`));
  assert.equal(formatFloat(-0.25), "-0.25");
  assert.equal(formatFloat(Infinity), "inf");
});

Deno.test("ripserIntervals: H0 by death then essential; higher dims by decreasing birth, ratio", () => {
  assert.deepEqual(ripserIntervals([[0, Infinity], [0, 2], [0, 0], [0, 1]], 0), [
    [0, 1],
    [0, 2],
    [0, Infinity],
  ]);
  assert.deepEqual(ripserIntervals([[1, 1.1], [2, 5], [3, Infinity], [1.5, 4]], 1, 1.5), [
    [3, Infinity],
    [2, 5],
    [1.5, 4],
  ]);
  // equal births keep the order given (Ripser's column order), whatever the deaths
  assert.deepEqual(ripserIntervals([[1, 3], [1, 2], [2, 4], [1, Infinity]], 1), [
    [2, 4],
    [1, 3],
    [1, 2],
    [1, Infinity],
  ]);
});

Deno.test("parsePhInput reads all four formats into the same lower triangle", () => {
  const { lower, upper, full } = randomMatrixTexts(7, 3);
  const a = parsePhInput(lower, "lower-distance", "l");
  const b = parsePhInput(upper, "upper-distance", "u");
  const c = parsePhInput(full, "distance", "f");
  const d = parsePhInput(lower, "distance", "f2"); // strict lower triangle (blank first line)
  for (const x of [a, b, c, d]) assert.equal(x.kind, "matrix");
  if (a.kind !== "matrix" || b.kind !== "matrix" || c.kind !== "matrix" || d.kind !== "matrix") {
    return;
  }
  assert.equal(a.matrix.n, 7);
  assert.deepEqual(b.matrix.data, a.matrix.data);
  assert.deepEqual(c.matrix.data, a.matrix.data);
  assert.deepEqual(d.matrix.data, a.matrix.data);
});

Deno.test("ph prints exactly Ripser's lines on the same files", async () => {
  const cloud = await tempFile(randomCloudText(60, 3, 1));
  const cloud2 = await tempFile(randomCloudText(40, 5, 2));
  const { lower, upper, full } = randomMatrixTexts(35, 4);
  const lowerFile = await tempFile(lower), upperFile = await tempFile(upper);
  const fullFile = await tempFile(full);
  const grid = await tempFile(integerGridText(60, 3, 6, 5));
  const cases = [
    ["--format", "point-cloud", "--dim", "2", cloud],
    ["--format", "point-cloud", "--threshold", "0.6", "--dim", "2", cloud],
    ["--format", "point-cloud", "--ratio", "1.1", cloud2],
    ["--format", "lower-distance", "--dim", "2", lowerFile],
    ["--format", "upper-distance", upperFile],
    ["--format", "distance", "--threshold", "0.5", fullFile],
    [fullFile], // Ripser's default format
    // ties everywhere: intervals of equal birth must come in Ripser's order
    ["--format", "point-cloud", "--dim", "2", grid],
    ["--format", "point-cloud", "--dim", "3", "--threshold", "1.5", grid],
  ];
  await Promise.all(cases.map(async (args) => {
    const [mine, theirs] = await Promise.all([ours(args), run(RIPSER, args)]);
    assert.equal(theirs.code, 0, theirs.stderr);
    assert.equal(mine.code, 0, mine.stderr);
    const a = mine.stdout.split("\n"), b = theirs.stdout.split("\n");
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      assert.equal(a[i], b[i], `${args.join(" ")}: line ${i + 1}`);
    }
  }));
  // stdin, and --json with the same intervals.
  const viaStdin = await ours(["--format", "point-cloud"], randomCloudText(60, 3, 1));
  const fromFile = await ours(["--format", "point-cloud", cloud]);
  assert.equal(viaStdin.stdout, fromFile.stdout);
  const json = JSON.parse((await ours(["--format", "point-cloud", "--json", cloud])).stdout);
  assert.equal(json.schema, "nntopo/barcode@1");
  assert.equal(json.n, 60);
  const h1Lines = fromFile.stdout.split("persistence intervals in dim 1:\n")[1].trimEnd().split(
    "\n",
  );
  assert.equal(json.diagrams.H1.length, h1Lines.filter((l) => l.startsWith(" [")).length);
  assert.equal(json.diagrams.H0.at(-1)[1], null);
  const help = await ours(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--format[\s\S]*point-cloud[\s\S]*--json/);
  for (const f of [cloud, cloud2, lowerFile, upperFile, fullFile, grid]) await Deno.remove(f);
});

Deno.test("ph rejects bad input with a named error and a non-zero exit", async () => {
  const good = await tempFile("0 0\n1 0\n0 1\n");
  const cases: Array<[string[], string | undefined, RegExp]> = [
    [["--format", "point-cloud"], "0 0\n1 x\n", /<stdin>:2: field 2: expected a number, found "x"/],
    [["--format", "point-cloud"], "0 0\n1 2 3\n", /<stdin>:2: expected 2 coordinates.*found 3/],
    [["--format", "point-cloud"], "0 0\n1 NaN\n", /field 2: expected a finite number, found "NaN"/],
    [["--format", "point-cloud"], "0 0\ninf 1\n", /field 1: expected a finite number/],
    [["--format", "point-cloud"], "\n\n", /expected at least 1 point, found 0/],
    [["--format", "lower-distance"], "1\n2 3\n4\n", /expected n\(n−1\)\/2 entries.*found 4/],
    [["--format", "distance"], "0 1\n1 0 5\n", /:2: distance: expected 2 entries.*found 3/],
    [["--format", "lower-distance"], "1\n-2 3\n", /expected a distance ≥ 0, found -2/],
    [["--threshold", "-1", good], undefined, /--threshold: expected a number ≥ 0, found -1/],
    [["--dim", "-1", good], undefined, /--dim: expected an integer ≥ 0, found -1/],
    [["--dim", "two", good], undefined, /--dim: expected an integer, found "two"/],
    [["--threads", "0", good], undefined, /--threads: expected an integer ≥ 1, found 0/],
    [["--threads", "1.5", good], undefined, /--threads: expected an integer, found "1.5"/],
    [["--format", "dipha", good], undefined, /--format: expected one of .*found "dipha"/],
    [["--bogus", good], undefined, /Unknown option '--bogus'/],
    [["/nonexistent/file.txt"], undefined, /\/nonexistent\/file.txt: cannot read/],
    [["a.txt", "b.txt"], undefined, /expected at most one input file, found 2/],
  ];
  await Promise.all(cases.map(async ([args, stdin, message]) => {
    const r = await ours(args, stdin);
    assert.notEqual(r.code, 0, `${args.join(" ")} should fail`);
    assert.match(r.stderr, message);
    assert.equal(r.stdout, "");
  }));
  await Deno.remove(good);
});

/** A tiny input in `format`: n points (n ≤ 6) with small integer coordinates, ties likely. */
function tinyInputText(n: number, format: "point-cloud" | "lower-distance", seed: number) {
  const random = createRandom(seed);
  const pts = Array.from({ length: n }, () => [random.int(4), random.int(4), random.int(3)]);
  if (format === "point-cloud") return pts.map((p) => p.join(" ")).join("\n") + "\n";
  const rows: string[] = [];
  for (let i = 1; i < n; i++) {
    rows.push(
      Array.from({ length: i }, (_, j) => Math.hypot(...pts[i].map((x, k) => x - pts[j][k])))
        .map((v) => v.toFixed(3)).join(","),
    );
  }
  return rows.join("\n") + "\n";
}

Deno.test("ph prints Ripser's exact bytes on tiny inputs of 1 to 6 points at every --dim", async () => {
  if (!(await Deno.stat(RIPSER).then(() => true, () => false))) {
    console.warn(`ph_test: SKIPPED tiny inputs — ${RIPSER} is missing (Debian package ripser)`);
    assert.notEqual(Deno.env.get("CI"), "true", "CI must have the ripser oracle");
    return;
  }
  const { runPh } = await import("../../src/cli/ph.ts");
  let equal = 0, aborted = 0;
  for (let n = 1; n <= 6; n++) {
    for (const format of ["point-cloud", "lower-distance"] as const) {
      if (format === "lower-distance" && n === 1) continue; // an empty file: no points at all
      const file = await tempFile(tinyInputText(n, format, 100 * n + format.length));
      for (const dim of [0, 1, 2, 3, 5]) {
        const args = ["--format", format, "--dim", String(dim), file];
        const theirs = await new Deno.Command(RIPSER, { args, stderr: "null" }).output();
        const mine = (await runPh(args)).lines.join("\n") + "\n";
        const expected = new TextDecoder().decode(theirs.stdout);
        if (theirs.success) {
          assert.equal(mine, expected, `${args.join(" ")} (n = ${n})`);
          equal++;
        } else {
          // Ripser 1.2.1 aborts (SIGABRT, an assertion in its binomial table) on
          // one point and on many --dim 0 runs; what it printed before is ours too.
          assert.equal(theirs.signal, "SIGABRT", `${args.join(" ")}: ripser ${theirs.code}`);
          assert.ok(mine.startsWith(expected), `${args.join(" ")}: ripser printed\n${expected}`);
          aborted++;
        }
      }
      await Deno.remove(file);
    }
  }
  assert.ok(equal >= 30, `only ${equal} inputs where ripser ran to the end`);
  // One point: Ripser's header, then the one essential class, from the command itself.
  const one = await tempFile("0.5 2\n");
  const r = await ours(["--format", "point-cloud", "--dim", "3", one]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    "point cloud with 1 points in dimension 2\nvalue range: [inf,-inf]\n" +
      "distance matrix with 1 points, using threshold at enclosing radius 0\n" +
      "persistence intervals in dim 0:\n [0, )\n",
  );
  console.log(`ph tiny inputs: ${equal} byte-identical, ${aborted} where ripser aborted`);
});

Deno.test("ph --max-memory refuses a large computation naming the option; errors quote numbers as written", async () => {
  const cloud = await tempFile(randomCloudText(300, 3, 7));
  const refused = await ours([
    "--format",
    "point-cloud",
    "--dim",
    "3",
    "--max-memory",
    "1M",
    cloud,
  ]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /exceeds --max-memory 1 MiB .*raise --max-memory/);
  assert.doesNotMatch(refused.stderr, /maxMemoryBytes/);
  const fine = await ours(["--format", "point-cloud", "--dim", "1", "--max-memory", "2G", cloud]);
  assert.equal(fine.code, 0, fine.stderr);
  const bad = await ours(["--max-memory", "lots", cloud]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--max-memory: expected a size in bytes > 0.*found "lots"/);
  const negative = await ours(["--format", "lower-distance"], "0\n-0.4922\n");
  assert.equal(negative.code, 1);
  assert.match(negative.stderr, /<stdin>:2: field 1: expected a distance ≥ 0, found -0\.4922$/m);
  const threshold = await ours(["--threshold", "-1e-1", cloud]);
  assert.match(threshold.stderr, /--threshold: expected a number ≥ 0, found -1e-1/);
  await Deno.remove(cloud);
});
