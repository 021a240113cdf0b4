/**
 * Resume that cannot be fooled: every file the runner commits is recorded
 * with its sha256, and `--resume` keeps only what still hashes to the record.
 *
 * - A network's work in progress lives in `<network>/.resume/`: the model of
 *   the latest snapshot epoch (with its optimizer state) and `checkpoint.json`,
 *   which records the spec's hash, the history so far, the model files' hashes
 *   and, for every committed snapshot, the hashes of its files
 *   (`.resume/epoch<k>.json`, `barcodes/epoch<k>/…`, `mapper/epoch<k>/…`).
 *   A snapshot is committed when checkpoint.json lists it.
 * - A finished network is recorded in the experiment's
 *   `.resume/network-<name>_DataAmount<n>.json` (every file of its folder and its hash),
 *   and once the run is complete, in `manifest.json`'s `files`.
 *
 * Anything missing, unreadable, corrupt or different is reported (the notice
 * names the file and the problem) and its unit is recomputed: a snapshot from
 * the checkpoint's model, a network from its start.
 *
 * @module
 */

import type * as tf from "@tensorflow/tfjs";
import type { EpochRecord } from "../nn/train.ts";
import { sha256Hex } from "../artifacts/hash.ts";
import { writeFileAtomic } from "../artifacts/atomic.ts";
import { loadModelFiles, saveModelFiles } from "../artifacts/tfjs_model_files.ts";
import type { NetworkPaths } from "../artifacts/layout.ts";
import { describeValue } from "../data/describe_value.ts";
import { type ArtifactRecord, parseArtifactJson, toArtifactJson } from "../artifacts/json.ts";

/** Files (paths relative to a folder) and the sha256 of each, as committed. */
export type FileLedger = Record<string, string>;

/** Reports what a resume found wrong and what it redoes. */
export type Notice = (message: string) => void;

/**
 * The sha256 of the exact bytes of every file in `paths` (relative to `root`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ledgerOf } from "./checkpoint.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "abc");
 * const ledger = await ledgerOf(dir, ["a.txt"]);
 * assert.equal(ledger["a.txt"], "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
 * ```
 */
export async function ledgerOf(root: string, paths: string[]): Promise<FileLedger> {
  const out: FileLedger = {};
  for (const p of [...paths].sort()) out[p] = await sha256Hex(await Deno.readFile(`${root}/${p}`));
  return out;
}

/**
 * Every file under `root/sub` (relative to `root`, sorted); hidden entries
 * (the resume state) only when `hidden`. A missing folder has none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { filesUnder } from "./checkpoint.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/x/.h`, { recursive: true });
 * await Deno.writeTextFile(`${dir}/x/a`, "");
 * await Deno.writeTextFile(`${dir}/x/.h/b`, "");
 * assert.deepEqual(await filesUnder(dir, "x"), ["x/a"]);
 * assert.deepEqual(await filesUnder(dir, "x", true), ["x/.h/b", "x/a"]);
 * ```
 */
export async function filesUnder(root: string, sub = "", hidden = false): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(rel ? `${root}/${rel}` : root));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return;
      throw e;
    }
    for (const entry of entries) {
      if (!hidden && entry.name.startsWith(".")) continue;
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory) await walk(path);
      else out.push(path);
    }
  };
  await walk(sub);
  return out.sort();
}

/**
 * What no longer matches `ledger`: each file missing, unreadable or hashing
 * differently, and (with `exact`) each file under `root` the ledger lacks.
 * Empty when everything matches.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ledgerOf, verifyLedger } from "./checkpoint.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "abc");
 * const ledger = await ledgerOf(dir, ["a.txt"]);
 * assert.deepEqual(await verifyLedger(dir, ledger), []);
 * await Deno.writeTextFile(`${dir}/a.txt`, "ab");
 * assert.match((await verifyLedger(dir, ledger))[0], /^a\.txt: 2 bytes whose sha256 differs/);
 * ```
 */
export async function verifyLedger(
  root: string,
  ledger: FileLedger,
  exact = false,
): Promise<string[]> {
  const problems: string[] = [];
  for (const [path, expected] of Object.entries(ledger)) {
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(`${root}/${path}`);
    } catch (e) {
      problems.push(
        `${path}: ${e instanceof Deno.errors.NotFound ? "missing" : `unreadable (${e})`}`,
      );
      continue;
    }
    if (await sha256Hex(bytes) !== expected) {
      problems.push(`${path}: ${bytes.length} bytes whose sha256 differs from the one committed`);
    }
  }
  if (exact) {
    for (const path of await filesUnder(root)) {
      if (!(path in ledger)) problems.push(`${path}: not among the committed files`);
    }
  }
  return problems;
}

/**
 * Remove what a killed atomic write leaves (`<file>.<pid>.tmp`) under `dir`;
 * returns the paths removed (relative to `dir`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { removeStrayTemporaries } from "./checkpoint.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.json.123.tmp`, "{");
 * assert.deepEqual(await removeStrayTemporaries(dir), ["a.json.123.tmp"]);
 * ```
 */
export async function removeStrayTemporaries(dir: string): Promise<string[]> {
  const removed = new Set<string>();
  for (const path of await filesUnder(dir, "", true)) {
    // A folder a killed removal had renamed (`<folder>.removing-<pid>`), or a temporary file.
    const doomed = /^(.*?\.removing-\d+)(\/|$)/.exec(path)?.[1] ??
      (/\.\d+\.tmp$/.test(path) ? path : undefined);
    if (doomed === undefined || removed.has(doomed)) continue;
    await Deno.remove(`${dir}/${doomed}`, { recursive: true });
    removed.add(doomed);
  }
  return [...removed];
}

/** A checkpoint read back and verified: where the network's run picks up. */
export interface ResumePoint<Snapshot> {
  /** The model at `epoch` with its optimizer state; undefined to retrain from epoch 0. */
  model?: tf.LayersModel;
  /** The epoch the model is at (0 when retraining). */
  epoch: number;
  /** The history up to `epoch`. */
  history: EpochRecord[];
  /** Committed snapshots that verified, by epoch. */
  snapshots: Map<number, Snapshot>;
}

/** checkpoint.json (nntopo/checkpoint@1), without its `schema` tag. */
type CheckpointJson = ArtifactRecord<"checkpoint">;

/**
 * A network's resume state: saves the model at snapshot epochs, commits
 * snapshots with the hashes of their files, and reads it all back verified.
 */
export class NetworkCheckpoint {
  #state: CheckpointJson;

  /**
   * @param paths the network's folders
   * @param specHash sha256 of the experiment spec's JSON
   */
  constructor(readonly paths: NetworkPaths, readonly specHash: string) {
    // Written only once `save` has set the epoch and the model.
    this.#state = {
      spec: specHash,
      epoch: 0,
      model: "checkpoint-epoch0",
      history: [],
      modelFiles: {},
      snapshots: {},
    };
  }

  /**
   * A snapshot may commit while training saves a later checkpoint: both
   * rewrite checkpoint.json, so each waits for the one before.
   */
  #serially(step: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(step);
    this.#queue = run.catch(() => {});
    return run;
  }

  #queue: Promise<void> = Promise.resolve();

  get #file(): string {
    return `${this.paths.resumeDir}/checkpoint.json`;
  }

  async #write(): Promise<void> {
    await writeFileAtomic(this.#file, toArtifactJson("checkpoint", this.#state, this.#file));
  }

  /**
   * Save the model (with its optimizer) at `epoch` and the history so far.
   * The model goes to a folder of its own, checkpoint.json (atomic) then
   * names it, then older folders go: a kill at any point leaves a
   * checkpoint.json naming complete, hashed files.
   */
  save(model: tf.LayersModel, history: EpochRecord[], epoch: number): Promise<void> {
    return this.#serially(() => this.#save(model, history, epoch));
  }

  async #save(model: tf.LayersModel, history: EpochRecord[], epoch: number): Promise<void> {
    const name = `checkpoint-epoch${epoch}`;
    const dir = `${this.paths.resumeDir}/${name}`;
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    await saveModelFiles(model, dir);
    const files = await filesUnder(this.paths.dir, `.resume/${name}`, true);
    this.#state = {
      ...this.#state,
      epoch,
      model: name,
      history: structuredClone(history),
      modelFiles: await ledgerOf(this.paths.dir, files),
    };
    await this.#write();
    for await (const entry of Deno.readDir(this.paths.resumeDir)) {
      if (entry.isDirectory && entry.name.startsWith("checkpoint-") && entry.name !== name) {
        await Deno.remove(`${this.paths.resumeDir}/${entry.name}`, { recursive: true });
      }
    }
  }

  /**
   * Commit snapshot `epoch`: write its record, then record the hashes of the
   * record and of every file the snapshot wrote.
   */
  commit(epoch: number, recordJson: string): Promise<void> {
    return this.#serially(() => this.#commit(epoch, recordJson));
  }

  async #commit(epoch: number, recordJson: string): Promise<void> {
    await writeFileAtomic(`${this.paths.resumeDir}/epoch${epoch}.json`, recordJson);
    const files = [
      `.resume/epoch${epoch}.json`,
      ...await filesUnder(this.paths.dir, `barcodes/epoch${epoch}`),
      ...await filesUnder(this.paths.dir, `mapper/epoch${epoch}`),
    ];
    this.#state.snapshots[epoch] = await ledgerOf(this.paths.dir, files);
    await this.#write();
  }

  /**
   * Read the checkpoint back, verifying every recorded file. A corrupt or
   * foreign checkpoint.json, or model files that do not verify, mean a
   * retrain from epoch 0; a snapshot that does not verify is dropped (and
   * redone); snapshot epochs (of `epochs`) before the checkpoint's epoch
   * that are not all committed and verified mean a retrain too (the model of
   * those epochs is gone: a snapshot's topology may still be computed when
   * training saves the next checkpoint). Returns null when there is no
   * checkpoint at all.
   */
  async resume<Snapshot>(
    readSnapshot: (path: string) => Promise<Snapshot>,
    notice: Notice,
    epochs: readonly number[],
  ): Promise<ResumePoint<Snapshot> | null> {
    let text: string;
    try {
      text = await Deno.readTextFile(this.#file);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return null;
      notice(`${this.#file}: unreadable (${e}); network redone from epoch 0`);
      return { epoch: 0, history: [], snapshots: new Map() };
    }
    let state: CheckpointJson;
    try {
      state = parseCheckpoint(text, this.specHash, this.#file);
    } catch (e) {
      notice(`${(e as Error).message}; network redone from epoch 0`);
      return { epoch: 0, history: [], snapshots: new Map() };
    }
    const snapshots = await this.#verifiedSnapshots(state, readSnapshot, notice);
    const model = await this.#verifiedModel(state, notice);
    const gap = epochs.find((k) => k < state.epoch && !snapshots.has(k));
    if (model === undefined || gap !== undefined) {
      if (gap !== undefined) {
        notice(
          `${this.paths.dir}: snapshot ${gap} is not committed and the checkpoint is of epoch ${state.epoch}; the network is retrained from epoch 0`,
        );
      }
      model?.dispose();
      this.#state = { ...this.#state, snapshots: pick(state.snapshots, snapshots) };
      return { epoch: 0, history: [], snapshots };
    }
    this.#state = { ...state, snapshots: pick(state.snapshots, snapshots) };
    return { model, epoch: state.epoch, history: state.history, snapshots };
  }

  async #verifiedSnapshots<Snapshot>(
    state: CheckpointJson,
    readSnapshot: (path: string) => Promise<Snapshot>,
    notice: Notice,
  ): Promise<Map<number, Snapshot>> {
    const kept = new Map<number, Snapshot>();
    for (const [k, ledger] of Object.entries(state.snapshots)) {
      const problems = await verifyLedger(this.paths.dir, ledger);
      if (problems.length === 0) {
        try {
          kept.set(Number(k), await readSnapshot(`${this.paths.resumeDir}/epoch${k}.json`));
          continue;
        } catch (e) {
          problems.push((e as Error).message);
        }
      }
      notice(`${named(this.paths.dir, problems)}; snapshot ${k} redone`);
    }
    return kept;
  }

  async #verifiedModel(
    state: CheckpointJson,
    notice: Notice,
  ): Promise<tf.LayersModel | undefined> {
    const problems = await verifyLedger(this.paths.dir, state.modelFiles);
    if (problems.length === 0) {
      try {
        return await loadModelFiles(`${this.paths.resumeDir}/${state.model}`);
      } catch (e) {
        problems.push((e as Error).message);
      }
    }
    notice(`${named(this.paths.dir, problems)}; the model of epoch ${state.epoch} is retrained`);
    return undefined;
  }
}

/** Problems with their paths made whole (those relative to `dir`). */
function named(dir: string, problems: string[]): string {
  return problems.map((p) => p.startsWith("/") ? p : `${dir}/${p}`).join("; ");
}

function pick<T>(ledgers: Record<string, FileLedger>, kept: Map<number, T>) {
  return Object.fromEntries(Object.entries(ledgers).filter(([k]) => kept.has(Number(k))));
}

/** checkpoint.json, checked against its schema, this run's spec and itself. */
function parseCheckpoint(text: string, specHash: string, file: string): CheckpointJson {
  const { schema: _, ...json } = parseArtifactJson(text, file, "checkpoint");
  if (json.spec !== specHash) {
    throw new Error(
      `${file}: $.spec: expected the sha256 of this run's spec, ${specHash}, found ${
        describeValue(json.spec)
      }`,
    );
  }
  if (json.model !== `checkpoint-epoch${json.epoch}`) {
    throw new Error(
      `${file}: $.model: expected "checkpoint-epoch${json.epoch}", found ${
        describeValue(json.model)
      }`,
    );
  }
  return json;
}

/** Where a finished network's record goes: the experiment's `.resume/network-<name>_DataAmount<n>.json`. */
function networkRecordPath(experimentDir: string, network: string): string {
  return `${experimentDir}/.resume/network-${network}.json`;
}

/**
 * Record a finished network: every file of its folder (the resume state
 * aside) and its sha256, with the spec's hash.
 */
export async function recordFinishedNetwork(
  experimentDir: string,
  network: string,
  paths: NetworkPaths,
  specHash: string,
): Promise<void> {
  const files = await ledgerOf(paths.dir, await filesUnder(paths.dir));
  const path = networkRecordPath(experimentDir, network);
  await writeFileAtomic(path, toArtifactJson("finished_network", { spec: specHash, files }, path));
}

/** Where {@linkcode verifyFinishedNetwork} finds what a finished network committed. */
export interface FinishedRecordSources {
  /** The experiment's folder. */
  experimentDir: string;
  /** The network's name. */
  network: string;
  /** The network's folders. */
  paths: NetworkPaths;
  /** sha256 of this run's spec. */
  specHash: string;
  /** `manifest.json`'s `files` (relative to the experiment folder), when the run had finished. */
  manifestFiles?: FileLedger;
}

/**
 * Whether a network finished and every one of its files still hashes to the
 * record (no file missing, changed or added). Problems are reported through
 * `notice`; false means the network must be recomputed from its start.
 */
export async function verifyFinishedNetwork(
  at: FinishedRecordSources,
  notice: Notice,
): Promise<boolean> {
  const source = networkRecordPath(at.experimentDir, at.network);
  let ledger: FileLedger | undefined;
  let from = source;
  let text: string | undefined;
  try {
    text = await Deno.readTextFile(source);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) notice(`${source}: unreadable (${e})`);
  }
  try {
    const json = text === undefined
      ? undefined
      : parseArtifactJson(text, source, "finished_network");
    if (json?.spec === at.specHash) ledger = json.files;
    else if (json) notice(`${source}: not a record of this spec's network; checking further`);
  } catch (e) {
    notice(`${(e as Error).message}; checking further`);
  }
  if (ledger === undefined && at.manifestFiles) {
    const prefix = at.paths.dir.slice(at.experimentDir.length + 1) + "/";
    const entries = Object.entries(at.manifestFiles).filter(([p]) => p.startsWith(prefix));
    if (entries.length > 0) {
      ledger = Object.fromEntries(entries.map(([p, h]) => [p.slice(prefix.length), h]));
      from = `${at.experimentDir}/manifest.json`;
    }
  }
  if (ledger === undefined) return false;
  const problems = await verifyLedger(at.paths.dir, ledger, true);
  if (problems.length === 0) return true;
  notice(
    `${named(at.paths.dir, problems)} (recorded in ${from}); network ${at.network} recomputed`,
  );
  return false;
}
