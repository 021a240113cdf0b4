/**
 * Seeded kernel initialisers (Keras's formulas on nntopo's own generator),
 * shared by dense and conv layers.
 *
 * @module
 */

import type { Random } from "../data/random.ts";

/** Fan-in and fan-out of a kernel and how many weights it has. */
export interface KernelFans {
  /** Inputs per output (dense: in; conv: kh·kw·cin). */
  fanIn: number;
  /** Outputs per input (dense: out; conv: kh·kw·cout). */
  fanOut: number;
  /** Number of weights. */
  size: number;
}

/**
 * Glorot uniform: `U(±sqrt(6 / (fanIn + fanOut)))`, Keras's default.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRandom } from "../data/random.ts";
 * import { glorotUniform } from "./initializers.ts";
 * const w = glorotUniform(createRandom(0), { fanIn: 3, fanOut: 3, size: 9 });
 * assert.ok(w.every((v) => Math.abs(v) <= 1));
 * ```
 */
export function glorotUniform(random: Random, fans: KernelFans): Float32Array {
  const limit = Math.sqrt(6 / (fans.fanIn + fans.fanOut));
  const out = new Float32Array(fans.size);
  for (let k = 0; k < out.length; k++) out[k] = (2 * random.next() - 1) * limit;
  return out;
}

/**
 * He normal: normal with std `sqrt(2 / fanIn)`, truncated at two standard
 * deviations and rescaled as Keras does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRandom } from "../data/random.ts";
 * import { heNormal } from "./initializers.ts";
 * const w = heNormal(createRandom(0), { fanIn: 2, fanOut: 1, size: 100 });
 * assert.ok(w.every((v) => Math.abs(v) <= 2 / 0.8796));
 * ```
 */
export function heNormal(random: Random, fans: KernelFans): Float32Array {
  // Keras: truncated normal at ±2σ, σ divided by the truncated law's std (0.8796…).
  const std = Math.sqrt(2 / fans.fanIn) / 0.87962566103423978;
  const out = new Float32Array(fans.size);
  for (let k = 0; k < out.length; k++) {
    let z: number;
    do z = random.normal(); while (Math.abs(z) > 2);
    out[k] = z * std;
  }
  return out;
}

/**
 * The named initialiser.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRandom } from "../data/random.ts";
 * import { initialKernel } from "./initializers.ts";
 * assert.equal(initialKernel("heNormal", createRandom(1), { fanIn: 4, fanOut: 2, size: 8 }).length, 8);
 * ```
 */
export function initialKernel(
  name: "glorotUniform" | "heNormal",
  random: Random,
  fans: KernelFans,
): Float32Array {
  return name === "heNormal" ? heNormal(random, fans) : glorotUniform(random, fans);
}
