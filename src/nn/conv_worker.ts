/**
 * A worker thread of {@linkcode convTrainer}: computes the gradient of one
 * chunk of a batch on the shared weights and data (SharedArrayBuffer views),
 * into its own shared gradient buffers.
 *
 * @module
 */

/// <reference lib="deno.worker" />

import {
  convGradients,
  type ConvNet,
  type EngineGradients,
  type EngineScratch,
  engineScratch,
} from "./conv_engine.ts";

/** Messages the trainer sends. */
export type ConvWorkerRequest =
  | { type: "init"; net: ConvNet; grads: EngineGradients; capacity: number }
  | { type: "data"; x: Float32Array; labels: Int32Array }
  | { type: "chunk"; start: number; m: number; scale: number };

let net: ConvNet | null = null;
let grads: EngineGradients = [];
let scratch: EngineScratch | null = null;
let x: Float32Array = new Float32Array(0);
let labels: Int32Array = new Int32Array(0);

self.onmessage = (event: MessageEvent<ConvWorkerRequest>) => {
  const request = event.data;
  try {
    if (request.type === "init") {
      net = request.net;
      grads = request.grads;
      scratch = engineScratch(net, request.capacity);
      self.postMessage({ type: "ready" });
    } else if (request.type === "data") {
      x = request.x;
      labels = request.labels;
      self.postMessage({ type: "ready" });
    } else {
      const { start, m, scale } = request;
      for (const g of grads) {
        g?.kernel.fill(0);
        g?.bias.fill(0);
      }
      const size = x.length / labels.length;
      const loss = convGradients(
        net!,
        {
          x: x.subarray(start * size, (start + m) * size),
          labels: labels.subarray(start, start + m),
          m,
          scale,
        },
        grads,
        scratch!,
      );
      self.postMessage({ type: "loss", loss });
    }
  } catch (error) {
    self.postMessage({ type: "error", message: (error as Error).stack ?? String(error) });
  }
};
