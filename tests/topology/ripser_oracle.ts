/**
 * Run the Debian `ripser` (1.2.1) binary on a point cloud or a packed lower
 * distance matrix and parse its intervals: the oracle of the differential
 * tests.
 *
 * @module
 */

import type { PointCloud } from "../../src/data/point_cloud.ts";
import type { Diagram } from "../../src/topology/diagram.ts";

/** Path of the oracle binary. */
export const RIPSER = "/usr/bin/ripser";

/** Whether the oracle binary is installed. */
export function hasRipser(): boolean {
  try {
    return Deno.statSync(RIPSER).isFile;
  } catch {
    return false;
  }
}

/** Ripser input: a point cloud or a packed lower-triangular distance matrix. */
export type RipserInput = PointCloud | { lower: Float32Array; n: number };

/**
 * Intervals Ripser prints for `input` (values as printed: 6 significant
 * digits), diagrams H0..H<dim>.
 *
 * @example
 * ```ts ignore
 * import { runRipser } from "./ripser_oracle.ts";
 * const diagrams = await runRipser({ data: new Float32Array([0, 0, 1, 0]), n: 2, d: 2 }, 1);
 * ```
 */
export async function runRipser(
  input: RipserInput,
  dim: number,
  threshold?: number,
): Promise<Diagram[]> {
  const file = await Deno.makeTempFile({ suffix: ".txt" });
  try {
    const lines: string[] = [];
    let format: string;
    if ("lower" in input) {
      format = "lower-distance";
      let k = 0;
      for (let i = 1; i < input.n; i++) {
        const row: string[] = [];
        for (let j = 0; j < i; j++) row.push(String(input.lower[k++]));
        lines.push(row.join(","));
      }
      if (input.n === 1) lines.push("");
    } else {
      format = "point-cloud";
      for (let i = 0; i < input.n; i++) {
        lines.push(
          Array.from(input.data.subarray(i * input.d, (i + 1) * input.d), String).join(" "),
        );
      }
    }
    await Deno.writeTextFile(file, lines.join("\n") + "\n");
    // ripser 1.2.1 trips an assertion at --dim 0 (its binomial table is too
    // small): ask for dimension 1 and keep H0
    const args = ["--format", format, "--dim", String(Math.max(1, dim))];
    if (threshold !== undefined) args.push("--threshold", String(threshold));
    args.push(file);
    const { code, stdout, stderr } = await new Deno.Command(RIPSER, { args }).output();
    if (code !== 0) throw new Error(`ripser failed (${code}): ${new TextDecoder().decode(stderr)}`);
    return parseRipserOutput(new TextDecoder().decode(stdout), Math.max(1, dim)).slice(0, dim + 1);
  } finally {
    await Deno.remove(file);
  }
}

/**
 * Parse Ripser's standard output into diagrams H0..H<dim>.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseRipserOutput } from "./ripser_oracle.ts";
 * const d = parseRipserOutput("persistence intervals in dim 0:\n [0,1)\n [0, )\n", 0);
 * assert.equal(d[0].length, 2);
 * assert.equal(d[0][1][1], Infinity);
 * ```
 */
export function parseRipserOutput(text: string, dim: number): Diagram[] {
  const diagrams: Diagram[] = [];
  for (let k = 0; k <= dim; k++) diagrams.push([]);
  let current = -1;
  for (const line of text.split("\n")) {
    const header = line.match(/^persistence intervals in dim (\d+):/);
    if (header) {
      current = Number(header[1]);
      continue;
    }
    const interval = line.match(/^\s*\[([^,]+),\s*([^)]*)\)/);
    if (interval && current >= 0) {
      const death = interval[2].trim() === "" ? Infinity : Number(interval[2]);
      diagrams[current].push([Number(interval[1]), death]);
    }
  }
  return diagrams;
}

/** Round to the 6 significant digits Ripser prints. */
export function asPrinted(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : x;
}

/**
 * Compare two diagrams as multisets after rounding `ours` as Ripser prints
 * (unless `printed` is false);
 * returns a description of the first difference, or null.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { diagramDifference } from "./ripser_oracle.ts";
 * assert.equal(diagramDifference([[0, 1.0000001]], [[0, 1]]), null);
 * ```
 */
export function diagramDifference(
  ours: Diagram,
  theirs: Diagram,
  relative = 1e-6,
  printed = true,
): string | null {
  const sort = (d: Diagram) => d.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const a = sort(printed ? ours.map(([b, d]) => [asPrinted(b), asPrinted(d)]) : ours);
  const b = sort(theirs);
  if (a.length !== b.length) {
    return `${a.length} intervals vs ripser's ${b.length}: ours ${
      JSON.stringify(a.slice(0, 8))
    }… theirs ${JSON.stringify(b.slice(0, 8))}…`;
  }
  const close = (x: number, y: number) =>
    x === y || Math.abs(x - y) <= relative * Math.max(Math.abs(x), Math.abs(y));
  for (let i = 0; i < a.length; i++) {
    if (!close(a[i][0], b[i][0]) || !close(a[i][1], b[i][1])) {
      return `interval ${i}: ours [${a[i]}] vs ripser's [${b[i]}]`;
    }
  }
  return null;
}
