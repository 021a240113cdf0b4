/**
 * Data-parallel training steps of the conv engine: each batch is split into
 * two fixed chunks whose gradients are computed at the same time, one on the
 * calling thread and one on a worker thread, over weights and data in
 * SharedArrayBuffers; the chunk gradients are added in a fixed order and one
 * Adam step follows. The chunking does not depend on the number of threads,
 * so one thread gives bit-identical weights (it computes both chunks itself).
 *
 * @module
 */

import {
  convGradients,
  type ConvNet,
  type EngineGradients,
  engineGradients,
  type EngineScratch,
  engineScratch,
} from "./conv_engine.ts";
import { type AdamState, adamUpdate } from "./dense_engine.ts";
import type { ConvWorkerRequest } from "./conv_worker.ts";

/** Adam moments of one parametrised layer (null for layers without weights). */
export type LayerMoments = {
  mKernel: Float32Array;
  vKernel: Float32Array;
  mBias: Float32Array;
  vBias: Float32Array;
} | null;

/** Chunks per batch: fixed, so results do not depend on the thread count. */
export const CHUNKS = 2;

/** Options of {@linkcode convTrainer}. */
export interface ConvTrainerOptions {
  /** Threads including the calling one, 1 or 2 (default: 2 when the machine has 2 cores). */
  threads?: number;
  /** Largest batch. */
  batchSize: number;
}

/** A trainer: shared weights, Adam state, and the batch step. */
export interface ConvTrainer {
  /** The network whose weights the trainer updates (shared-memory copies). */
  net: ConvNet;
  /** Adam moments per layer. */
  moments: LayerMoments[];
  /** Adam hyper-parameters and step count. */
  adam: AdamState;
  /** Threads in use. */
  threads: number;
  /** Make `x` (n rows) and `labels` the rows that {@linkcode ConvTrainer.step} indexes. */
  setData(x: Float32Array, labels: Int32Array): Promise<void>;
  /** One Adam step on rows `start … start + m − 1`; returns the batch's mean loss. */
  step(start: number, m: number): Promise<number>;
  /** Stop the worker. */
  close(): void;
}

function shared<T extends Float32Array | Float64Array | Int32Array>(
  make: (buffer: SharedArrayBuffer) => T,
  bytes: number,
): T {
  return make(new SharedArrayBuffer(bytes));
}

function sharedCopy(a: Float32Array): Float32Array {
  const out = shared((b) => new Float32Array(b), a.byteLength);
  out.set(a);
  return out;
}

function sharedNet(net: ConvNet): ConvNet {
  return {
    layers: net.layers.map((l) =>
      l.kind === "conv2d" || l.kind === "dense"
        ? { ...l, kernel: sharedCopy(l.kernel), bias: sharedCopy(l.bias) }
        : { ...l }
    ),
  };
}

function sharedGradients(net: ConvNet): EngineGradients {
  return engineGradients(net).map((g) =>
    g && {
      kernel: shared((b) => new Float64Array(b), g.kernel.byteLength),
      bias: shared((b) => new Float64Array(b), g.bias.byteLength),
    }
  );
}

/** A worker and a queue of replies. */
interface Helper {
  worker: Worker;
  reply(): Promise<{ type: string; loss?: number; message?: string }>;
  send(request: ConvWorkerRequest): void;
}

function startHelper(): Helper {
  const worker = new Worker(new URL("./conv_worker.ts", import.meta.url).href, { type: "module" });
  let waiting: ((value: { type: string; loss?: number; message?: string }) => void) | null = null;
  worker.onmessage = (event) => {
    const resolve = waiting;
    waiting = null;
    resolve?.(event.data);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    const resolve = waiting;
    waiting = null;
    resolve?.({ type: "error", message: event.message });
  };
  return {
    worker,
    reply: () => new Promise((resolve) => (waiting = resolve)),
    send: (request) => worker.postMessage(request),
  };
}

async function expect(helper: Helper, what: string): Promise<number> {
  const answer = await helper.reply();
  if (answer.type === "error") throw new Error(`conv trainer worker (${what}): ${answer.message}`);
  return answer.loss ?? 0;
}

function zero(grads: EngineGradients): void {
  for (const g of grads) {
    g?.kernel.fill(0);
    g?.bias.fill(0);
  }
}

/** Sum the chunk gradients into the first and take one Adam step. */
function applyAdam(trainer: ConvTrainer, chunks: EngineGradients[]): void {
  const { adam } = trainer;
  const t = adam.iterations + 1;
  const c1 = 1 - Math.pow(adam.beta1, t), c2 = 1 - Math.pow(adam.beta2, t);
  trainer.net.layers.forEach((layer, j) => {
    const total = chunks[0][j], m = trainer.moments[j];
    if (!total || !m || (layer.kind !== "conv2d" && layer.kind !== "dense")) return;
    for (let c = 1; c < chunks.length; c++) {
      const g = chunks[c][j]!;
      for (let k = 0; k < g.kernel.length; k++) total.kernel[k] += g.kernel[k];
      for (let k = 0; k < g.bias.length; k++) total.bias[k] += g.bias[k];
    }
    adamUpdate(layer.kernel, m.mKernel, m.vKernel, total.kernel, adam, c1, c2);
    adamUpdate(layer.bias, m.mBias, m.vBias, total.bias, adam, c1, c2);
  });
  adam.iterations = t;
}

/**
 * A trainer for `net` (its weights are copied into shared memory; read them
 * back from `trainer.net`), starting from the given Adam state and moments
 * (null: zero moments).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildModel } from "./build_model.ts";
 * import { engineNet } from "./conv_model.ts";
 * import { convTrainer } from "./conv_trainer.ts";
 * const model = buildModel({ name: "cnn", inputShape: [4, 4, 1], loss: "softmaxCrossentropy",
 *   layers: [{ kind: "conv2d", filters: 2, kernelSize: 2 }, { kind: "flatten" }, { units: 2 }] }, 16, { seed: 0 });
 * const adam = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, iterations: 0 };
 * const trainer = await convTrainer(engineNet(model), adam, null, { batchSize: 2, threads: 1 });
 * await trainer.setData(new Float32Array(32).fill(1), new Int32Array([0, 1]));
 * const loss = await trainer.step(0, 2);
 * trainer.close();
 * assert.ok(loss > 0 && Number.isFinite(loss) && adam.iterations === 1);
 * ```
 */
export async function convTrainer(
  net: ConvNet,
  adam: AdamState,
  moments: LayerMoments[] | null,
  options: ConvTrainerOptions,
): Promise<ConvTrainer> {
  const threads = options.threads ?? Math.min(CHUNKS, navigator.hardwareConcurrency ?? 1);
  if (threads !== 1 && threads !== 2) {
    throw new RangeError(`convTrainer: option "threads": expected 1 or 2, found ${threads}`);
  }
  const sharedNetwork = sharedNet(net);
  const chunkSize = Math.ceil(options.batchSize / CHUNKS);
  const scratch: EngineScratch = engineScratch(sharedNetwork, chunkSize);
  const chunkGrads = Array.from({ length: CHUNKS }, () => sharedGradients(sharedNetwork));
  const helper = threads === 2 ? startHelper() : null;
  let x: Float32Array = new Float32Array(0), labels: Int32Array = new Int32Array(0);
  if (helper) {
    helper.send({ type: "init", net: sharedNetwork, grads: chunkGrads[1], capacity: chunkSize });
    await expect(helper, "init");
  }
  const trainer: ConvTrainer = {
    net: sharedNetwork,
    moments: moments ??
      sharedNetwork.layers.map((l) =>
        l.kind === "conv2d" || l.kind === "dense"
          ? {
            mKernel: new Float32Array(l.kernel.length),
            vKernel: new Float32Array(l.kernel.length),
            mBias: new Float32Array(l.bias.length),
            vBias: new Float32Array(l.bias.length),
          }
          : null
      ),
    adam,
    threads,
    async setData(rows, y) {
      if (x.length < rows.length) x = shared((b) => new Float32Array(b), rows.byteLength);
      if (labels.length < y.length) labels = shared((b) => new Int32Array(b), y.byteLength);
      x.set(rows);
      labels.set(y);
      const view = { x: x.subarray(0, rows.length), labels: labels.subarray(0, y.length) };
      if (helper) {
        helper.send({ type: "data", ...view });
        await expect(helper, "data");
      }
      current = view;
    },
    async step(start, m) {
      const sizes = [Math.ceil(m / CHUNKS), m - Math.ceil(m / CHUNKS)];
      const scale = 1 / m;
      const size = current.x.length / Math.max(current.labels.length, 1);
      const local = (c: number, from: number) => {
        zero(chunkGrads[c]);
        const rows = { x: current.x.subarray(from * size), labels: current.labels.subarray(from) };
        return convGradients(
          sharedNetwork,
          { ...rows, m: sizes[c], scale },
          chunkGrads[c],
          scratch,
        );
      };
      let remote: Promise<number> | null = null;
      if (helper && sizes[1] > 0) {
        helper.send({ type: "chunk", start: start + sizes[0], m: sizes[1], scale });
        remote = expect(helper, "chunk");
      }
      let loss = local(0, start);
      if (remote) loss += await remote;
      else if (sizes[1] > 0) loss += local(1, start + sizes[0]);
      else zero(chunkGrads[1]);
      applyAdam(trainer, chunkGrads);
      return loss / m;
    },
    close() {
      helper?.worker.terminate();
    },
  };
  let current: { x: Float32Array; labels: Int32Array } = { x, labels };
  return trainer;
}
