/**
 * The artifact contract: every JSON file nntopo writes is of one kind, and
 * each kind has one zod schema, versioned `nntopo/<kind>@<version>` (the
 * file's `schema` field). From the schema come the TypeScript type
 * (`ArtifactFile<kind>`), the runtime check of writers and readers
 * (src/artifacts/json.ts) and the published JSON Schema
 * (`docs/schemas/<kind>.json`, `deno task schemas`).
 *
 * To add a kind: write `schemas/<kind>.ts` exporting its body schema (a
 * `z.strictObject` without the `schema` field), add it to
 * {@linkcode ARTIFACT_SCHEMAS} below with version 1, and run
 * `deno task schemas`. Changing what a kind accepts bumps its version.
 *
 * @module
 */

import { z } from "zod";
import { manifestBody } from "./manifest.ts";
import { historyBody } from "./history.ts";
import { barcodeDataBody } from "./barcode_data.ts";
import { barcodeEvaluationBody } from "./barcode_evaluation.ts";
import { mapperBody } from "./mapper.ts";
import { attributionBody } from "./attribution.ts";
import { snapshotBody } from "./snapshot.ts";
import { cyclesBody } from "./cycles.ts";
import { filterMapperBody, filterTopologyBody } from "./filter_topology.ts";
import { hyperparametersBody, sweepBody, sweepRunBody } from "./sweep.ts";
import { checkpointBody, finishedNetworkBody } from "./checkpoint.ts";
import { tfjsModelFile } from "./tfjs_model.ts";

/** A kind's schema: its `schema` tag first, then the body. */
function tagged<const K extends string, const V extends number, S extends z.ZodRawShape>(
  kind: K,
  version: V,
  body: z.ZodObject<S>,
) {
  const id = `nntopo/${kind}@${version}` as const;
  return z.strictObject({ schema: z.literal(id) }).extend(body.shape);
}

/**
 * Every artifact kind and its schema (the whole file, `schema` tag included).
 *
 * @example
 * ```ts
 * import { ARTIFACT_SCHEMAS } from "./mod.ts";
 * import assert from "node:assert/strict";
 * const ok = ARTIFACT_SCHEMAS.history.safeParse({ schema: "nntopo/history@1", network: "n", epochs: [] });
 * assert.equal(ok.success, true);
 * assert.equal(ARTIFACT_SCHEMAS.history.safeParse({ schema: "nntopo/history@1" }).success, false);
 * ```
 */
export const ARTIFACT_SCHEMAS = {
  manifest: tagged("manifest", 1, manifestBody),
  history: tagged("history", 1, historyBody),
  barcode_data: tagged("barcode_data", 1, barcodeDataBody),
  barcode_evaluation: tagged("barcode_evaluation", 1, barcodeEvaluationBody),
  cycles: tagged("cycles", 1, cyclesBody),
  mapper: tagged("mapper", 1, mapperBody),
  attribution: tagged("attribution", 1, attributionBody),
  snapshot: tagged("snapshot", 1, snapshotBody),
  checkpoint: tagged("checkpoint", 1, checkpointBody),
  finished_network: tagged("finished_network", 1, finishedNetworkBody),
  filter_topology: tagged("filter_topology", 1, filterTopologyBody),
  filter_mapper: tagged("filter_mapper", 1, filterMapperBody),
  sweep: tagged("sweep", 1, sweepBody),
  sweep_run: tagged("sweep_run", 1, sweepRunBody),
  hyperparameters: tagged("hyperparameters", 1, hyperparametersBody),
};

/** The kinds of JSON file nntopo writes. */
export type ArtifactKind = keyof typeof ARTIFACT_SCHEMAS;

/** A whole file of a kind, `schema` tag included. */
export type ArtifactFile<K extends ArtifactKind> = z.infer<(typeof ARTIFACT_SCHEMAS)[K]>;

/** What a writer gives for a kind: the file without its `schema` tag. */
export type ArtifactRecord<K extends ArtifactKind> = Omit<ArtifactFile<K>, "schema">;

/**
 * Every kind, in a fixed order.
 *
 * @example
 * ```ts
 * import { ARTIFACT_KINDS } from "./mod.ts";
 * import assert from "node:assert/strict";
 * assert.ok(ARTIFACT_KINDS.includes("barcode_data"));
 * ```
 */
export const ARTIFACT_KINDS = Object.keys(ARTIFACT_SCHEMAS) as ArtifactKind[];

/**
 * The schema tag of a kind, `nntopo/<kind>@<version>`.
 *
 * @example
 * ```ts
 * import { schemaId } from "./mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(schemaId("barcode_data"), "nntopo/barcode_data@1");
 * ```
 */
export function schemaId<K extends ArtifactKind>(kind: K): ArtifactFile<K>["schema"] {
  return ARTIFACT_SCHEMAS[kind].shape.schema.value;
}

/**
 * JSON files nntopo writes in someone else's format, without a `schema` tag:
 * their schemas are published too, under the name given here.
 */
export const FOREIGN_SCHEMAS = {
  /** `model/model.json`: tfjs's layers-model file. */
  tfjs_model: { id: "nntopo/tfjs_model@1", schema: tfjsModelFile, file: "model.json" },
} as const;

/** Every published schema: the artifact kinds, then the foreign files. */
export type PublishedSchema = ArtifactKind | keyof typeof FOREIGN_SCHEMAS;

/**
 * Every published schema name, as `docs/schemas/<name>.json` holds them.
 *
 * @example
 * ```ts
 * import { PUBLISHED_SCHEMAS } from "./mod.ts";
 * import assert from "node:assert/strict";
 * assert.ok(PUBLISHED_SCHEMAS.includes("manifest") && PUBLISHED_SCHEMAS.includes("tfjs_model"));
 * ```
 */
export const PUBLISHED_SCHEMAS: PublishedSchema[] = [
  ...ARTIFACT_KINDS,
  ...Object.keys(FOREIGN_SCHEMAS) as Array<keyof typeof FOREIGN_SCHEMAS>,
];

/**
 * The JSON Schema (draft 2020-12) of a kind, as published under
 * `docs/schemas/<kind>.json`: zod's own export, with `$id` and `title` the
 * kind's tag.
 *
 * @example
 * ```ts
 * import { jsonSchemaOf } from "./mod.ts";
 * import assert from "node:assert/strict";
 * const schema = jsonSchemaOf("history");
 * assert.equal(schema.title, "nntopo/history@1");
 * assert.deepEqual(schema.required, ["schema", "network", "epochs"]);
 * ```
 */
export function jsonSchemaOf(name: PublishedSchema): Record<string, unknown> {
  const [id, schema] = name === "tfjs_model"
    ? [FOREIGN_SCHEMAS.tfjs_model.id, FOREIGN_SCHEMAS.tfjs_model.schema]
    : [schemaId(name), ARTIFACT_SCHEMAS[name]];
  const { $schema, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12" });
  return { $schema, $id: id, title: id, ...rest };
}
