/**
 * The site's data step: find every experiment folder under an artifacts root
 * (every `manifest.json`), read its JSON artifacts and return plain page
 * models. No markup and no charts here — templates and charts read these.
 *
 * @module
 */

import { readArtifactJson } from "../src/artifacts/json.ts";
import { type Split, SPLITS } from "../src/artifacts/layout.ts";
import type {
  BarcodeDataFile,
  BarcodeEvaluationFile,
  CyclesFile,
  HistoryFile,
  ManifestFile,
  ManifestNetwork,
} from "../src/artifacts/schema.ts";

/** A Mapper graph as the site reads it from `mapper/epoch<k>/<name>.json`. */
export interface MapperGraph {
  /** Nodes: an id, a size (member count) and any numeric statistics (label, lens, accuracy…). */
  nodes: Array<{ id: string; size: number; [stat: string]: unknown }>;
  /** Edges as `[source, target]` node ids. */
  links: Array<[string, string]>;
  /** Name of the lens, when the file says. */
  lens?: string;
  /** Layer the graph was built from, when the file says. */
  layer?: number;
}

/** One Mapper graph file of a network. */
export interface MapperModel {
  /** Snapshot epoch (from the folder name `epoch<k>`). */
  epoch: number;
  /** File stem, e.g. `layer3`. */
  name: string;
  /** The graph. */
  graph: MapperGraph;
}

/** One cluster of a clustering, as `attribution.json` (nntopo/attribution@1) records it. */
export interface AttributionCluster {
  /** Cluster id (a Mapper node id, or a k-means cluster number). */
  id: string | number;
  /** Display name, e.g. `c3 (7)`: cluster and majority class. */
  name: string;
  /** Member count. */
  size: number;
  /** Members per true class. */
  labelHistogram: Record<string, number>;
  /** The most frequent class (-1 when empty). */
  majorityLabel: number;
  /** The network's accuracy on the members. */
  accuracy?: number;
  /** The most frequent neurons among the members' top sets, most frequent first. */
  topNeurons: Array<{ neuron: number; count: number; frequency: number }>;
}

/** One clustering method's results in `attribution.json`. */
export interface AttributionMethod {
  /** The method's key (`mapper`, `kmeans`, `umap`, `tsne`). */
  key: string;
  /** Display name, e.g. `UMAP + k-means`. */
  name: string;
  /** The clusters, in the file's order. */
  clusters: AttributionCluster[];
  /** The weight-picture PNG written next to the JSON, when present (path on disk). */
  weightsPng?: string;
  /** Which clusters and neurons the weight pictures show, when recorded. */
  weightPictures?: { cluster: number; point: number; neurons: number[] };
}

/** `mapper/epoch<k>/attribution/attribution.json` of a network. */
export interface AttributionModel {
  /** Snapshot epoch (from the folder name). */
  epoch: number;
  /** Layer that was clustered. */
  layer?: number;
  /** Hidden layer whose neurons are attributed. */
  attributionLayer?: number;
  /** Neurons in that layer. */
  neurons?: number;
  /** Size of each member's top set. */
  top?: number;
  /** Points clustered. */
  points?: number;
  /** Methods in the file's order. */
  methods: AttributionMethod[];
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

/** One snapshot epoch of `filters/filter_topology.json`. */
export interface FilterEpoch {
  /** Filters pooled. */
  filters: number;
  /** Filters dropped for lack of contrast. */
  flat: number;
  /** Filters kept by the density filtration. */
  kept: number;
  /** Diagrams of the kept filters (`death` null: essential). */
  diagrams: Record<string, Array<[number, number | null]>>;
  /** Finite H1 bars. */
  h1Bars: number;
  /** Longest finite H1 lifetime. */
  h1Longest: number;
  /** Second longest. */
  h1Second: number;
  /** Longest over second longest (null when at most one bar). */
  h1Dominance: number | null;
}

/** A filter Mapper graph as `filters/filter_mapper.json` stores it per epoch. */
export interface FilterMapperGraph {
  /** Filter height and width. */
  kh: number;
  /** Filter width. */
  kw: number;
  /** Nodes with position and mean filter. */
  nodes: Array<{ id: string; size: number; x: number; y: number; filter: number[] }>;
  /** Edges by node id. */
  links: Array<[string, string]>;
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
  epochs: Record<string, FilterEpoch>;
  /** Mapper graph per snapshot epoch (empty when the file is missing). */
  mapper: Record<string, FilterMapperGraph>;
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
  /** `manifest.json`. */
  manifest: ManifestFile;
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
 * import assert from "node:assert/strict";
 * import { loadSite } from "./data.ts";
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
    const model = await loadExperiment(dir);
    model.folder = dir.slice(root.replace(/\/+$/, "").length).replace(/^\/+/, "") || ".";
    model.slug = uniqueSlug(`${model.manifest.dataset}-${model.manifest.experiment}`, used);
    experiments.push(model);
  }
  experiments.sort((a, b) =>
    compareText(a.manifest.dataset, b.manifest.dataset) ||
    compareText(a.manifest.experiment, b.manifest.experiment)
  );
  return { root, experiments };
}

/**
 * Every `manifest.json` under `root` (hidden folders and node_modules
 * skipped), sorted.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findManifests } from "./data.ts";
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
 * import assert from "node:assert/strict";
 * import { loadExperiment } from "./data.ts";
 * try {
 *   await loadExperiment("/nonexistent-nntopo");
 * } catch (error) {
 *   assert.ok(String(error).includes("manifest.json"));
 * }
 * ```
 */
export async function loadExperiment(dir: string): Promise<ExperimentModel> {
  const manifest = await readArtifactJson(
    `${dir}/manifest.json`,
    "manifest",
  ) as unknown as ManifestFile;
  expectField(manifest, "experiment", "string", `${dir}/manifest.json`);
  expectField(manifest, "dataset", "string", `${dir}/manifest.json`);
  if (!Array.isArray(manifest.networks)) {
    throw new Error(
      `${dir}/manifest.json: field "networks": expected an array, found ${
        JSON.stringify(manifest.networks)
      }`,
    );
  }
  const networks: NetworkModel[] = [];
  for (const [i, net] of manifest.networks.entries()) {
    expectField(net, "name", "string", `${dir}/manifest.json networks[${i}]`);
    expectField(net, "dir", "string", `${dir}/manifest.json networks[${i}]`);
    const netDir = net.dir.startsWith("/") ? net.dir : `${dir}/${net.dir}`;
    networks.push({
      manifest: net,
      dir: netDir,
      history: await readOptional(`${netDir}/history.json`, "history") as HistoryFile | null,
      barcodes: await readOptional(`${netDir}/barcodes/barcode_data.json`, "barcode_data") as
        | BarcodeDataFile
        | null,
      evaluation: await readOptional(
        `${netDir}/barcodes/barcode_evaluation.json`,
        "barcode_evaluation",
      ) as BarcodeEvaluationFile | null,
      cycles: await readOptional(`${netDir}/barcodes/cycles.json`, "cycles") as CyclesFile | null,
      mapper: await readMapper(`${netDir}/mapper`),
      attribution: await readAttribution(`${netDir}/mapper`),
      filters: await readFilters(`${netDir}/filters`),
    });
  }
  const epochs = new Set<number>();
  const layers = new Set<number>();
  const splits = new Set<string>();
  let maxDim = -1;
  for (const net of networks) {
    const data = net.barcodes;
    if (!data) continue;
    if (typeof data.maxDim === "number") maxDim = Math.max(maxDim, data.maxDim);
    for (const [e, byEpoch] of Object.entries(data.epochs ?? {})) {
      epochs.add(Number(e));
      for (const [l, byLayer] of Object.entries(byEpoch.layers ?? {})) {
        layers.add(Number(l));
        for (const [s, snap] of Object.entries(byLayer)) {
          splits.add(s);
          for (const key of Object.keys(snap.diagrams ?? {})) {
            const k = Number(key.replace(/^H/, ""));
            if (Number.isInteger(k)) maxDim = Math.max(maxDim, k);
          }
        }
      }
    }
  }
  return {
    slug: "",
    dir,
    folder: dir,
    manifest,
    networks,
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
 * import assert from "node:assert/strict";
 * import { uniqueSlug } from "./data.ts";
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

function expectField(
  obj: unknown,
  field: string,
  type: "string" | "number" | "object",
  where: string,
): void {
  const value = (obj as Record<string, unknown>)?.[field];
  if (typeof value !== type || value === null) {
    throw new Error(
      `${where}: field "${field}": expected a ${type}, found ${JSON.stringify(value)}`,
    );
  }
}

/** A network's filter topology and filter Mapper graphs, or null without `filter_topology.json`. */
async function readFilters(dir: string): Promise<FilterModel | null> {
  const topology = await readOptional(`${dir}/filter_topology.json`, "filter_topology");
  if (!topology) return null;
  const where = `${dir}/filter_topology.json`;
  for (const field of ["layer", "k", "p", "seeds"]) expectField(topology, field, "number", where);
  expectField(topology, "epochs", "object", where);
  const mapper = await readOptional(`${dir}/filter_mapper.json`, "filter_mapper");
  return {
    layer: topology.layer as number,
    k: topology.k as number,
    p: topology.p as number,
    seeds: topology.seeds as number,
    epochs: topology.epochs as Record<string, FilterEpoch>,
    mapper: (mapper?.epochs ?? {}) as Record<string, FilterMapperGraph>,
  };
}

async function readOptional(
  path: string,
  kind:
    | "history"
    | "barcode_data"
    | "barcode_evaluation"
    | "cycles"
    | "filter_topology"
    | "filter_mapper",
): Promise<Record<string, unknown> | null> {
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
      const json = await readArtifactJson(path, "mapper");
      out.push({ epoch, name: file.name.slice(0, -5), graph: toMapperGraph(json, path) });
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
    out.push(await toAttribution(json, epoch, folder, path));
  }
  return out.sort((a, b) => a.epoch - b.epoch);
}

async function toAttribution(
  json: Record<string, unknown>,
  epoch: number,
  folder: string,
  path: string,
): Promise<AttributionModel> {
  const raw = json.methods;
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    throw new Error(`${path}: field "methods": expected an object, found ${JSON.stringify(raw)}`);
  }
  const methods: AttributionMethod[] = [];
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const method = value as Record<string, unknown>;
    if (!method || !Array.isArray(method.clusters)) {
      throw new Error(
        `${path}: field "methods.${key}.clusters": expected an array, found ${
          JSON.stringify(method?.clusters)
        }`,
      );
    }
    const clusters = method.clusters.map((c, i): AttributionCluster => {
      const cluster = c as Record<string, unknown>;
      const where = `${path}: field "methods.${key}.clusters[${i}]`;
      if (typeof cluster?.size !== "number" || typeof cluster.labelHistogram !== "object") {
        throw new Error(
          `${where}": expected { size: number, labelHistogram: {…} }, found ${
            JSON.stringify(c).slice(0, 120)
          }`,
        );
      }
      return {
        id: cluster.id as string | number,
        name: String(cluster.name ?? cluster.id ?? i),
        size: cluster.size,
        labelHistogram: cluster.labelHistogram as Record<string, number>,
        majorityLabel: typeof cluster.majorityLabel === "number" ? cluster.majorityLabel : -1,
        accuracy: typeof cluster.accuracy === "number" ? cluster.accuracy : undefined,
        topNeurons: Array.isArray(cluster.topNeurons)
          ? cluster.topNeurons as AttributionCluster["topNeurons"]
          : [],
      };
    });
    // Method keys name files: only plain names can (the stage writes mapper, kmeans, …).
    const png = `${folder}/${key}_weights.png`;
    const pictures = method.weightPictures as AttributionMethod["weightPictures"];
    methods.push({
      key,
      name: typeof method.name === "string" ? method.name : key,
      clusters,
      weightsPng: /^[A-Za-z0-9_-]+$/.test(key) && await isFile(png) ? png : undefined,
      weightPictures: pictures && typeof pictures === "object" ? pictures : undefined,
    });
  }
  const num = (k: string) => typeof json[k] === "number" ? json[k] as number : undefined;
  return {
    epoch,
    layer: num("layer"),
    attributionLayer: num("attributionLayer"),
    neurons: num("neurons"),
    top: num("top"),
    points: num("points"),
    methods,
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/**
 * Accept src/mapper's graph (`nodes` with `members`, `meanLens`,
 * `labelHistogram`, `accuracy`; `edges` as index pairs), optionally wrapped in
 * `graph`, as well as id-keyed node objects and `links` as id pairs,
 * `{source, target}` or an adjacency object. Adds the colourable statistics
 * `label` (mean class from the histogram) and `lens` (first mean lens value).
 */
function toMapperGraph(file: Record<string, unknown>, path: string): MapperGraph {
  const json = file.graph && typeof file.graph === "object"
    ? { ...file, ...(file.graph as Record<string, unknown>) }
    : file;
  const rawNodes = json.nodes;
  let nodes: MapperGraph["nodes"];
  if (Array.isArray(rawNodes)) {
    nodes = rawNodes.map((n, i) => {
      const node = n as Record<string, unknown>;
      const members = Array.isArray(node.members) ? node.members.length : undefined;
      return withStats({
        ...node,
        id: String(node.id ?? i),
        size: Number(node.size ?? members ?? 1),
      });
    });
  } else if (rawNodes && typeof rawNodes === "object") {
    nodes = Object.entries(rawNodes as Record<string, unknown>).map(([id, v]) => {
      const value = v as Record<string, unknown> | unknown[];
      if (Array.isArray(value)) return { id, size: value.length };
      return withStats({ ...value, id, size: Number(value.size ?? 1) });
    });
  } else {
    throw new Error(`${path}: field "nodes": expected an array or object, found ${rawNodes}`);
  }
  let rawLinks = (json.links ?? json.edges ?? []) as unknown;
  if (rawLinks && typeof rawLinks === "object" && !Array.isArray(rawLinks)) {
    // An adjacency object (KeplerMapper style): { source: [target, …] }.
    rawLinks = Object.entries(rawLinks as Record<string, unknown[]>).flatMap(([s, ts]) =>
      (Array.isArray(ts) ? ts : []).map((t) => [s, t])
    );
  }
  if (!Array.isArray(rawLinks)) {
    throw new Error(`${path}: field "links": expected an array of pairs, found ${typeof rawLinks}`);
  }
  const idOf = (end: unknown): string =>
    typeof end === "number" && Number.isInteger(end) && end >= 0 && end < nodes.length
      ? nodes[end].id
      : String(end);
  const links = rawLinks.map((l, i): [string, string] => {
    if (Array.isArray(l) && l.length === 2) return [idOf(l[0]), idOf(l[1])];
    const link = l as Record<string, unknown>;
    if (link && "source" in link && "target" in link) {
      return [idOf(link.source), idOf(link.target)];
    }
    throw new Error(
      `${path}: field "links[${i}]": expected [source, target], found ${JSON.stringify(l)}`,
    );
  });
  return {
    nodes,
    links,
    lens: typeof json.lens === "string" ? json.lens : undefined,
    layer: typeof json.layer === "number" ? json.layer : undefined,
  };
}

/**
 * Add `label` (mean class), `majorityLabel` (most frequent class, ties to the
 * smaller) and `lens` (first mean lens value) when derivable.
 */
function withStats(node: MapperGraph["nodes"][number]): MapperGraph["nodes"][number] {
  const out = { ...node };
  delete out.members; // the site draws sizes, not member lists
  const histogram = node.labelHistogram as Record<string, number> | undefined;
  if (typeof node.label !== "number" && histogram && typeof histogram === "object") {
    let total = 0;
    let weighted = 0;
    for (const [label, count] of Object.entries(histogram)) {
      if (!Number.isFinite(Number(label))) continue;
      total += count;
      weighted += Number(label) * count;
    }
    if (total > 0) out.label = weighted / total;
    if (typeof node.majorityLabel !== "number" && total > 0) {
      let best = -1, count = 0;
      for (const [label, c] of Object.entries(histogram)) {
        const k = Number(label);
        if (!Number.isFinite(k)) continue;
        if (c > count || (c === count && k < best)) [best, count] = [k, c];
      }
      out.majorityLabel = best;
    }
  }
  if (typeof node.lens !== "number" && Array.isArray(node.meanLens) && node.meanLens.length > 0) {
    out.lens = Number(node.meanLens[0]);
  }
  return out;
}
