/**
 * Checking an experiment spec as a whole before anything runs: every field,
 * the dataset's source options included, with errors naming the spec file,
 * the field's path, what was expected and what was found (with its type).
 * Whatever the spec holds (a missing part, a string for a number, null), the
 * answer is a {@linkcode SpecError}, never a TypeError from deep inside.
 *
 * @module
 */

import { describeValue } from "../data/describe_value.ts";
import { resolveModelSpec } from "../nn/spec.ts";
import type { ExperimentSpec } from "./spec.ts";

/**
 * A spec that failed validation; the message names the source and field.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SpecError } from "./validate_spec.ts";
 * assert.ok(new SpecError("x").name === "SpecError");
 * ```
 */
export class SpecError extends Error {
  override name = "SpecError";
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const NAME_TEXT = "a name of letters, digits, '-', '_' or '.'";
const SPLIT_NAMES = ["all", "train", "test"];
const METRICS = ["euclidean", "cosine", "correlation"];
const METHODS = ["kmeans", "umap", "tsne"];

/** The checks of one spec, each failing with a named {@linkcode SpecError}. */
class Checker {
  constructor(readonly source: string) {}

  fail(field: string, expected: string, found: unknown): never {
    throw new SpecError(
      `${this.source}: field "${field}": expected ${expected}, found ${describeValue(found)}`,
    );
  }

  object(field: string, value: unknown): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      this.fail(field, "an object", value);
    }
    return value as Record<string, unknown>;
  }

  array(field: string, value: unknown, what: string): unknown[] {
    if (!Array.isArray(value) || value.length === 0) this.fail(field, what, value);
    return value as unknown[];
  }

  integer(field: string, value: unknown, min: number, max = Infinity): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      this.fail(
        field,
        max === Infinity ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`,
        value,
      );
    }
    return value as number;
  }

  number(field: string, value: unknown, min = -Infinity): number {
    if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
      this.fail(field, min === -Infinity ? "a finite number" : `a finite number ≥ ${min}`, value);
    }
    return value as number;
  }

  name(field: string, value: unknown): string {
    if (typeof value !== "string" || !NAME.test(value)) this.fail(field, NAME_TEXT, value);
    return value as string;
  }

  string(field: string, value: unknown): string {
    if (typeof value !== "string") this.fail(field, "a string", value);
    return value as string;
  }

  oneOf(field: string, value: unknown, options: readonly string[]): string {
    if (typeof value !== "string" || !options.includes(value)) {
      this.fail(field, `one of ${options.join(", ")}`, value);
    }
    return value as string;
  }

  optional<T>(value: T | undefined, check: (v: T) => unknown): void {
    if (value !== undefined) check(value);
  }
}

/**
 * Check a spec; throw a {@linkcode SpecError} naming `source`, the field, what
 * was expected and what was found.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { validateSpec } from "./validate_spec.ts";
 * assert.throws(
 *   () => validateSpec({ name: "x" } as never, "experiments/x.ts"),
 *   /experiments\/x\.ts: field "title": expected a string, found nothing/,
 * );
 * ```
 */
export function validateSpec(spec: ExperimentSpec, source: string): void {
  const c = new Checker(source);
  const s = c.object("(spec)", spec);
  c.name("name", s.name);
  c.string("title", s.title);
  c.string("description", s.description);
  const dataset = c.object("dataset", s.dataset);
  c.name("dataset.name", dataset.name);
  checkSource(c, c.object("dataset.source", dataset.source));
  if (typeof s.testFraction !== "number" || !(s.testFraction > 0 && s.testFraction < 1)) {
    c.fail("testFraction", "a number in (0, 1)", s.testFraction);
  }
  const amount = c.object("dataAmount", s.dataAmount);
  const parts = c.integer("dataAmount.parts", amount.parts, 1);
  const part = c.integer("dataAmount.part", amount.part, 1, parts);
  checkNetworks(c, c.array("networks", s.networks, "a non-empty list of networks"), part);
  const epochs = c.integer("epochs", s.epochs, 0);
  checkSnapshots(c, c.array("snapshots", s.snapshots, "a non-empty list of epochs"), epochs);
  checkTopology(c, c.object("topology", s.topology));
  c.integer("seed", s.seed, 0);
  if (s.mapper !== undefined) checkMapper(c, c.object("mapper", s.mapper), spec);
  if (s.filters !== undefined) checkFilters(c, c.object("filters", s.filters), spec);
}

function checkFilters(c: Checker, f: Record<string, unknown>, spec: ExperimentSpec): void {
  const layer = f.layer === undefined ? 1 : c.integer("filters.layer", f.layer, 1);
  c.optional(f.k, (v) => c.integer("filters.k", v, 1));
  c.optional(f.poolSeeds, (v) => c.integer("filters.poolSeeds", v, 0));
  c.optional(f.intervals, (v) => c.integer("filters.intervals", v, 1));
  c.optional(f.p, (v) => {
    if (typeof v !== "number" || !(v > 0 && v <= 1)) c.fail("filters.p", "a fraction in (0, 1]", v);
  });
  c.optional(f.overlap, (v) => {
    if (typeof v !== "number" || !(v >= 0 && v < 1)) {
      c.fail("filters.overlap", "a number in [0, 1)", v);
    }
  });
  spec.networks.forEach((net, i) => {
    const kind = net.layers[layer - 1]?.kind ?? "dense";
    if (kind !== "conv2d") {
      c.fail(
        `networks[${i}].layers[${layer - 1}]`,
        `a conv2d layer (filters.layer = ${layer})`,
        kind,
      );
    }
  });
}

const SOURCE_FIELDS: Record<string, string[]> = {
  "concentric-spheres": ["d", "n", "r1", "r2", "noise"],
  "intersecting-spheres": ["d", "n", "r1", "r2", "noise", "offset"],
  "mnist": ["n", "standardize"],
  "fashion-mnist": ["dir", "n", "standardize"],
  "cifar10": ["dir", "n", "standardize"],
  "table": ["path", "labels", "label", "standardize"],
};

function checkSource(c: Checker, source: Record<string, unknown>): void {
  const kind = c.oneOf("dataset.source.kind", source.kind, Object.keys(SOURCE_FIELDS));
  const known = SOURCE_FIELDS[kind];
  for (const key of Object.keys(source)) {
    if (key !== "kind" && !known.includes(key)) {
      c.fail(
        `dataset.source.${key}`,
        `no such field (a ${kind} source has ${known.join(", ")})`,
        source[key],
      );
    }
  }
  const at = (key: string) => `dataset.source.${key}`;
  c.optional(source.d, (v) => c.integer(at("d"), v, 1));
  c.optional(source.n, (v) => c.integer(at("n"), v, 2, kind === "mnist" ? 10_000 : Infinity));
  for (const key of ["r1", "r2", "noise"]) c.optional(source[key], (v) => c.number(at(key), v, 0));
  c.optional(source.offset, (v) => c.number(at("offset"), v));
  c.optional(source.standardize, (v) => {
    if (typeof v !== "boolean") c.fail(at("standardize"), "true or false", v);
  });
  c.optional(source.dir, (v) => c.string(at("dir"), v));
  if (kind === "cifar10") c.string(at("dir"), source.dir);
  if (kind === "table" && !/\.(csv|npy)$/.test(String(source.path))) {
    c.fail(at("path"), "a .csv or .npy file", source.path);
  }
  c.optional(source.labels, (v) => c.string(at("labels"), v));
}

function checkNetworks(c: Checker, networks: unknown[], defaultPart: number): void {
  const names = new Set<string>();
  networks.forEach((value, i) => {
    const at = `networks[${i}]`;
    const net = c.object(at, value);
    const name = c.name(`${at}.name`, net.name);
    const part = checkNetworkAmount(c, at, net.dataAmount) ?? defaultPart;
    // One folder per network and data amount: weights_graphs_<name>_DataAmount<part>.
    const key = `${name}_DataAmount${part}`;
    if (names.has(key)) {
      c.fail(`${at}.name`, "a name not used by another network of the same data amount", name);
    }
    names.add(key);
    c.string(`${at}.role`, net.role);
    c.array(`${at}.layers`, net.layers, "a non-empty list of layers");
    try {
      resolveModelSpec(net as never);
    } catch (error) {
      // resolveModelSpec names the field within the network: make it the spec's path.
      const message = (error as Error).message
        .replace(/^model spec "[^"]*": field "/, `field "${at}.`);
      throw new SpecError(`${c.source}: ${message}`);
    }
  });
}

function checkNetworkAmount(c: Checker, at: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const amount = c.object(`${at}.dataAmount`, value);
  const parts = c.integer(`${at}.dataAmount.parts`, amount.parts, 1);
  return c.integer(`${at}.dataAmount.part`, amount.part, 1, parts);
}

function checkSnapshots(c: Checker, snapshots: unknown[], epochs: number): void {
  snapshots.forEach((k, i) => {
    const epoch = c.integer(`snapshots[${i}]`, k, 0);
    if (epoch > epochs) c.fail(`snapshots[${i}]`, `an epoch ≤ epochs = ${epochs}`, k);
    if (i > 0 && epoch <= (snapshots[i - 1] as number)) {
      c.fail(`snapshots[${i}]`, `an epoch after snapshots[${i - 1}] = ${snapshots[i - 1]}`, k);
    }
  });
}

function checkTopology(c: Checker, topology: Record<string, unknown>): void {
  c.integer("topology.maxDim", topology.maxDim, 0);
  c.integer("topology.points", topology.points, 2);
  c.optional(topology.cycles, (v) => c.integer("topology.cycles", v, 0));
  const splits = c.array(
    "topology.splits",
    topology.splits,
    `a non-empty list of ${SPLIT_NAMES.join(", ")}`,
  );
  splits.forEach((split, i) => c.oneOf(`topology.splits[${i}]`, split, SPLIT_NAMES));
  c.oneOf("topology.metric", topology.metric, METRICS);
  c.optional(
    topology.backend,
    (v) => c.oneOf("topology.backend", v, ["auto", "webgpu", "webasm", "cpu", "plain"]),
  );
}

function checkMapper(c: Checker, m: Record<string, unknown>, spec: ExperimentSpec): void {
  c.optional(m.epochs, (v) => c.oneOf("mapper.epochs", v, ["last", "all"]));
  c.optional(m.split, (v) => c.oneOf("mapper.split", v, ["train", "test"]));
  const depth = Math.min(...spec.networks.map((net) => net.layers.length));
  c.optional(m.layer, (v) => {
    if (c.integer("mapper.layer", v, 0) > depth) {
      c.fail("mapper.layer", `a layer ≤ ${depth} (every network's depth)`, v);
    }
  });
  c.optional(m.attributionLayer, (v) => {
    if (c.integer("mapper.attributionLayer", v, 1) > depth) {
      c.fail("mapper.attributionLayer", `a layer ≤ ${depth}`, v);
    }
  });
  c.optional(m.transform, (v) => c.oneOf("mapper.transform", v, ["softmax"]));
  const lenses = Array.isArray(m.lens) ? m.lens : [m.lens];
  if (
    lenses.length === 0 ||
    lenses.some((l) => typeof l !== "string" && (typeof l !== "object" || l === null))
  ) {
    c.fail("mapper.lens", "a named lens or a non-empty list of them", m.lens);
  }
  c.integer("mapper.intervals", m.intervals, 1);
  if (typeof m.overlap !== "number" || !(m.overlap >= 0 && m.overlap < 1)) {
    c.fail("mapper.overlap", "a number in [0, 1)", m.overlap);
  }
  if (!Array.isArray(m.methods)) {
    c.fail("mapper.methods", `a list of ${METHODS.join(", ")}`, m.methods);
  }
  (m.methods as unknown[]).forEach((method, i) => c.oneOf(`mapper.methods[${i}]`, method, METHODS));
  c.integer("mapper.k", m.k, 1);
  c.integer("mapper.top", m.top, 1);
}
