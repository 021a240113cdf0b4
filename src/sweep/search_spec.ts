/**
 * What a hyperparameter search declares (the repo-layout source's "getting
 * optimal NN hyperparameters" step), and its checks.
 *
 * @module
 */

import { SpecError } from "../experiment/spec.ts";

/** The values a search tries, per hyperparameter (the grid is their product). */
export interface SearchSpace {
  learningRate?: number[];
  batchSize?: number[];
  l1?: number[];
  l2?: number[];
}

/** A grid or seeded random search, scored on a validation split of the training set. */
export interface SearchSpec {
  /** `grid`: every combination; `random`: `samples` of them, drawn with `seed`. */
  method: "grid" | "random";
  space: SearchSpace;
  /** Configurations a random search tries. */
  samples?: number;
  /** Seed of the random draw and of every candidate's training (default 0). */
  seed?: number;
  /** Share of the training set held out for scoring (default 0.2); the test set is never used. */
  validationFraction?: number;
  /** Most epochs a candidate trains. */
  epochs: number;
  /** Stop a candidate after `patience` epochs without a validation-loss gain above `minDelta`. */
  earlyStopping?: { patience: number; minDelta?: number };
  /** Search these networks only (default all). */
  networks?: string[];
}

/**
 * Check a search spec; throw a {@linkcode SpecError} naming the field.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { validateSearch } from "./search_spec.ts";
 * assert.throws(
 *   () => validateSearch({ method: "random", space: { learningRate: [0.1] }, epochs: 2 }, "s.ts"),
 *   /s.ts: field "search.samples"/,
 * );
 * ```
 */
export function validateSearch(search: SearchSpec, source: string): void {
  const fail = (field: string, expected: string, found: unknown): never => {
    throw new SpecError(
      `${source}: field "search.${field}": expected ${expected}, found ${JSON.stringify(found)}`,
    );
  };
  if (search.method !== "grid" && search.method !== "random") {
    fail("method", `"grid" or "random"`, search.method);
  }
  const space = search.space ?? {};
  const keys = Object.keys(space);
  const known = ["learningRate", "batchSize", "l1", "l2"];
  if (keys.length === 0) fail("space", `values for some of ${known.join(", ")}`, space);
  for (const key of keys) {
    if (!known.includes(key)) fail(`space.${key}`, `one of ${known.join(", ")}`, key);
    const values = (space as Record<string, unknown>)[key];
    if (!Array.isArray(values) || values.length === 0 || values.some((v) => !(v >= 0))) {
      fail(`space.${key}`, "a non-empty list of numbers ≥ 0", values);
    }
  }
  if (search.method === "random" && !(Number.isInteger(search.samples) && search.samples! >= 1)) {
    fail("samples", "an integer ≥ 1 for a random search", search.samples);
  }
  const vf = search.validationFraction ?? 0.2;
  if (!(vf > 0 && vf < 1)) fail("validationFraction", "a number in (0, 1)", vf);
  if (!(Number.isInteger(search.epochs) && search.epochs >= 1)) {
    fail("epochs", "an integer ≥ 1", search.epochs);
  }
  const es = search.earlyStopping;
  if (es !== undefined && !(Number.isInteger(es.patience) && es.patience >= 1)) {
    fail("earlyStopping.patience", "an integer ≥ 1", es.patience);
  }
}
