/**
 * The training history of an imported network: `history.csv` or
 * `history.json` in its dump folder, turned into history.json rows.
 *
 * Both name per-epoch scores with the usual column names: `epoch` (epochs
 * trained: 0 = untrained), `loss`/`train_loss`, `accuracy`/`acc`/`train_accuracy`,
 * `val_loss`/`test_loss`, `val_accuracy`/`val_acc`/`test_accuracy`, and
 * optionally `rmse`/`train_rmse`, `val_rmse`/`test_rmse`. history.json is a
 * list of such records, or Keras's `history.history` (a dict of lists, epoch
 * i+1 at index i, unless it has an `epoch` list). A score not given is `null`.
 *
 * @module
 */

import type { HistoryRow } from "./network_files.ts";
import { DumpError } from "./dump_error.ts";

/** Per-epoch scores of an imported network. */
export type DumpHistory = HistoryRow[];

const COLUMNS: Record<string, [split: "train" | "test", score: "loss" | "accuracy" | "rmse"]> = {
  loss: ["train", "loss"],
  train_loss: ["train", "loss"],
  accuracy: ["train", "accuracy"],
  acc: ["train", "accuracy"],
  train_accuracy: ["train", "accuracy"],
  train_acc: ["train", "accuracy"],
  rmse: ["train", "rmse"],
  train_rmse: ["train", "rmse"],
  val_loss: ["test", "loss"],
  test_loss: ["test", "loss"],
  val_accuracy: ["test", "accuracy"],
  val_acc: ["test", "accuracy"],
  test_accuracy: ["test", "accuracy"],
  test_acc: ["test", "accuracy"],
  val_rmse: ["test", "rmse"],
  test_rmse: ["test", "rmse"],
};

/**
 * The history of a dump folder (history.csv, else history.json), or null
 * when it has neither; adds the file read to `files`.
 *
 * @example
 * ```ts
 * import { readHistory } from "./dump_history.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/history.json`, JSON.stringify({ loss: [0.9, 0.5], val_accuracy: [0.6, 0.8] }));
 * const rows = await readHistory(dir, []);
 * assert.deepEqual(rows![1], { epoch: 2, train: { loss: 0.5, accuracy: null, rmse: null }, test: { loss: null, accuracy: 0.8, rmse: null } });
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readHistory(dir: string, files: string[]): Promise<DumpHistory | null> {
  for (const name of ["history.csv", "history.json"]) {
    const file = `${dir}/${name}`;
    let text: string;
    try {
      text = await Deno.readTextFile(file);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) continue;
      throw error;
    }
    files.push(name);
    const records = name.endsWith(".csv") ? csvRecords(text, file) : jsonRecords(text, file);
    return records.map((r, i) => historyRow(r, i, file));
  }
  return null;
}

type Record_ = Record<string, number | null>;

function csvRecords(text: string, file: string): Record_[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length < 2) {
    throw historyError(file, "a header line and a row per epoch", `${lines.length} lines`);
  }
  const header = lines[0].split(",").map((h) => h.trim().replace(/^"|"$/g, ""));
  return lines.slice(1).map((line, r) => {
    const cells = line.split(",");
    if (cells.length !== header.length) {
      throw historyError(file, `${header.length} columns in row ${r + 2}`, `${cells.length}`);
    }
    return Object.fromEntries(
      header.map((h, c) => [h, cell(cells[c], file, `row ${r + 2}, column "${h}"`)]),
    );
  });
}

function cell(text: string, file: string, where: string): number | null {
  const t = text.trim();
  if (t === "" || /^(nan|none|null)$/i.test(t)) return null;
  const v = Number(t);
  if (Number.isNaN(v)) throw historyError(file, `a number at ${where}`, JSON.stringify(t));
  return v;
}

function jsonRecords(text: string, file: string): Record_[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw historyError(file, "JSON", (error as Error).message);
  }
  if (Array.isArray(json)) return json as Record_[];
  if (json !== null && typeof json === "object") {
    // Keras's history.history: a dict of equally long lists.
    const lists = Object.entries(json as Record<string, unknown>);
    const length = Array.isArray(lists[0]?.[1]) ? (lists[0][1] as unknown[]).length : -1;
    for (const [key, list] of lists) {
      if (!Array.isArray(list) || list.length !== length) {
        throw historyError(
          file,
          `field "${key}": a list of ${length} values`,
          JSON.stringify(list)?.slice(0, 60),
        );
      }
    }
    return Array.from(
      { length },
      (_, i) =>
        Object.fromEntries([
          ["epoch", i + 1],
          ...lists.map(([k, list]) => [k, (list as number[])[i]]),
        ]),
    );
  }
  throw historyError(file, "a list of per-epoch records or Keras's dict of lists", typeof json);
}

function historyRow(record: Record_, i: number, file: string): HistoryRow {
  const row: HistoryRow = {
    epoch: record.epoch as number,
    train: { loss: null, accuracy: null, rmse: null },
    test: { loss: null, accuracy: null, rmse: null },
  };
  if (!Number.isInteger(row.epoch) || row.epoch < 0) {
    throw historyError(file, `an integer "epoch" ≥ 0 in record ${i}`, JSON.stringify(record.epoch));
  }
  for (const [key, value] of Object.entries(record)) {
    const target = COLUMNS[key];
    if (!target || value === null || value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw historyError(
        file,
        `a finite number for "${key}" in record ${i}`,
        JSON.stringify(value),
      );
    }
    row[target[0]][target[1]] = value;
  }
  return row;
}

function historyError(file: string, expected: string, found: string): DumpError {
  return new DumpError(file, expected, found);
}
