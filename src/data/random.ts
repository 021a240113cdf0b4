/**
 * Seeded pseudo-random numbers: one seed drives every random choice in nntopo.
 *
 * The generator is xoshiro128** (32-bit state words, period 2^128 − 1) seeded
 * through splitmix32, so any integer seed gives a well-mixed state. Streams for
 * separate purposes (data, split, initialisers, shuffling, subsampling) are
 * derived from one seed and a label with {@linkcode deriveSeed}, so adding a
 * consumer never shifts the numbers another consumer sees.
 *
 * @module
 */

/** A seeded stream of pseudo-random numbers. */
export interface Random {
  /** Uniform float in [0, 1) with 32 random bits. */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal deviate (Box–Muller, both values used). */
  normal(): number;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * A seeded xoshiro128** generator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRandom } from "./random.ts";
 * const a = createRandom(42), b = createRandom(42);
 * assert.equal(a.next(), b.next());
 * ```
 */
export function createRandom(seed: number): Random {
  const init = splitmix32(seed);
  let s0 = init(), s1 = init(), s2 = init(), s3 = init();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  let spare: number | null = null;
  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const next = (): number => nextUint32() / 4294967296;
  return {
    next,
    nextUint32,
    int(n: number): number {
      if (!(n > 0) || n > 4294967296 || !Number.isInteger(n)) {
        throw new RangeError(`Random.int: expected an integer n in [1, 2^32], found ${n}`);
      }
      // Rejection sampling removes the modulo bias.
      const limit = 4294967296 - (4294967296 % n);
      let x: number;
      do x = nextUint32(); while (x >= limit);
      return x % n;
    },
    normal(): number {
      if (spare !== null) {
        const z = spare;
        spare = null;
        return z;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * Derive an independent 32-bit seed from a base seed and a label (FNV-1a over
 * the label, mixed with the seed), so that each consumer has its own stream.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deriveSeed } from "./random.ts";
 * assert.ok(deriveSeed(1, "split") !== deriveSeed(1, "shuffle"));
 * ```
 */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= Math.floor(seed / 4294967296);
  return splitmix32(h >>> 0)();
}

/**
 * Shuffle an array in place (Fisher–Yates) with the given stream.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRandom, shuffleInPlace } from "./random.ts";
 * const order = shuffleInPlace(Int32Array.from([0, 1, 2, 3]), createRandom(7));
 * assert.equal(order.length, 4);
 * ```
 */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(
  array: T,
  random: Random,
): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const t = array[i];
    array[i] = array[j];
    array[j] = t;
  }
  return array;
}
