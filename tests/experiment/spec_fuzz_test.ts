/**
 * Fuzzing spec validation: seeded random deletions and type swaps of fields
 * of the shipped specs always give a SpecError naming the spec file and a
 * field related to the one changed (or no error when the change is harmless),
 * never a TypeError; with command-line overrides too.
 */

import assert from "node:assert/strict";
import { createRandom, type Random } from "../../src/data/random.ts";
import { SpecError } from "../../src/experiment/spec.ts";
import { checkedSpec } from "../../src/cli/experiment.ts";
import spheres from "../../experiments/spheres.ts";
import intersecting from "../../experiments/intersecting-spheres.ts";
import mnistHidden from "../../experiments/mnist-hidden.ts";

type Path = Array<string | number>;

/** Every path to a value inside `value` (the root excluded). */
function paths(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== "object" || value === null) return [];
  const out: Path[] = [];
  const entries = Array.isArray(value)
    ? value.map((v, i) => [i, v] as const)
    : Object.entries(value);
  for (const [key, child] of entries) {
    out.push([...prefix, key], ...paths(child, [...prefix, key]));
  }
  return out;
}

/** The field name validation uses for `path`: `networks[0].layers[2].units`. */
function fieldName(path: Path): string {
  return path.map((k, i) => typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`).join("");
}

/** A value of another type than `value`. */
function swapped(value: unknown, random: Random): unknown {
  const options: unknown[] = typeof value === "number"
    ? [String(value), [value], null, true]
    : typeof value === "string"
    ? [value.length, [value], { value }, null]
    : typeof value === "boolean"
    ? [String(value), 1, null]
    : Array.isArray(value)
    ? [{}, "list", value.length, null, value[0] ?? 0]
    : value === null
    ? [0, "null"]
    : [[], "object", 7, null, true];
  return options[random.int(options.length)];
}

/** Change `spec` at a random path: delete the field, or give it another type. */
function mutate(spec: unknown, random: Random): { spec: unknown; path: Path; how: string } {
  const copy = structuredClone(spec) as Record<string | number, unknown>;
  const all = paths(copy);
  const path = all[random.int(all.length)];
  const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>(
    (node, key) => node[key] as Record<string | number, unknown>,
    copy,
  );
  const key = path[path.length - 1];
  if (random.next() < 0.4) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
    return { spec: copy, path, how: "deleted" };
  }
  parent[key] = swapped(parent[key], random);
  return { spec: copy, path, how: `set to ${JSON.stringify(parent[key])}` };
}

const specs = [
  ["experiments/spheres.ts", spheres],
  ["experiments/intersecting-spheres.ts", intersecting],
  ["experiments/mnist-hidden.ts", mnistHidden],
] as const;

const overrideChoices = [{}, { epochs: 2 }, { points: 150 }, { epochs: 0, seed: 3 }, {
  dataAmount: { part: 1, parts: 2 },
}];

Deno.test("spec fuzz: 1,500 seeded deletions and type swaps give named errors, never a TypeError", () => {
  const random = createRandom(20261201);
  let refused = 0;
  for (let trial = 0; trial < 1500; trial++) {
    const [source, spec] = specs[trial % specs.length];
    const { spec: broken, path, how } = mutate(spec, random);
    const overrides = overrideChoices[random.int(overrideChoices.length)];
    const field = fieldName(path);
    const what = `trial ${trial}: ${source} with "${field}" ${how}, overrides ${
      JSON.stringify(overrides)
    }`;
    try {
      checkedSpec(broken, source, overrides);
    } catch (error) {
      refused++;
      assert.ok(error instanceof SpecError, `${what}: ${(error as Error).stack}`);
      assert.ok(error.message.startsWith(`${source}`), `${what}: ${error.message}`);
      const named = /: field "([^"]+)": expected .+, found .+/.exec(error.message)?.[1];
      assert.ok(named !== undefined, `${what}: no field named in ${error.message}`);
      // The field named is the one changed, inside it, or around it; a
      // deleted list element shifts the rest, so the list itself counts.
      const top = String(path[0]);
      const related = named === "(spec)" || named.startsWith(field) || field.startsWith(named) ||
        (named.startsWith(top) && how === "deleted") || named.startsWith(top);
      assert.ok(related, `${what}: names "${named}" in ${error.message}`);
    }
  }
  // Most changes break a required field; a few are harmless (an optional field deleted).
  assert.ok(refused > 1000, `only ${refused} of 1,500 changes were refused`);
});

Deno.test("spec fuzz: a missing section with an override names the section, not a TypeError", () => {
  for (const key of ["snapshots", "topology", "dataAmount", "networks", "dataset"] as const) {
    const broken = structuredClone(spheres) as unknown as Record<string, unknown>;
    delete broken[key];
    assert.throws(
      () => checkedSpec(broken, "experiments/x.ts", { epochs: 2, points: 150 }),
      (e: Error) =>
        e instanceof SpecError &&
        e.message.startsWith(`experiments/x.ts: field "${key}`) &&
        e.message.includes("found nothing (the field is missing)"),
    );
  }
  const units = structuredClone(spheres) as unknown as Record<string, never>;
  (units.networks as Array<{ layers: Array<{ units: unknown }> }>)[0].layers[1].units = "8";
  assert.throws(
    () => checkedSpec(units, "experiments/x.ts", {}),
    /experiments\/x\.ts: field "networks\[0\]\.layers\[1\]\.units": expected a positive integer, found "8" \(a string\)/,
  );
  for (const [field, value] of [["n", 0], ["d", 0], ["noise", -1], ["nosie", 0.5]] as const) {
    const source = structuredClone(spheres);
    (source.dataset.source as Record<string, unknown>)[field] = value;
    assert.throws(
      () => checkedSpec(source, "experiments/x.ts", {}),
      new RegExp(`experiments/x\\.ts: field "dataset\\.source\\.${field}": expected`),
    );
  }
});
