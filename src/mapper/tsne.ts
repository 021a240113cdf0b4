/**
 * Exact t-SNE (van der Maaten & Hinton 2008) on typed arrays: Gaussian input
 * affinities calibrated to a perplexity by bisection, Student-t output
 * affinities, gradient descent with momentum, gains and early exaggeration.
 * Written here because npm `tsne-js` (ndarray-based) took ~35 s for 500
 * points; this takes well under a second there. O(n²) memory and time per
 * iteration.
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import { createRandom } from "../data/random.ts";
import { squaredDistance } from "./_euclidean.ts";

/** t-SNE settings. */
export interface TsneOptions {
  /** Seed of the initial layout (N(0, 10⁻⁴) per coordinate). */
  seed: number;
  /** Output dimension. Default 2. */
  dim?: number;
  /** Perplexity. Default min(30, (n − 1) / 3). */
  perplexity?: number;
  /** Gradient-descent iterations. Default 750. */
  iterations?: number;
  /** Learning rate. Default max(50, n / (4 × exaggeration)), as scikit-learn's "auto". */
  learningRate?: number;
  /** Early exaggeration factor for the first 250 iterations. Default 12. */
  exaggeration?: number;
}

/**
 * Embed a point cloud with exact t-SNE; equal seeds give equal embeddings.
 * Returns n × dim row-major coordinates.
 *
 * @example
 * ```ts
 * import { tsne } from "./tsne.ts";
 * const cloud = { data: Float32Array.from({ length: 60 }, (_, i) => (i * 7) % 11), n: 20, d: 3 };
 * const y = tsne(cloud, { seed: 1, iterations: 100 });
 * console.assert(y.length === 40);
 * ```
 */
export function tsne(cloud: PointCloud, options: TsneOptions): Float32Array {
  const { data, n, d } = cloud;
  const dim = options.dim ?? 2;
  if (n < 4) throw new RangeError(`tsne: needs at least 4 points, found n = ${n}`);
  const perplexity = options.perplexity ?? Math.min(30, (n - 1) / 3);
  if (!(perplexity > 0 && perplexity < n)) {
    throw new RangeError(`tsne: "perplexity" must be in (0, n = ${n}), found ${perplexity}`);
  }
  const iterations = options.iterations ?? 750;
  const eta = options.learningRate ?? Math.max(50, n / (4 * (options.exaggeration ?? 12)));
  const exaggeration = options.exaggeration ?? 12;

  // Input affinities P (symmetrised, summing to 1).
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = squaredDistance(data, d, i, j);
      D[i * n + j] = s;
      D[j * n + i] = s;
    }
  }
  const P = new Float64Array(n * n);
  const targetEntropy = Math.log(perplexity);
  for (let i = 0; i < n; i++) {
    let beta = 1, lo = -Infinity, hi = Infinity;
    // Scale the first guess to the distances so the bisection starts near.
    let meanD = 0;
    for (let j = 0; j < n; j++) meanD += D[i * n + j];
    meanD /= n - 1;
    if (meanD > 0) beta = 1 / meanD;
    for (let step = 0; step < 100; step++) {
      let sum = 0, weighted = 0;
      let minD = Infinity;
      for (let j = 0; j < n; j++) if (j !== i && D[i * n + j] < minD) minD = D[i * n + j];
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const p = Math.exp(-(D[i * n + j] - minD) * beta);
        P[i * n + j] = p;
        sum += p;
        weighted += p * (D[i * n + j] - minD);
      }
      const entropy = Math.log(sum) + beta * weighted / sum;
      for (let j = 0; j < n; j++) if (j !== i) P[i * n + j] /= sum;
      const diff = entropy - targetEntropy;
      if (Math.abs(diff) < 1e-5) break;
      if (diff > 0) {
        lo = beta;
        beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
      } else {
        hi = beta;
        beta = lo === -Infinity ? beta / 2 : (beta + lo) / 2;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const p = Math.max((P[i * n + j] + P[j * n + i]) / (2 * n), 1e-12);
      P[i * n + j] = p;
      P[j * n + i] = p;
    }
    P[i * n + i] = 0;
  }

  // Gradient descent on the layout Y.
  const random = createRandom(options.seed);
  const Y = Float64Array.from({ length: n * dim }, () => random.normal() * 1e-2);
  const update = new Float64Array(n * dim);
  const gains = new Float64Array(n * dim).fill(1);
  const grad = new Float64Array(n * dim);
  const W = D; // the input distances are no longer needed: reuse their memory
  for (let it = 0; it < iterations; it++) {
    const exag = it < 250 ? exaggeration : 1;
    const momentum = it < 250 ? 0.5 : 0.8;
    let Z = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let s = 0;
        for (let c = 0; c < dim; c++) {
          const t = Y[i * dim + c] - Y[j * dim + c];
          s += t * t;
        }
        const w = 1 / (1 + s);
        W[i * n + j] = w;
        Z += 2 * w;
      }
    }
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const w = W[i * n + j];
        const f = 4 * (exag * P[i * n + j] - w / Z) * w;
        for (let c = 0; c < dim; c++) {
          const g = f * (Y[i * dim + c] - Y[j * dim + c]);
          grad[i * dim + c] += g;
          grad[j * dim + c] -= g;
        }
      }
    }
    for (let k = 0; k < n * dim; k++) {
      gains[k] = Math.sign(grad[k]) !== Math.sign(update[k]) ? gains[k] + 0.2 : gains[k] * 0.8;
      if (gains[k] < 0.01) gains[k] = 0.01;
      update[k] = momentum * update[k] - eta * gains[k] * grad[k];
      Y[k] += update[k];
    }
    // Re-centre.
    for (let c = 0; c < dim; c++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += Y[i * dim + c];
      mean /= n;
      for (let i = 0; i < n; i++) Y[i * dim + c] -= mean;
    }
  }
  return Float32Array.from(Y);
}
