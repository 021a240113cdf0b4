/**
 * A worker thread of the parallel Vietoris–Rips engine (rips_parallel.ts):
 * it holds an engine over the same shared distance rows or neighbour lists
 * and runs the ranges of the apparent-pair searches it is sent.
 *
 * @module
 */

import { reduceShared } from "./parallel_reduction.ts";
import { PivotMap } from "./pivot_map.ts";
import { RipsCohomology } from "./rips_cohomology.ts";
import {
  ConcurrentMapWriter,
  type MapSlots,
  type WorkerRequest,
  type WorkerResult,
} from "./rips_parallel.ts";
import { SimplexList } from "./simplex_list.ts";

let engine: RipsCohomology | null = null;

function run(request: WorkerRequest): { result: WorkerResult; transfer: ArrayBuffer[] } {
  if (request.kind === "init") {
    const { lower, n, maxDim, threshold, sparse, shiftTop, bucketAfter, geometry } = request;
    engine = new RipsCohomology(lower, n, maxDim, threshold, sparse, {
      shiftTop,
      bucketAfter,
      geometry,
    });
    return { result: { kind: "ready", id: request.id }, transfer: [] };
  }
  if (!engine) throw new Error("rips_worker: a task came before the init message");
  if (request.kind === "edges") {
    const { chunk, start, end } = request;
    const vertices = new Int32Array(end - start);
    const edges = SimplexList.view(chunk.diameter, chunk.index, chunk.size);
    engine.edgeApparentVertices(edges, start, end, vertices);
    return { result: { kind: "edges", id: request.id, vertices }, transfer: [vertices.buffer] };
  }
  if (request.kind === "reduce") {
    const { job } = request;
    engine.apparent = job.apparent ? viewOf(job.apparent) : null;
    const displaced = reduceShared(engine, job);
    engine.apparent = null;
    return { result: { kind: "reduce", id: request.id, displaced }, transfer: [] };
  }
  const { dim, chunk, start, end, pivots, apparent, keep, sink } = request;
  engine.apparent = apparent ? viewOf(apparent) : null;
  const columns = new SimplexList(1024);
  const next = keep ? new SimplexList(1024, true) : null;
  const nextApparent = sink ? new ConcurrentMapWriter(sink) : null;
  engine.assembleRange(
    dim,
    SimplexList.view(chunk.diameter, chunk.index, chunk.size),
    start,
    end,
    viewOf(pivots),
    { columns, next, nextApparent },
  );
  engine.apparent = null;
  nextApparent?.finish();
  const overflow = nextApparent?.overflow ?? null;
  const c = columns.trimmed();
  const transfer = [columns.diameter.buffer, columns.index.buffer] as ArrayBuffer[];
  if (overflow) transfer.push(overflow.keys.buffer as ArrayBuffer);
  if (overflow) transfer.push(overflow.values.buffer as ArrayBuffer);
  return {
    result: {
      kind: "assemble",
      id: request.id,
      columns: c,
      next: next ? trimmed(next) : null,
      apparent: overflow
        ? { keys: overflow.keys, values: overflow.values, size: overflow.size }
        : null,
    },
    transfer,
  };
}

/** A read-only view of a map the main thread sent, with its filter. */
function viewOf(slots: MapSlots): PivotMap {
  return PivotMap.view(slots.keys, slots.values, 0, false, slots.filter ?? null);
}

/** The list in shared arrays of its own size (a growing list has up to half its room spare). */
function trimmed(list: SimplexList): { diameter: Float32Array; index: Float64Array; size: number } {
  const size = list.size;
  const diameter = new Float32Array(new SharedArrayBuffer(4 * size));
  const index = new Float64Array(new SharedArrayBuffer(8 * size));
  diameter.set(list.diameter.subarray(0, size));
  index.set(list.index.subarray(0, size));
  return { diameter, index, size };
}

/** The worker's global scope, as the web's DedicatedWorkerGlobalScope types it. */
const scope = self as unknown as {
  onmessage: (event: MessageEvent<WorkerRequest>) => void;
  postMessage(message: WorkerResult, options: { transfer: ArrayBuffer[] }): void;
};

scope.onmessage = (event) => {
  const { result, transfer } = run(event.data);
  scope.postMessage(result, { transfer });
};
