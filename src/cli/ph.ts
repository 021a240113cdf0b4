/**
 * `deno task ph`: Vietoris–Rips persistence from the command line, a drop-in
 * for Ripser 1.2.1 — the same options, input formats and output lines.
 *
 * ```sh
 * deno task ph [--format distance|lower-distance|upper-distance|point-cloud]
 *              [--dim k] [--threshold t] [--ratio r] [--max-memory SIZE] [--threads N]
 *              [--json] [file]
 * ```
 *
 * Reads the file, or standard input when none is given. Bad input prints a
 * named error (source, line, field, expected, found) on stderr and exits 1;
 * bad options exit 2.
 *
 * @module
 */

import { parseArgs } from "node:util";
import type { DistanceMatrix } from "../geometry/distance_matrix.ts";
import { pairwiseDistances } from "../geometry/distances.ts";
import { type Barcode, vietorisRipsParallel } from "../topology/vietoris_rips.ts";
import { barcodeJson, ripserReport } from "./ph_format.ts";
import { parsePhInput, PH_FORMATS, type PhFormat, PhInputError } from "./ph_parse.ts";

const USAGE = `Usage: deno task ph [options] [filename]

Options:

  --help           print this screen
  --format         use the specified file format for the input. Options are:
                     lower-distance (lower triangular distance matrix)
                     upper-distance (upper triangular distance matrix)
                     distance       (full distance matrix, or its lower triangle; default)
                     point-cloud    (point cloud in Euclidean space)
  --dim <k>        compute persistent homology up to dimension k
  --threshold <t>  compute Rips complexes up to diameter t
  --ratio <r>      only show persistence pairs with death/birth ratio > r
  --max-memory <s> refuse inputs estimated to need more memory than s bytes
                   (suffix K, M, G or T for powers of 1024; default half the machine's memory)
  --threads <N>    threads for the distances, the apparent-pair searches and the
                   reduction (default: the number of cores; small inputs run on one)
  --json           print the barcode as JSON (schema nntopo/barcode@1)
  --cycles         with --json: a representative cycle for every H1 interval,
                     "cycles": {"H1": [[[i, j], …], …]} aligned with diagrams.H1
`;

const VALUE_OPTIONS = ["--format", "--dim", "--threshold", "--ratio", "--max-memory", "--threads"];

/** A bad command line: exit status 2. */
class UsageError extends Error {}

/** The options of one run, after checking. */
export interface PhOptions {
  /**
   * Input format. Default `"distance"`: what Ripser 1.2.1 actually does,
   * although its `--help` names lower-distance.
   */
  format: PhFormat;
  /** Highest homology dimension (default 1). */
  dim: number;
  /** Rips threshold, or undefined for the enclosing radius. */
  threshold?: number;
  /** Death/birth ratio filter for dimensions ≥ 1 (default 1). */
  ratio: number;
  /** Refuse inputs estimated above this many bytes (default: half the machine's memory). */
  maxMemoryBytes?: number;
  /** Threads for the apparent-pair searches (default: the number of cores). */
  threads: number;
  /** Print JSON instead of Ripser's lines. */
  json: boolean;
  /** Add a representative cycle per H1 interval to the JSON. */
  cycles: boolean;
  /** Input file, or undefined for stdin. */
  file?: string;
  /** `--help` was given. */
  help: boolean;
}

function numberOption(
  name: string,
  text: string | undefined,
  integer: boolean,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new UsageError(
      `option --${name}: expected ${integer ? "an integer" : "a finite number"}, found ${
        JSON.stringify(text)
      }`,
    );
  }
  return value;
}

const MEMORY_UNITS: Record<string, number> = {
  "": 1,
  K: 2 ** 10,
  M: 2 ** 20,
  G: 2 ** 30,
  T: 2 ** 40,
};

/** `--max-memory`: bytes, or a number with a K, M, G or T (binary) suffix. */
function memoryOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*$/i.exec(text);
  const bytes = match ? Number(match[1]) * MEMORY_UNITS[match[2].toUpperCase()] : NaN;
  if (!(bytes > 0) || !Number.isFinite(bytes)) {
    throw new UsageError(
      `option --max-memory: expected a size in bytes > 0, optionally with K, M, G or T ` +
        `(e.g. 512M, 8G), found ${JSON.stringify(text)}`,
    );
  }
  return bytes;
}

/**
 * Parse and check the command line (Ripser's options plus `--json`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parsePhArgs } from "./ph.ts";
 * const o = parsePhArgs(["--format", "point-cloud", "--dim", "2", "x.txt"]);
 * assert.equal(o.format, "point-cloud");
 * assert.equal(o.dim, 2);
 * assert.equal(o.file, "x.txt");
 * ```
 */
export function parsePhArgs(args: string[]): PhOptions {
  // Ripser takes `--dim -1` as a value; parseArgs would call it ambiguous.
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (VALUE_OPTIONS.includes(args[i]) && i + 1 < args.length) {
      joined.push(`${args[i]}=${args[++i]}`);
    } else joined.push(args[i]);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: joined,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string" },
        dim: { type: "string" },
        threshold: { type: "string" },
        ratio: { type: "string" },
        "max-memory": { type: "string" },
        threads: { type: "string" },
        json: { type: "boolean", default: false },
        cycles: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const format = (values.format ?? "distance") as PhFormat;
  if (!PH_FORMATS.includes(format)) {
    throw new UsageError(
      `option --format: expected one of ${PH_FORMATS.join(", ")}, found ${
        JSON.stringify(values.format)
      }`,
    );
  }
  const dim = numberOption("dim", values.dim, true) ?? 1;
  if (dim < 0) {
    throw new UsageError(`option --dim: expected an integer ≥ 0, found ${values.dim}`);
  }
  const threshold = numberOption("threshold", values.threshold, false);
  if (threshold !== undefined && threshold < 0) {
    throw new UsageError(`option --threshold: expected a number ≥ 0, found ${values.threshold}`);
  }
  const ratio = numberOption("ratio", values.ratio, false) ?? 1;
  const threads = numberOption("threads", values.threads, true) ?? navigator.hardwareConcurrency ??
    1;
  if (threads < 1) {
    throw new UsageError(`option --threads: expected an integer ≥ 1, found ${values.threads}`);
  }
  if (positionals.length > 1) {
    throw new UsageError(
      `expected at most one input file, found ${positionals.length}: ${positionals.join(" ")}`,
    );
  }
  if (values.cycles && !values.json) {
    throw new UsageError("option --cycles: expected --json too (cycles are printed in the JSON)");
  }
  if (values.cycles && dim < 1) {
    throw new UsageError(`option --cycles: expected --dim ≥ 1, found ${dim}`);
  }
  return {
    format,
    dim,
    threshold,
    ratio,
    maxMemoryBytes: memoryOption(values["max-memory"]),
    threads,
    json: values.json ?? false,
    cycles: values.cycles ?? false,
    file: positionals[0],
    help: values.help ?? false,
  };
}

/**
 * The barcode Ripser 1.2.1 reports: dimensions up to min(--dim, n − 2), as
 * Ripser caps them; one point has the one essential class (where Ripser
 * itself aborts after printing its header).
 */
async function ripserBarcode(
  lower: DistanceMatrix,
  options: PhOptions,
  onMemoryEstimate?: (bytes: number) => void,
): Promise<Barcode> {
  if (lower.n === 1) return { diagrams: [[[0, Infinity]]], threshold: 0, n: 1 };
  const maxDim = Math.min(options.dim, lower.n - 2);
  return await vietorisRipsParallel(lower, {
    threads: options.threads,
    maxDim,
    threshold: options.threshold,
    ripserOrder: true,
    cycles: options.cycles && maxDim >= 1,
    maxMemoryBytes: options.maxMemoryBytes,
    memoryLimitName: "--max-memory",
    onMemoryEstimate,
  });
}

async function readInput(file: string | undefined): Promise<string> {
  if (file === undefined) return await new Response(Deno.stdin.readable).text();
  try {
    return await Deno.readTextFile(file);
  } catch (error) {
    throw new PhInputError(`${file}: cannot read the input file: ${(error as Error).message}`);
  }
}

/** What one run of the command gives back. */
export interface PhRun {
  /** The lines to print. */
  lines: string[];
  /** Milliseconds spent computing distances and persistence. */
  computeMs: number;
  /** The engine's memory estimate in bytes (undefined where no estimate was made). */
  estimateBytes?: number;
}

/**
 * Run the command: returns the lines to print (Ripser's report, or one JSON
 * document) and the time spent computing persistence.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runPh } from "./ph.ts";
 * const f = await Deno.makeTempFile();
 * await Deno.writeTextFile(f, "1\n2 3\n"); // three points at distances 1, 2, 3
 * const { lines } = await runPh(["--format", "lower-distance", "--dim", "0", f]);
 * assert.equal(lines[0], "value range: [1,3]");
 * assert.deepEqual(lines.slice(3), [" [0,1)", " [0,2)", " [0, )"]);
 * ```
 */
export async function runPh(args: string[]): Promise<PhRun> {
  const options = parsePhArgs(args);
  if (options.help) return { lines: USAGE.trimEnd().split("\n"), computeMs: 0 };
  const source = options.file ?? "<stdin>";
  const input = parsePhInput(await readInput(options.file), options.format, source);
  const start = performance.now();
  const lower = input.kind === "cloud"
    ? await pairwiseDistances(input.cloud, {
      rounding: "ripser",
      threads: options.threads,
      cutoff: options.threshold,
    })
    : input.matrix;
  let estimateBytes: number | undefined;
  const barcode = await ripserBarcode(lower, options, (bytes) => estimateBytes = bytes);
  const computeMs = performance.now() - start;
  if (options.json) {
    return {
      lines: [JSON.stringify(barcodeJson(barcode, options.ratio))],
      computeMs,
      estimateBytes,
    };
  }
  const lines = ripserReport({
    format: options.format,
    n: lower.n,
    d: input.kind === "cloud" ? input.cloud.d : undefined,
    lower: lower.data,
    threshold: options.threshold,
    ratio: options.ratio,
  }, barcode);
  return { lines, computeMs, estimateBytes };
}

if (import.meta.main) {
  try {
    const { lines, computeMs, estimateBytes } = await runPh(Deno.args);
    await Deno.stdout.write(new TextEncoder().encode(lines.join("\n") + "\n"));
    if (Deno.env.get("NNTOPO_PH_TIMING")) {
      console.error(`compute_ms ${computeMs.toFixed(3)}`);
      if (estimateBytes !== undefined) console.error(`estimate_bytes ${estimateBytes}`);
    }
  } catch (error) {
    const name = error instanceof UsageError
      ? "usage error"
      : error instanceof PhInputError
      ? "input error"
      : (error as Error).name;
    console.error(`ph: ${name}: ${(error as Error).message}`);
    if (error instanceof UsageError) console.error("run with --help for the options");
    Deno.exit(error instanceof UsageError ? 2 : 1);
  }
}
