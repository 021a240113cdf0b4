/**
 * Merge a finished sweep: read every run's manifest and barcode evaluation and
 * write `sweep.json`, the table the sweep page plots — final accuracies, H0
 * and H1 lifetimes and normalised entropy at the first, middle and last layer,
 * and neural persistence, per run and network at the last snapshot. It holds
 * no timings, so the same sweep merges to the same bytes wherever its runs ran.
 *
 * @module
 */

import { readArtifactJson, writeArtifactJson } from "../artifacts/json.ts";
import { manifestPath, networkPaths } from "../artifacts/layout.ts";
import type { SweepRun, SweepSpec } from "./spec.ts";
import type { SweepPaths } from "./layout.ts";
import { runDir, type RunStatus } from "./records.ts";

/** The topology summaries taken at a layer. */
export const SUMMARY_METRICS = ["lifetimeMax", "lifetimeMean", "normalizedEntropy"] as const;

/** One network of one run, as sweep.json lists it. */
export interface SweepNetworkRow {
  name: string;
  role: string;
  epoch: number;
  train: { accuracy: number; loss: number };
  test: { accuracy: number; loss: number };
  /** Mean normalised neural persistence over the dense layers at the last snapshot. */
  neuralPersistence: number | null;
  /** Which layers are first, middle and last (0 = input). */
  layers: { first: number; middle: number; last: number };
  /** The split the summaries were computed on. */
  split: string;
  /** position → `H<d>` → metric → value. */
  topology: Record<string, Record<string, Record<string, number | null>>>;
}

/** One run, as sweep.json lists it. */
export interface SweepRunRow {
  id: string;
  experiment: string;
  dataset: string;
  dataAmount: { part: number; parts: number };
  seed: number;
  config: SweepRun["config"];
  /** The run's experiment folder, relative to the artifacts root. */
  dir: string;
  networks: SweepNetworkRow[];
}

/**
 * Read one run's results.
 */
export async function runRow(out: string, run: SweepRun): Promise<SweepRunRow> {
  const dir = runDir(out, run);
  const manifest = await readArtifactJson(manifestPath(dir), "manifest");
  const nets = manifest.networks as {
    name: string;
    role: string;
    layers: number[];
    final: { epoch: number; train: Scores; test: Scores };
  }[];
  const networks: SweepNetworkRow[] = [];
  for (const net of nets) {
    const paths = networkPaths(dir, net.name, run.dataAmount.part);
    const evaluation = await readArtifactJson(paths.barcodeEvaluation, "barcode_evaluation");
    networks.push(networkRow(net, evaluation, paths.barcodeEvaluation));
  }
  return {
    id: run.id,
    experiment: run.experiment,
    dataset: run.spec.dataset.name,
    dataAmount: run.dataAmount,
    seed: run.seed,
    config: run.config,
    dir: dir.slice(out.length + 1),
    networks,
  };
}

interface Scores {
  accuracy: number;
  loss: number;
}

function networkRow(
  net: {
    name: string;
    role: string;
    layers: number[];
    final: { epoch: number; train: Scores; test: Scores };
  },
  evaluation: Record<string, unknown>,
  source: string,
): SweepNetworkRow {
  const epochs = evaluation.epochs as Record<
    string,
    { layers: Record<string, Record<string, Record<string, Record<string, number | null>>>> }
  >;
  const last = Object.keys(epochs).map(Number).sort((a, b) => a - b).at(-1);
  if (last === undefined) {
    throw new Error(`${source}: field "epochs": expected a snapshot, found none`);
  }
  const layers = epochs[last].layers;
  const L = net.layers.length;
  const positions = { first: 0, middle: Math.round(L / 2), last: L };
  const splits = Object.keys(layers["0"] ?? {});
  const split = ["all", "test", "train"].find((s) => splits.includes(s)) ?? splits[0];
  const topology: SweepNetworkRow["topology"] = {};
  for (const [position, j] of Object.entries(positions)) {
    const byDim = layers[j]?.[split];
    if (!byDim) {
      throw new Error(
        `${source}: field "epochs.${last}.layers.${j}.${split}": expected metrics, found none`,
      );
    }
    topology[position] = {};
    for (const dim of ["H0", "H1"]) {
      const m = byDim[dim];
      if (!m) continue;
      topology[position][dim] = Object.fromEntries(
        SUMMARY_METRICS.map((k) => [k, typeof m[k] === "number" ? m[k] : null]),
      );
    }
  }
  const np = (evaluation.neuralPersistence as Record<string, { mean: number }> | undefined)?.[last];
  return {
    name: net.name,
    role: net.role,
    epoch: net.final.epoch,
    train: { accuracy: net.final.train.accuracy, loss: net.final.train.loss },
    test: { accuracy: net.final.test.accuracy, loss: net.final.test.loss },
    neuralPersistence: np?.mean ?? null,
    layers: positions,
    split,
    topology,
  };
}

/** What {@linkcode mergeSweep} needs. */
export interface MergeInput {
  sweep: SweepSpec;
  runs: SweepRun[];
  statuses: RunStatus[];
  out: string;
  paths: SweepPaths;
  /** The search's chosen configurations, when the sweep has a search. */
  chosen?: Record<string, Record<string, Record<string, number>>>;
}

/**
 * Write `sweep.json` from every run; refuse (naming them) when runs are not done.
 */
export async function mergeSweep(input: MergeInput): Promise<string> {
  const notDone = input.statuses.filter((s) => s.state !== "done");
  if (notDone.length > 0) {
    throw new Error(
      `${input.paths.merged}: expected every run done to merge, found ${notDone.length} not done: ${
        notDone.slice(0, 5).map((s) => `${s.run.id} (${s.state}${s.note ? `: ${s.note}` : ""})`)
          .join(", ")
      }${notDone.length > 5 ? ", …" : ""}`,
    );
  }
  const rows: SweepRunRow[] = [];
  for (const run of input.runs) rows.push(await runRow(input.out, run));
  const { sweep } = input;
  await writeArtifactJson(input.paths.merged, "sweep", {
    sweep: sweep.name,
    title: sweep.title,
    description: sweep.description,
    experiments: sweep.experiments.map((e) => e.name),
    search: input.chosen ?? null,
    runs: rows,
  });
  return input.paths.merged;
}
