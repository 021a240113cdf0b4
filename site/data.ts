/**
 * The site's data step: find every experiment folder under an artifacts root
 * (every `manifest.json`), read its JSON artifacts and return plain page
 * models. No markup and no charts here — templates and charts read these.
 *
 * @module
 */

import { type ArtifactFile, readArtifactJson } from "../src/artifacts/json.ts";
import { type Split, SPLITS } from "../src/artifacts/layout.ts";
import type {
  AttributionFile,
  AttributionMethod,
  BarcodeDataFile,
  BarcodeEvaluationFile,
  CyclesFile,
  FilterMapperFile,
  FilterTopologyFile,
  HistoryFile,
  ManifestFile,
  ManifestNetwork,
  MapperFile,
} from "../src/artifacts/schema.ts";

/** One Mapper graph file of a network (nntopo/mapper@1). */
export interface MapperModel {
  /** Snapshot epoch (from the folder name `epoch<k>`). */
  epoch: number;
  /** File stem, e.g. `layer3`. */
  name: string;
  /** The graph as the runner wrote it: positioned nodes, links as id pairs. */
  graph: MapperFile;
}

/** One clustering method of `attribution.json`, with its key and picture file. */
export interface AttributionMethodModel extends AttributionMethod {
  /** The method's key (`mapper`, `kmeans`, `umap`, `tsne`). */
  key: string;
  /** The weight-picture PNG written next to the JSON, when present (path on disk). */
  weightsPng?: string;
}

/** `mapper/epoch<k>/attribution/attribution.json` of a network (nntopo/attribution@1). */
export interface AttributionModel extends Omit<AttributionFile, "methods"> {
  /** The methods in the file's order. */
  methods: AttributionMethodModel[];
}

/** One network of an experiment with everything read from its folder. */
export interface NetworkModel {
  /** The manifest's entry. */
  manifest: ManifestNetwork;
  /** The network folder (absolute or relative to the cwd). */
  dir: string;
  /** `history.json`, or null when missing. */
  history: HistoryFile | null;
  /** `barcodes/barcode_data.json`, or null when missing. */
  barcodes: BarcodeDataFile | null;
  /** `barcodes/barcode_evaluation.json`, or null when missing. */
  evaluation: BarcodeEvaluationFile | null;
  /** `barcodes/cycles.json` (cycles of the longest H1 bars), or null when missing. */
  cycles: CyclesFile | null;
  /** Mapper graphs, sorted by epoch then name. */
  mapper: MapperModel[];
  /** Neuron attribution per snapshot epoch, ascending. */
  attribution: AttributionModel[];
  /** `filters/filter_topology.json` and `filters/filter_mapper.json`, or null when missing. */
  filters: FilterModel | null;
}

/** The filter topology of one network. */
export interface FilterModel {
  /** The studied layer. */
  layer: number;
  /** Density-filtration neighbour. */
  k: number;
  /** Fraction kept. */
  p: number;
  /** Networks pooled. */
  seeds: number;
  /** Per snapshot epoch. */
  epochs: FilterTopologyFile["epochs"];
  /** Mapper graph per snapshot epoch (empty when the file is missing). */
  mapper: FilterMapperFile["epochs"];
}

/** One experiment folder. */
export interface ExperimentModel {
  /** URL-safe, unique folder name of the experiment's page. */
  slug: string;
  /** The experiment folder (absolute or relative to the cwd), to read from. */
  dir: string;
  /**
   * The experiment folder as the page shows it: relative to the artifacts
   * root, so a published page does not carry the build machine's paths.
   */
  folder: string;
  /** `manifest.json` (its networks those of this page). */
  manifest: ManifestFile;
  /**
   * The data amount of this page's networks, when the folder holds networks
   * of several amounts (a data-amount sweep's run): one page per amount.
   */
  dataAmount?: { part: number; parts: number };
  /** Its networks, in manifest order. */
  networks: NetworkModel[];
  /** Snapshot epochs present in any network's barcodes, ascending. */
  epochs: number[];
  /** Layers present in any network's barcodes, ascending. */
  layers: number[];
  /** Splits present, in {@linkcode SPLITS} order. */
  splits: Split[];
  /** Homology dimensions present (0..maxDim). */
  dims: number[];
}

/** Everything the site shows. */
export interface SiteModel {
  /** The artifacts root that was read. */
  root: string;
  /** Experiments sorted by dataset, then name. */
  experiments: ExperimentModel[];
}

/**
 * Read every experiment under `root`. A missing root gives an empty site; a
 * malformed file throws an error naming it.
 *
 * @example
 * ```ts
 * import { loadSite } from "./data.ts";
 * import assert from "node:assert/strict";
 * const site = await loadSite(await Deno.makeTempDir());
 * assert.equal(site.experiments.length, 0);
 * ```
 */
export async function loadSite(root: string): Promise<SiteModel> {
  const manifests = await findManifests(root);
  const experiments: ExperimentModel[] = [];
  const used = new Set<string>();
  for (const path of manifests) {
    const dir = path.slice(0, -"/manifest.json".length);
    const folder = dir.slice(root.replace(/\/+$/, "").length).replace(/^\/+/, "") || ".";
    for (const model of byDataAmount(await loadExperiment(dir))) {
      model.folder = folder;
      const amount = model.dataAmount ? `-DataAmount${model.dataAmount.part}` : "";
      model.slug = uniqueSlug(
        `${model.manifest.dataset}-${model.manifest.experiment}${amount}`,
        used,
      );
      experiments.push(model);
    }
  }
  experiments.sort((a, b) =>
    compareText(a.manifest.dataset, b.manifest.dataset) ||
    compareText(a.manifest.experiment, b.manifest.experiment) ||
    (a.dataAmount?.part ?? 0) - (b.dataAmount?.part ?? 0)
  );
  return { root, experiments };
}

/**
 * One model per data amount of an experiment whose networks trained on
 * several (its networks and its manifest's narrowed to that amount, its title
 * marked); the model itself otherwise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { byDataAmount, type ExperimentModel } from "./data.ts";
 * const net = (part: number) => ({ manifest: { name: "n", dataAmount: { part, parts: 2 } } });
 * const model = { manifest: { title: "T", networks: [1, 2].map((p) => net(p).manifest) },
 *   networks: [net(1), net(2)] } as unknown as ExperimentModel;
 * const pages = byDataAmount(model);
 * assert.deepEqual(pages.map((m) => [m.manifest.title, m.networks.length]), [["T · data 1/2", 1], ["T · data 2/2", 1]]);
 * ```
 */
export function byDataAmount(model: ExperimentModel): ExperimentModel[] {
  const parts = [...new Set(model.networks.map((n) => n.manifest.dataAmount.part))];
  if (parts.length < 2) return [model];
  return parts.sort((a, b) => a - b).map((part) => {
    const networks = model.networks.filter((n) => n.manifest.dataAmount.part === part);
    const dataAmount = networks[0].manifest.dataAmount;
    const manifest = {
      ...model.manifest,
      title: `${model.manifest.title} · data ${part}/${dataAmount.parts}`,
      networks: networks.map((n) => n.manifest),
    };
    return { ...model, manifest, dataAmount, networks, ...barcodeAxes(networks) };
  });
}

/**
 * Every `manifest.json` under `root` (hidden folders and node_modules
 * skipped), sorted.
 *
 * @example
 * ```ts
 * import { findManifests } from "./data.ts";
 * import assert from "node:assert/strict";
 * assert.equal((await findManifests("/nonexistent-nntopo")).length, 0);
 * ```
 */
export async function findManifests(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(dir));
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile && entry.name === "manifest.json") out.push(path);
    }
  };
  await walk(root.replace(/\/+$/, "") || "/");
  return out.sort();
}

/**
 * Read one experiment folder (the one holding `manifest.json`).
 *
 * @example
 * ```ts
 * import { loadExperiment } from "./data.ts";
 * import assert from "node:assert/strict";
 * await assert.rejects(loadExperiment("/nonexistent-nntopo"), /manifest\.json/);
 * ```
 */
export async function loadExperiment(dir: string): Promise<ExperimentModel> {
  const manifest: ManifestFile = await readArtifactJson(`${dir}/manifest.json`, "manifest");
  const networks: NetworkModel[] = [];
  for (const net of manifest.networks) networks.push(await loadNetwork(dir, net));
  const { epochs, layers, splits, dims } = barcodeAxes(networks);
  return {
    slug: "",
    dir,
    folder: dir,
    manifest,
    networks,
    epochs,
    layers,
    splits,
    dims,
  };
}

async function loadNetwork(dir: string, net: ManifestNetwork): Promise<NetworkModel> {
  const netDir = net.dir.startsWith("/") ? net.dir : `${dir}/${net.dir}`;
  return {
    manifest: net,
    dir: netDir,
    history: await readOptional(`${netDir}/history.json`, "history"),
    barcodes: await readOptional(`${netDir}/barcodes/barcode_data.json`, "barcode_data"),
    evaluation: await readOptional(
      `${netDir}/barcodes/barcode_evaluation.json`,
      "barcode_evaluation",
    ),
    cycles: await readOptional(`${netDir}/barcodes/cycles.json`, "cycles"),
    mapper: await readMapper(`${netDir}/mapper`),
    attribution: await readAttribution(`${netDir}/mapper`),
    filters: await readFilters(`${netDir}/filters`),
  };
}

/** The epochs, layers, splits and dimensions present in any network's barcodes. */
function barcodeAxes(networks: NetworkModel[]) {
  const epochs = new Set<number>();
  const layers = new Set<number>();
  const splits = new Set<string>();
  let maxDim = -1;
  for (const net of networks) {
    const data = net.barcodes;
    if (!data) continue;
    maxDim = Math.max(maxDim, data.maxDim);
    for (const [e, byEpoch] of Object.entries(data.epochs)) {
      epochs.add(Number(e));
      for (const [l, byLayer] of Object.entries(byEpoch.layers)) {
        layers.add(Number(l));
        for (const [s, snap] of Object.entries(byLayer)) {
          splits.add(s);
          for (const key of Object.keys(snap.diagrams)) {
            maxDim = Math.max(maxDim, Number(key.slice(1)));
          }
        }
      }
    }
  }
  return {
    epochs: [...epochs].sort((a, b) => a - b),
    layers: [...layers].sort((a, b) => a - b),
    splits: SPLITS.filter((s) => splits.has(s)),
    dims: Array.from({ length: maxDim + 1 }, (_, k) => k),
  };
}

/**
 * A URL-safe slug of `name`, made unique against `used` (which it updates).
 *
 * @example
 * ```ts
 * import { uniqueSlug } from "./data.ts";
 * import assert from "node:assert/strict";
 * const used = new Set<string>();
 * assert.equal(uniqueSlug("spheres-<b>", used), "spheres-b");
 * assert.equal(uniqueSlug("spheres-<b>", used), "spheres-b-2");
 * ```
 */
export function uniqueSlug(name: string, used: Set<string>): string {
  const base = name.toLowerCase().replace(/[^a-z0-9_.]+/g, "-").replace(/^[-.]+|[-.]+$/g, "") ||
    "experiment";
  let slug = base;
  for (let i = 2; used.has(slug); i++) slug = `${base}-${i}`;
  used.add(slug);
  return slug;
}

/** A network's filter topology and filter Mapper graphs, or null without `filter_topology.json`. */
async function readFilters(dir: string): Promise<FilterModel | null> {
  const topology = await readOptional(`${dir}/filter_topology.json`, "filter_topology");
  if (!topology) return null;
  const mapper = await readOptional(`${dir}/filter_mapper.json`, "filter_mapper");
  const { layer, k, p, seeds, epochs } = topology;
  return { layer, k, p, seeds, epochs, mapper: mapper?.epochs ?? {} };
}

async function readOptional<
  K extends
    | "history"
    | "barcode_data"
    | "barcode_evaluation"
    | "cycles"
    | "filter_topology"
    | "filter_mapper",
>(
  path: string,
  kind: K,
): Promise<ArtifactFile<K> | null> {
  try {
    await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  return await readArtifactJson(path, kind);
}

/** The `epoch<k>` folders directly under `dir` (none when `dir` is missing). */
async function epochFolders(dir: string): Promise<Array<{ epoch: number; path: string }>> {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dir));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  return entries.flatMap((entry) => {
    const match = /^epoch(\d+)$/.exec(entry.name);
    return entry.isDirectory && match
      ? [{ epoch: Number(match[1]), path: `${dir}/${entry.name}` }]
      : [];
  });
}

/** Order by UTF-16 code units: the same on every machine, unlike `localeCompare`. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function readMapper(dir: string): Promise<MapperModel[]> {
  const out: MapperModel[] = [];
  for (const { epoch, path: folder } of await epochFolders(dir)) {
    for await (const file of Deno.readDir(folder)) {
      if (!file.isFile || !file.name.endsWith(".json")) continue;
      const path = `${folder}/${file.name}`;
      const graph = await readArtifactJson(path, "mapper");
      out.push({ epoch, name: file.name.slice(0, -5), graph });
    }
  }
  return out.sort((a, b) => a.epoch - b.epoch || compareText(a.name, b.name));
}

/** Every `epoch<k>/attribution/attribution.json` under a network's `mapper/`. */
async function readAttribution(dir: string): Promise<AttributionModel[]> {
  const out: AttributionModel[] = [];
  for (const { epoch, path: epochFolder } of await epochFolders(dir)) {
    const folder = `${epochFolder}/attribution`;
    const path = `${folder}/attribution.json`;
    if (!(await isFile(path))) continue;
    const json = await readArtifactJson(path, "attribution");
    if (json.epoch !== epoch) {
      throw new Error(
        `${path}: $.epoch: expected ${epoch} (the folder's epoch), found ${json.epoch}`,
      );
    }
    out.push(await toAttribution(json, folder));
  }
  return out.sort((a, b) => a.epoch - b.epoch);
}

async function toAttribution(
  json: AttributionFile,
  folder: string,
): Promise<AttributionModel> {
  const methods: AttributionMethodModel[] = [];
  for (const [key, method] of Object.entries(json.methods)) {
    // The schema allows only the stage's method keys, so a key can name a file.
    const png = `${folder}/${key}_weights.png`;
    methods.push({ ...method, key, weightsPng: await isFile(png) ? png : undefined });
  }
  return { ...json, methods };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
