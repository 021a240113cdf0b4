/**
 * The closing summary table of `deno task experiment`.
 *
 * @module
 */

import type { ExperimentResult } from "../experiment/run.ts";

/**
 * One row per network: final train/test accuracy and wall time per stage.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatSummary } from "./summary.ts";
 * const table = formatSummary([{
 *   experiment: "x", dir: "results/x", networks: [{
 *     name: "good", role: "good", epoch: 1, trainAccuracy: 1, testAccuracy: 0.9,
 *     seconds: { training: 1, topology: 2, artifacts: 0.5 },
 *   }],
 * }]);
 * assert.ok(table.includes("good"));
 * ```
 */
export function formatSummary(results: ExperimentResult[]): string {
  const header = [
    "experiment",
    "network",
    "role",
    "epoch",
    "train acc",
    "test acc",
    "train s",
    "topology s",
    "artifacts s",
  ];
  const rows: string[][] = [];
  for (const r of results) {
    for (const n of r.networks) {
      rows.push([
        r.experiment,
        n.name,
        n.role,
        String(n.epoch),
        n.trainAccuracy.toFixed(4),
        n.testAccuracy.toFixed(4),
        n.seconds.training.toFixed(1),
        n.seconds.topology.toFixed(1),
        n.seconds.artifacts.toFixed(1),
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i >= 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ");
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
  for (const r of results) out.push(`artifacts: ${r.dir}`);
  return out.join("\n");
}
