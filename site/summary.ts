/**
 * The opening paragraph of an experiment page, computed from its artifacts:
 * final accuracies, and the longest bar of the highest homology dimension at
 * the last snapshot's deepest layer, network against network. Nothing here is
 * hard-coded: every number comes from the files.
 *
 * @module
 */

import type { ExperimentModel, NetworkModel } from "./data.ts";
import type { SnapshotBarcode } from "../src/artifacts/schema.ts";
import type { Split } from "../src/artifacts/layout.ts";
import { formatValue } from "../src/plots/format.ts";

/**
 * The longest finite lifetime in diagram `H<dim>` of a snapshot (0 when the
 * diagram is empty or missing).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { longestBar } from "./summary.ts";
 * const snap = { diagrams: { H1: [[0.2, 0.5], [0.1, null]] as Array<[number, number | null]> } };
 * assert.ok(Math.abs(longestBar(snap, 1) - 0.3) < 1e-12);
 * ```
 */
export function longestBar(snapshot: Pick<SnapshotBarcode, "diagrams">, dim: number): number {
  let best = 0;
  for (const [b, d] of snapshot.diagrams[`H${dim}`] ?? []) {
    if (d !== null) best = Math.max(best, d - b);
  }
  return best;
}

/**
 * The snapshot of `network` at epoch × layer × split, or undefined.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { snapshotOf } from "./summary.ts";
 * assert.equal(snapshotOf({ barcodes: null } as never, 0, 0, "all"), undefined);
 * ```
 */
export function snapshotOf(
  network: Pick<NetworkModel, "barcodes">,
  epoch: number,
  layer: number,
  split: Split,
): SnapshotBarcode | undefined {
  return network.barcodes?.epochs?.[String(epoch)]?.layers?.[String(layer)]?.[split];
}

/**
 * Sentences summarising an experiment, plain text (escape before inlining).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { experimentSummary } from "./summary.ts";
 * const lines = experimentSummary({
 *   manifest: { networks: [] }, networks: [], epochs: [], layers: [], splits: [], dims: [],
 * } as never);
 * assert.equal(lines.length, 1);
 * assert.ok(lines[0].includes("no networks"));
 * ```
 */
export function experimentSummary(experiment: ExperimentModel): string[] {
  const nets = experiment.networks;
  if (nets.length === 0) return ["This experiment lists no networks."];
  const lines: string[] = [];
  const finals = nets.flatMap((n) => {
    const { train, test } = n.manifest.final;
    return typeof test?.accuracy === "number" && typeof train?.accuracy === "number"
      ? [`${n.manifest.name} ${formatValue(test.accuracy)} (train ${formatValue(train.accuracy)})`]
      : [];
  });
  if (finals.length > 0) {
    const epoch = nets[0].manifest.final?.epoch;
    lines.push(
      `After ${epoch === undefined ? "training" : `epoch ${epoch}`}, test accuracy: ${
        finals.join(", ")
      }.`,
    );
  }
  const epoch = experiment.epochs.at(-1);
  const split: Split | undefined = experiment.splits.includes("all") ? "all" : experiment.splits[0];
  if (epoch === undefined || split === undefined || experiment.dims.length === 0) {
    lines.push("No barcodes were recorded.");
    return lines;
  }
  const longest = (n: NetworkModel, layer: number, dim: number) => {
    const snap = snapshotOf(n, epoch, layer, split);
    return snap ? longestBar(snap, dim) : undefined;
  };
  // The networks' own layers (the input, layer 0, is the same data for all of them).
  const own = experiment.layers.filter((j) => j > 0);
  const hasBars = (dim: number, j: number) => nets.some((n) => (longest(n, j, dim) ?? 0) > 0);
  // The highest dimension with a finite bar in some network layer, at the deepest such layer.
  const dim = [...experiment.dims].reverse().find((k) => own.some((j) => hasBars(k, j))) ??
    experiment.dims.at(-1)!;
  const layer = [...own].reverse().find((j) => hasBars(dim, j)) ?? experiment.layers.at(-1)!;
  const splitText = split === "all" ? "train+test" : split;
  const bars = nets.map((n) => ({ name: n.manifest.name, value: longest(n, layer, dim) }))
    .filter((b): b is { name: string; value: number } => b.value !== undefined);
  if (bars.length > 0) {
    const [first, ...rest] = bars;
    lines.push(
      `At epoch ${epoch}, layer ${layer} (${splitText}), ` +
        `the longest H${dim} bar of the ${first.name} network lives ${formatValue(first.value)}` +
        (rest.length > 0
          ? ` vs ${rest.map((b) => `${formatValue(b.value)} for the ${b.name} one`).join(", ")}.`
          : "."),
    );
  }
  // Where does each network hold its most persistent H<dim> feature (own layers, last epoch)?
  const peaks = nets.map((n) => {
    let best = { layer: -1, value: 0 };
    for (const j of own) {
      const value = longest(n, j, dim) ?? 0;
      if (value > best.value) best = { layer: j, value };
    }
    return { name: n.manifest.name, ...best };
  }).filter((p) => p.layer >= 0);
  if (peaks.length > 0) {
    lines.push(
      `Over the networks' own layers at that epoch, the longest H${dim} bar sits at ` +
        peaks.map((p) => `layer ${p.layer} for ${p.name} (${formatValue(p.value)})`).join(", ") +
        ".",
    );
  }
  if (experiment.layers.includes(0)) {
    const inputs = nets.map((n) => longest(n, 0, dim)).filter((v) => v !== undefined);
    if (inputs.length > 0 && inputs.every((v) => v === inputs[0])) {
      lines.push(`In the input (layer 0) it lives ${formatValue(inputs[0]!)}.`);
    }
  }
  return lines;
}
