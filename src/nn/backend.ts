/**
 * The tfjs backend nntopo trains on.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";

/**
 * Select tfjs's pure-JavaScript `cpu` backend (deterministic, and the fastest
 * measured for these tiny networks) and production mode (no debug checks, no
 * "install tfjs-node" banner). Idempotent and synchronous: the cpu backend has
 * no asynchronous initialisation.
 *
 * @example
 * ```ts
 * import { useCpuBackend } from "./backend.ts";
 * useCpuBackend();
 * ```
 */
export function useCpuBackend(): void {
  if (!tf.env().getBool("PROD")) tf.enableProdMode();
  if (tf.engine().backendName !== "cpu") {
    // Resolves synchronously for "cpu"; the promise only reports success.
    void tf.setBackend("cpu");
    if (tf.engine().backendName !== "cpu") {
      throw new Error(`useCpuBackend: expected the tfjs "cpu" backend, found ${tf.getBackend()}`);
    }
  }
}
