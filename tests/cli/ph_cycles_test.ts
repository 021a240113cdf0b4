import assert from "node:assert/strict";
import { createRandom } from "../../src/data/random.ts";

/** Points as rows of text, and the circles they were drawn around (centre, in-plane axes). */
interface Shape {
  text: string;
  points: number[][];
  circles: Array<{ centre: number[]; u: number[]; v: number[] }>;
}

function shapeText(points: number[][]): string {
  return points.map((p) => p.map((x) => x.toFixed(6)).join(" ")).join("\n") + "\n";
}

function noisyCircles(seed: number): Shape {
  const random = createRandom(seed);
  const points: number[][] = [];
  for (let i = 0; i < 80; i++) {
    const a = 2 * Math.PI * random.next();
    points.push([Math.cos(a) + 0.08 * random.normal(), Math.sin(a) + 0.08 * random.normal()]);
  }
  return { text: shapeText(points), points, circles: [{ centre: [0, 0], u: [1, 0], v: [0, 1] }] };
}

function twoCircles(seed: number): Shape {
  const random = createRandom(seed);
  const points: number[][] = [];
  const circles = [{ centre: [0, 0], r: 1 }, { centre: [3.5, 0.5], r: 0.8 }];
  for (const { centre, r } of circles) {
    for (let i = 0; i < 50; i++) {
      const a = 2 * Math.PI * random.next();
      points.push([
        centre[0] + r * Math.cos(a) + 0.04 * random.normal(),
        centre[1] + r * Math.sin(a) + 0.04 * random.normal(),
      ]);
    }
  }
  return {
    text: shapeText(points),
    points,
    circles: circles.map(({ centre }) => ({ centre, u: [1, 0], v: [0, 1] })),
  };
}

/** A circle in R^3 that waves up and down (z = 0.3 sin 3a), tilted out of the axes. */
function wavyCircle(seed: number): Shape {
  const random = createRandom(seed);
  const u = [1 / Math.SQRT2, 1 / Math.SQRT2, 0],
    v = [0, 0, 1],
    w = [1 / Math.SQRT2, -1 / Math.SQRT2, 0];
  const points: number[][] = [];
  for (let i = 0; i < 90; i++) {
    const a = 2 * Math.PI * random.next();
    const c = Math.cos(a), s = Math.sin(a), z = 0.3 * Math.sin(3 * a);
    points.push([0, 1, 2].map((k) => c * u[k] + s * v[k] + z * w[k] + 0.02 * random.normal()));
  }
  return { text: shapeText(points), points, circles: [{ centre: [0, 0, 0], u, v }] };
}

async function phJson(text: string) {
  const file = await Deno.makeTempFile({ suffix: ".txt" });
  await Deno.writeTextFile(file, text);
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "src/cli/ph.ts",
      "--format",
      "point-cloud",
      "--dim",
      "1",
      "--json",
      "--cycles",
      file,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  await Deno.remove(file);
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

/** Winding number of the cycle (in walk order) around the circle's centre, in its plane. */
function winding(points: number[][], cycle: number[][], circle: Shape["circles"][0]): number {
  const angle = (p: number[]) => {
    const x = p.map((c, k) => c - circle.centre[k]);
    const dot = (a: number[]) => a.reduce((s, ak, k) => s + ak * x[k], 0);
    return Math.atan2(dot(circle.v), dot(circle.u));
  };
  let turn = 0;
  for (const [i, j] of cycle) {
    const d = angle(points[j]) - angle(points[i]);
    turn += Math.atan2(Math.sin(d), Math.cos(d));
  }
  return turn / (2 * Math.PI);
}

function checkShape(name: string, shape: Shape, json: {
  diagrams: { H1: Array<[number, number | null]> };
  cycles: { H1: number[][][] };
}) {
  const h1 = json.diagrams.H1, cycles = json.cycles.H1;
  assert.equal(cycles.length, h1.length, `${name}: one cycle per H1 bar`);
  const dist = (i: number, j: number) =>
    Math.hypot(...shape.points[i].map((x, k) => x - shape.points[j][k]));
  h1.forEach(([birth], k) => {
    const degree = new Map<number, number>();
    for (const [i, j] of cycles[k]) {
      for (const x of [i, j]) degree.set(x, (degree.get(x) ?? 0) + 1);
    }
    assert.ok(cycles[k].length >= 3, `${name}: bar ${k} has a cycle`);
    assert.ok([...degree.values()].every((x) => x % 2 === 0), `${name}: bar ${k} closed`);
    const longest = Math.max(...cycles[k].map(([i, j]) => dist(i, j)));
    assert.ok(
      Math.abs(longest - birth) <= 1e-5 * birth,
      `${name}: bar ${k}: longest edge ${longest}, birth ${birth}`,
    );
  });
  // the longest bars, one per circle: each winds once around its own circle
  const length = (k: number) => (h1[k][1] ?? Infinity) - h1[k][0];
  const longest = h1.map((_, k) => k).sort((a, b) => length(b) - length(a))
    .slice(0, shape.circles.length);
  const wound = new Set<number>();
  for (const k of longest) {
    const turns = shape.circles.map((c) => Math.round(winding(shape.points, cycles[k], c)));
    const around = turns.findIndex((t) => Math.abs(t) === 1);
    assert.ok(around >= 0, `${name}: bar ${k} winds ${turns} times around the circles`);
    wound.add(around);
  }
  assert.equal(wound.size, shape.circles.length, `${name}: each circle has its longest bar`);
}

Deno.test("ph --json --cycles: noisy circles, two circles, a wavy circle in R^3", async () => {
  for (const seed of [1, 2, 3]) {
    for (
      const [name, make] of [["noisy circle", noisyCircles], ["two circles", twoCircles], [
        "wavy circle",
        wavyCircle,
      ]] as const
    ) {
      const shape = make(seed);
      checkShape(`${name} (seed ${seed})`, shape, await phJson(shape.text));
    }
  }
});

Deno.test("ph --cycles: asks for --json and --dim ≥ 1", async () => {
  for (const args of [["--cycles"], ["--json", "--cycles", "--dim", "0"]]) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "src/cli/ph.ts", ...args, "/dev/null"],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 2);
    assert.match(new TextDecoder().decode(out.stderr), /option --cycles: expected/);
  }
});
