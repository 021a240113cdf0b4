/**
 * Sweep specs: an experiment (or several) × axes — data amount (n of N),
 * networks, seeds and hyperparameters — and their deterministic expansion into
 * runs. Every run is an ordinary {@linkcode ExperimentSpec} that the runner
 * executes unchanged, writing the single-run layout into its own `exp_*`
 * folder.
 *
 * @module
 */

import {
  applyOverrides,
  type ExperimentSpec,
  type NetworkSpec,
  SpecError,
  validateSpec,
} from "../experiment/spec.ts";
import type { SearchSpec } from "./search_spec.ts";

/** Hyperparameter axes: every combination of the listed values is one configuration. */
export interface HyperparameterAxes {
  /** Adam's learning rate of every network. */
  learningRate?: number[];
  /** Mini-batch size of every network. */
  batchSize?: number[];
  /** L1 kernel penalty of every hidden layer. */
  l1?: number[];
  /** L2 kernel penalty of every hidden layer. */
  l2?: number[];
  /** Training epochs (the snapshot schedule is cut as `--epochs` cuts it). */
  epochs?: number[];
}

/** One configuration: a value for some of the hyperparameters. */
export type HyperparameterConfig = { [K in keyof HyperparameterAxes]?: number };

/** A sweep: experiments × axes. */
export interface SweepSpec {
  /** Short name: results go to `<out>/sweeps/<name>/`. */
  name: string;
  /** One line for people. */
  title: string;
  /** What the sweep asks, for its page. */
  description: string;
  /** The experiments swept (each keeps its dataset and networks). */
  experiments: ExperimentSpec[];
  /** Train on each part 1..parts of `parts` (default: the experiment's own amount). */
  dataAmount?: { parts: number; part?: number[] };
  /** Keep only these networks (by name; default all of each experiment). */
  networks?: string[];
  /** Seeds (default: each experiment's own seed). */
  seeds?: number[];
  /** Hyperparameter grid of the topology runs (default: one configuration, the spec's). */
  hyperparameters?: HyperparameterAxes;
  /** A hyperparameter search before the runs; the runs use the configuration it picks. */
  search?: SearchSpec;
}

/** One run of a sweep: an experiment spec plus where it sits on the axes. */
export interface SweepRun {
  /** Unique, stable, file-name safe: the run's `exp_<id>` folder and record name. */
  id: string;
  /** Position in the expansion (shards slice by it). */
  index: number;
  /** The base experiment's name. */
  experiment: string;
  /**
   * The data amounts its networks train on, each n of N: every network of the
   * run once per amount, side by side in the run's `exp_*` folder.
   */
  dataAmounts: { part: number; parts: number }[];
  seed: number;
  /** Index of the configuration in the grid, and its values. */
  config: { index: number; values: HyperparameterConfig };
  /** The spec the runner executes. */
  spec: ExperimentSpec;
}

const AXES: (keyof HyperparameterAxes)[] = ["learningRate", "batchSize", "l1", "l2", "epochs"];

/**
 * Every configuration of a hyperparameter grid, in a fixed order (the last
 * axis varies fastest); one empty configuration when no axis is given.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hyperparameterGrid } from "./spec.ts";
 * const grid = hyperparameterGrid({ learningRate: [0.1, 0.01], batchSize: [32] });
 * assert.deepEqual(grid, [{ learningRate: 0.1, batchSize: 32 }, { learningRate: 0.01, batchSize: 32 }]);
 * assert.deepEqual(hyperparameterGrid(undefined), [{}]);
 * ```
 */
export function hyperparameterGrid(axes: HyperparameterAxes | undefined): HyperparameterConfig[] {
  let grid: HyperparameterConfig[] = [{}];
  for (const key of AXES) {
    const values = axes?.[key];
    if (!values || values.length === 0) continue;
    grid = grid.flatMap((config) => values.map((v) => ({ ...config, [key]: v })));
  }
  return grid;
}

/**
 * Apply a configuration to a network: learning rate and batch size to the
 * network, L1/L2 to every hidden layer's kernel.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { configureNetwork } from "./spec.ts";
 * const net = { name: "n", role: "good", layers: [{ units: 3 }, { units: 1 }] };
 * const c = configureNetwork(net, { learningRate: 0.01, l2: 1e-4 });
 * assert.equal(c.learningRate, 0.01);
 * assert.deepEqual(c.layers.map((l) => "l2" in l ? l.l2 : null), [1e-4, null]);
 * ```
 */
export function configureNetwork(net: NetworkSpec, config: HyperparameterConfig): NetworkSpec {
  const out: NetworkSpec = structuredClone(net);
  if (config.learningRate !== undefined) out.learningRate = config.learningRate;
  if (config.batchSize !== undefined) out.batchSize = config.batchSize;
  const last = out.layers.length - 1;
  out.layers = out.layers.map((layer, i) => {
    // Kernel penalties go on the hidden dense layers (conv and pooling layers have none).
    if (i === last || (layer.kind !== undefined && layer.kind !== "dense")) return layer;
    const l = { ...layer };
    if (config.l1 !== undefined) l.l1 = config.l1;
    if (config.l2 !== undefined) l.l2 = config.l2;
    return l;
  });
  return out;
}

/** Overrides of every run (`--epochs`, `--points`). */
export interface SweepOverrides {
  epochs?: number;
  points?: number;
}

/** What the expansion needs besides the spec. */
export interface ExpandOptions {
  overrides?: SweepOverrides;
  /** Configurations chosen by the search, per experiment and network name. */
  chosen?: Record<string, Record<string, HyperparameterConfig>>;
}

/**
 * Expand a sweep into runs, in a fixed order: experiment, configuration, seed.
 * A run trains every network on every data amount, so its `exp_*` folder
 * holds one `weights_graphs_<arch>_DataAmount<n>` folder per network and
 * amount, as in the repo-layout source. Run ids read `<experiment>_s<seed>`
 * (plus `_c<k>` when the grid has several configurations).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expandSweep } from "./spec.ts";
 * import spheres from "../../experiments/spheres.ts";
 * const runs = expandSweep({ name: "t", title: "", description: "", experiments: [spheres],
 *   dataAmount: { parts: 2 }, seeds: [0, 1] });
 * assert.deepEqual(runs.map((r) => r.id), ["spheres_s0", "spheres_s1"]);
 * assert.equal(runs[1].spec.name, "spheres_s1");
 * assert.deepEqual(runs[1].spec.networks.map((n) => `${n.name}@${n.dataAmount?.part}`), [
 *   "good_10-8-5-1@1", "bad_2-3-2-1@1", "good_10-8-5-1@2", "bad_2-3-2-1@2"]);
 * ```
 */
export function expandSweep(sweep: SweepSpec, options: ExpandOptions = {}): SweepRun[] {
  const grid = hyperparameterGrid(sweep.hyperparameters);
  const runs: SweepRun[] = [];
  for (const base of sweep.experiments) {
    const amounts = sweepAmounts(sweep, base);
    const seeds = sweep.seeds ?? [base.seed];
    grid.forEach((values, c) => {
      for (const seed of seeds) {
        const id = `${base.name}_s${seed}${grid.length > 1 ? `_c${c}` : ""}`;
        const spec = runSpec(base, { sweep, values, seed, amounts, id, options });
        runs.push({
          id,
          index: runs.length,
          experiment: base.name,
          dataAmounts: amounts,
          seed,
          config: { index: c, values },
          spec,
        });
      }
    });
  }
  return runs;
}

/** The amounts a sweep trains an experiment's networks on (default: the experiment's own). */
function sweepAmounts(sweep: SweepSpec, base: ExperimentSpec): { part: number; parts: number }[] {
  if (!sweep.dataAmount) return [base.dataAmount];
  const { parts } = sweep.dataAmount;
  const part = sweep.dataAmount.part ?? Array.from({ length: parts }, (_, i) => i + 1);
  return part.map((n) => ({ part: n, parts }));
}

interface RunSpecInput {
  sweep: SweepSpec;
  values: HyperparameterConfig;
  seed: number;
  amounts: { part: number; parts: number }[];
  id: string;
  options: ExpandOptions;
}

function runSpec(base: ExperimentSpec, input: RunSpecInput): ExperimentSpec {
  const { sweep, values, options, amounts } = input;
  const keep = sweep.networks;
  const chosen = options.chosen?.[base.name] ?? {};
  const configured = base.networks
    .filter((net) => !keep || keep.includes(net.name))
    .map((net) => configureNetwork(configureNetwork(net, chosen[net.name] ?? {}), values));
  // A data-amount sweep lists every network once per amount, amount by amount.
  const networks = sweep.dataAmount
    ? amounts.flatMap((dataAmount) => configured.map((net) => ({ ...net, dataAmount })))
    : configured;
  const epochs = options.overrides?.epochs ?? values.epochs;
  const spec = applyOverrides(
    { ...base, name: input.id, networks },
    {
      epochs,
      points: options.overrides?.points,
      seed: input.seed,
      dataAmount: amounts[amounts.length - 1],
    },
  );
  // The site marks each data amount's page with its own "· data n/N".
  spec.title = `${base.title} · seed ${input.seed}`;
  return spec;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * Check a sweep spec and every run it expands to; throw a {@linkcode SpecError}
 * naming `source` and the field.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { validateSweep } from "./spec.ts";
 * import spheres from "../../experiments/spheres.ts";
 * assert.throws(
 *   () => validateSweep({ name: "t", title: "", description: "", experiments: [spheres], seeds: [] }, "x.ts"),
 *   /x.ts: field "seeds": expected a non-empty list/,
 * );
 * ```
 */
export function validateSweep(sweep: SweepSpec, source: string): void {
  const fail = (field: string, expected: string, found: unknown): never => {
    throw new SpecError(
      `${source}: field "${field}": expected ${expected}, found ${JSON.stringify(found)}`,
    );
  };
  if (typeof sweep?.name !== "string" || !NAME.test(sweep.name)) {
    fail("name", "a name of letters, digits, '-', '_' or '.'", sweep?.name);
  }
  if (!Array.isArray(sweep.experiments) || sweep.experiments.length === 0) {
    fail("experiments", "a non-empty list of experiment specs", sweep.experiments);
  }
  sweep.experiments.forEach((e, i) => validateSpec(e, `${source} experiments[${i}]`));
  const names = sweep.experiments.map((e) => e.name);
  if (new Set(names).size !== names.length) fail("experiments", "distinct names", names);
  validateAxes(sweep, fail);
  const runs = expandSweep(sweep);
  for (const run of runs) {
    if (run.spec.networks.length === 0) {
      fail("networks", `names of networks of experiment "${run.experiment}"`, sweep.networks);
    }
    validateSpec(run.spec, `${source} run ${run.id}`);
  }
}

type Fail = (field: string, expected: string, found: unknown) => never;

function validateAxes(sweep: SweepSpec, fail: Fail): void {
  const list = (field: string, v: unknown, ok: (x: number) => boolean, what: string) => {
    if (v === undefined) return;
    if (!Array.isArray(v) || v.length === 0) fail(field, `a non-empty list of ${what}`, v);
    (v as number[]).forEach((x, i) => {
      if (typeof x !== "number" || !ok(x)) fail(`${field}[${i}]`, what, x);
    });
    if (new Set(v as number[]).size !== (v as number[]).length) fail(field, "distinct values", v);
  };
  const int = (min: number) => (x: number) => Number.isInteger(x) && x >= min;
  const da = sweep.dataAmount;
  if (da !== undefined) {
    if (!int(1)(da.parts)) fail("dataAmount.parts", "an integer ≥ 1", da.parts);
    list("dataAmount.part", da.part, (x) => int(1)(x) && x <= da.parts, `parts in 1..${da.parts}`);
  }
  list("seeds", sweep.seeds, int(0), "integers ≥ 0");
  const hp = sweep.hyperparameters ?? {};
  list("hyperparameters.learningRate", hp.learningRate, (x) => x > 0, "numbers > 0");
  list("hyperparameters.batchSize", hp.batchSize, int(1), "integers ≥ 1");
  list("hyperparameters.l1", hp.l1, (x) => x >= 0, "numbers ≥ 0");
  list("hyperparameters.l2", hp.l2, (x) => x >= 0, "numbers ≥ 0");
  list("hyperparameters.epochs", hp.epochs, int(1), "integers ≥ 1");
  if (sweep.networks !== undefined) {
    if (!Array.isArray(sweep.networks) || sweep.networks.length === 0) {
      fail("networks", "a non-empty list of network names", sweep.networks);
    }
  }
}
