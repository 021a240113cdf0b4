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
import { manifestPath, networkPaths, type Split } from "../artifacts/layout.ts";
import type {
  BarcodeEvaluationFile,
  ManifestNetwork,
  SweepNetworkRow,
  SweepRunRow,
} from "../artifacts/schema.ts";
import type { SweepRun, SweepSpec } from "./spec.ts";
import type { SweepPaths } from "./layout.ts";
import { runDir, type RunStatus } from "./records.ts";

/** The topology summaries taken at a layer. */
export const SUMMARY_METRICS = ["lifetimeMax", "lifetimeMean", "normalizedEntropy"] as const;

/** One network of one run, as sweep.json lists it. */
export type { SweepNetworkRow, SweepRunRow } from "../artifacts/schema.ts";

/**
 * Read one run's results.
 */
export async function runRow(out: string, run: SweepRun): Promise<SweepRunRow> {
  const dir = runDir(out, run);
  const manifest = await readArtifactJson(manifestPath(dir), "manifest");
  const networks: SweepNetworkRow[] = [];
  for (const net of manifest.networks) {
    const paths = networkPaths(dir, net.name, net.dataAmount.part);
    const evaluation = await readArtifactJson(paths.barcodeEvaluation, "barcode_evaluation");
    networks.push(networkRow(net, evaluation, paths.barcodeEvaluation));
  }
  return {
    id: run.id,
    experiment: run.experiment,
    dataset: run.spec.dataset.name,
    seed: run.seed,
    config: run.config,
    dir: dir.slice(out.length + 1),
    networks,
  };
}

/** A manifest's network whose scores are all there (a run's, not an import's). */
function finalScores(net: ManifestNetwork, source: string) {
  const { train, test } = net.final;
  const known = (x: number | null | undefined): x is number => typeof x === "number";
  if (!train || !test || ![train.accuracy, train.loss, test.accuracy, test.loss].every(known)) {
    throw new Error(
      `${source}: field "networks" (${net.name}).final: expected train and test scores, found ${
        JSON.stringify(net.final)
      }`,
    );
  }
  return {
    train: { accuracy: train.accuracy!, loss: train.loss! },
    test: { accuracy: test.accuracy!, loss: test.loss! },
  };
}

function networkRow(
  net: ManifestNetwork,
  evaluation: BarcodeEvaluationFile,
  source: string,
): SweepNetworkRow {
  const epochs = evaluation.epochs;
  const last = Object.keys(epochs).map(Number).sort((a, b) => a - b).at(-1);
  if (last === undefined) {
    throw new Error(`${source}: field "epochs": expected a snapshot, found none`);
  }
  const layers = epochs[last].layers;
  const L = net.layers.length;
  const positions = { first: 0, middle: Math.round(L / 2), last: L };
  const splits = Object.keys(layers["0"] ?? {});
  const split = ["all", "test", "train"].find((s) => splits.includes(s)) ?? splits[0];
  const summaries = (j: number) => {
    const byDim = layers[j]?.[split as Split];
    if (!byDim) {
      throw new Error(
        `${source}: field "epochs.${last}.layers.${j}.${split}": expected metrics, found none`,
      );
    }
    const row: Record<string, Record<string, number | null>> = {};
    for (const dim of ["H0", "H1"]) {
      const m = byDim[dim] as Record<string, unknown> | undefined;
      if (!m) continue;
      row[dim] = Object.fromEntries(
        SUMMARY_METRICS.map((k) => [k, typeof m[k] === "number" ? m[k] : null]),
      );
    }
    return row;
  };
  const topology = {
    first: summaries(positions.first),
    middle: summaries(positions.middle),
    last: summaries(positions.last),
  };
  const np = evaluation.neuralPersistence?.[last];
  return {
    name: net.name,
    role: net.role,
    dataAmount: net.dataAmount,
    epoch: net.final.epoch,
    ...finalScores(net, source),
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
