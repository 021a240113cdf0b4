/**
 * t-SNE (van der Maaten & Hinton 2008) on typed arrays: Gaussian input
 * affinities calibrated to a perplexity by bisection, Student-t output
 * affinities, gradient descent with momentum, gains and early exaggeration.
 * Two gradients: exact (O(n²) memory and time per iteration) and
 * Barnes–Hut (van der Maaten 2014: sparse affinities over the 3·perplexity
 * nearest neighbours, repulsion summarised by a quadtree; 2-D only).
 * Written here because npm `tsne-js` (ndarray-based, exact only) took ~35 s
 * for 500 points.
 *
 * @module
 */

import type { PointCloud } from "../data/point_cloud.ts";
import { createRandom } from "../data/random.ts";
import { squaredEuclidean } from "../geometry/distances.ts";

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
  /**
   * Gradient: "exact", or "barnesHut" (2-D only) with opening angle `theta`.
   * Default: exact up to 2,000 points, Barnes–Hut above (when dim is 2).
   */
  method?: "exact" | "barnesHut";
  /** Barnes–Hut opening angle (cell width / distance). Default 0.5. */
  theta?: number;
}

/**
 * Embed a point cloud with t-SNE; equal seeds give equal embeddings.
 * Returns n × dim row-major coordinates.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tsne } from "./tsne.ts";
 * const cloud = { data: Float32Array.from({ length: 60 }, (_, i) => (i * 7) % 11), n: 20, d: 3 };
 * const y = tsne(cloud, { seed: 1, iterations: 100 });
 * assert.equal(y.length, 40);
 * ```
 */
export function tsne(cloud: PointCloud, options: TsneOptions): Float32Array {
  const { n } = cloud;
  const dim = options.dim ?? 2;
  if (n < 4) throw new RangeError(`tsne: needs at least 4 points, found n = ${n}`);
  const perplexity = options.perplexity ?? Math.min(30, (n - 1) / 3);
  if (!(perplexity > 0 && perplexity < n)) {
    throw new RangeError(`tsne: "perplexity" must be in (0, n = ${n}), found ${perplexity}`);
  }
  const method = options.method ?? (n > 2000 && dim === 2 ? "barnesHut" : "exact");
  if (method === "barnesHut" && dim !== 2) {
    throw new RangeError(`tsne: "method" barnesHut needs dim = 2, found dim = ${dim}`);
  }
  const exaggeration = options.exaggeration ?? 12;
  const iterations = options.iterations ?? 750;
  const eta = options.learningRate ?? Math.max(50, n / (4 * exaggeration));
  const gradient = method === "exact"
    ? exactGradient(cloud, perplexity, dim)
    : barnesHutGradient(cloud, perplexity, options.theta ?? 0.5);

  const random = createRandom(options.seed);
  const Y = Float64Array.from({ length: n * dim }, () => random.normal() * 1e-2);
  const update = new Float64Array(n * dim);
  const gains = new Float64Array(n * dim).fill(1);
  const grad = new Float64Array(n * dim);
  for (let it = 0; it < iterations; it++) {
    const early = it < 250;
    gradient(Y, early ? exaggeration : 1, grad);
    const momentum = early ? 0.5 : 0.8;
    for (let k = 0; k < n * dim; k++) {
      gains[k] = Math.sign(grad[k]) !== Math.sign(update[k]) ? gains[k] + 0.2 : gains[k] * 0.8;
      if (gains[k] < 0.01) gains[k] = 0.01;
      update[k] = momentum * update[k] - eta * gains[k] * grad[k];
      Y[k] += update[k];
    }
    for (let c = 0; c < dim; c++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += Y[i * dim + c];
      mean /= n;
      for (let i = 0; i < n; i++) Y[i * dim + c] -= mean;
    }
  }
  return Float32Array.from(Y);
}

/** Writes the KL gradient at layout Y (with P multiplied by `exaggeration`) into grad. */
type Gradient = (Y: Float64Array, exaggeration: number, grad: Float64Array) => void;

/**
 * Conditional affinities p_{j|i} ∝ exp(−β d²_ij) over one row of squared
 * distances, β found by bisection so the entropy is log(perplexity).
 */
function calibrateRow(dist2: Float64Array, perplexity: number, out: Float64Array): void {
  const m = dist2.length;
  const target = Math.log(perplexity);
  let minD = Infinity, meanD = 0;
  for (let j = 0; j < m; j++) {
    if (dist2[j] < minD) minD = dist2[j];
    meanD += dist2[j] / m;
  }
  let beta = meanD > minD ? 1 / (meanD - minD) : 1, lo = 0, hi = Infinity;
  for (let step = 0; step < 200; step++) {
    let sum = 0, weighted = 0;
    for (let j = 0; j < m; j++) {
      const p = Math.exp(-(dist2[j] - minD) * beta);
      out[j] = p;
      sum += p;
      weighted += p * (dist2[j] - minD);
    }
    for (let j = 0; j < m; j++) out[j] /= sum;
    const diff = Math.log(sum) + beta * weighted / sum - target;
    if (Math.abs(diff) < 1e-5) break;
    if (diff > 0) {
      lo = beta;
      beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
    } else {
      hi = beta;
      beta = (beta + lo) / 2;
    }
  }
}

function exactGradient(cloud: PointCloud, perplexity: number, dim: number): Gradient {
  const { data, n, d } = cloud;
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = squaredEuclidean(data, d, i, j);
      D[i * n + j] = s;
      D[j * n + i] = s;
    }
  }
  const P = new Float64Array(n * n);
  const row = new Float64Array(n - 1), probs = new Float64Array(n - 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0, k = 0; j < n; j++) if (j !== i) row[k++] = D[i * n + j];
    calibrateRow(row, perplexity, probs);
    for (let j = 0, k = 0; j < n; j++) if (j !== i) P[i * n + j] = probs[k++];
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const p = Math.max((P[i * n + j] + P[j * n + i]) / (2 * n), 1e-12);
      P[i * n + j] = p;
      P[j * n + i] = p;
    }
    P[i * n + i] = 0;
  }
  const W = D; // the input distances are no longer needed: reuse their memory
  return (Y, exaggeration, grad) => {
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
        const f = 4 * (exaggeration * P[i * n + j] - w / Z) * w;
        for (let c = 0; c < dim; c++) {
          const g = f * (Y[i * dim + c] - Y[j * dim + c]);
          grad[i * dim + c] += g;
          grad[j * dim + c] -= g;
        }
      }
    }
  };
}

function barnesHutGradient(cloud: PointCloud, perplexity: number, theta: number): Gradient {
  const { data, n, d } = cloud;
  // Sparse conditional affinities over the K nearest neighbours (brute force).
  const K = Math.min(n - 1, Math.floor(3 * perplexity));
  const nbr = new Int32Array(n * K);
  const nd2 = new Float64Array(n * K);
  const probs = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    const base = i * K;
    let filled = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const s = squaredEuclidean(data, d, i, j);
      if (filled === K && s >= nd2[base + K - 1]) continue;
      let p = filled < K ? filled++ : K - 1;
      while (p > 0 && nd2[base + p - 1] > s) {
        nd2[base + p] = nd2[base + p - 1];
        nbr[base + p] = nbr[base + p - 1];
        p--;
      }
      nd2[base + p] = s;
      nbr[base + p] = j;
    }
    calibrateRow(nd2.subarray(base, base + K), perplexity, probs);
    nd2.set(probs, base); // nd2 now holds p_{j|i}
  }
  // Symmetrise: P_ij = (p_{j|i} + p_{i|j}) / 2n, stored both ways (CSR).
  const pairs = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) {
      const j = nbr[i * K + k];
      const key = i < j ? i * n + j : j * n + i;
      pairs.set(key, (pairs.get(key) ?? 0) + nd2[i * K + k] / (2 * n));
    }
  }
  const degree = new Int32Array(n + 1);
  for (const key of pairs.keys()) {
    degree[Math.floor(key / n) + 1]++;
    degree[(key % n) + 1]++;
  }
  for (let i = 0; i < n; i++) degree[i + 1] += degree[i];
  const cols = new Int32Array(degree[n]);
  const vals = new Float64Array(degree[n]);
  const fill = degree.slice(0, n);
  for (const [key, p] of [...pairs.entries()].sort((a, b) => a[0] - b[0])) {
    const i = Math.floor(key / n), j = key % n;
    cols[fill[i]] = j;
    vals[fill[i]++] = p;
    cols[fill[j]] = i;
    vals[fill[j]++] = p;
  }
  const repulse = new Float64Array(2 * n);
  return (Y, exaggeration, grad) => {
    const tree = buildQuadtree(Y, n);
    let Z = 0;
    const stack: number[] = [];
    for (let i = 0; i < n; i++) {
      const xi = Y[2 * i], yi = Y[2 * i + 1];
      let rx = 0, ry = 0;
      stack.push(0);
      while (stack.length > 0) {
        const node = stack.pop()!;
        const count = tree.count[node];
        if (count === 0) continue;
        const dx = xi - tree.comX[node], dy = yi - tree.comY[node];
        const dist2 = dx * dx + dy * dy;
        const width = tree.width[node];
        if (tree.leaf[node]) {
          // Leaf: its points one by one (several only when they coincide).
          for (let k = tree.start[node]; k < tree.start[node] + count; k++) {
            const j = tree.order[k];
            if (j === i) continue;
            const ex = xi - Y[2 * j], ey = yi - Y[2 * j + 1];
            const w = 1 / (1 + ex * ex + ey * ey);
            Z += w;
            rx += w * w * ex;
            ry += w * w * ey;
          }
        } else if (width * width < theta * theta * dist2) {
          const w = 1 / (1 + dist2);
          Z += count * w;
          rx += count * w * w * dx;
          ry += count * w * w * dy;
        } else {
          for (let q = 0; q < 4; q++) {
            if (tree.child[4 * node + q] >= 0) stack.push(tree.child[4 * node + q]);
          }
        }
      }
      repulse[2 * i] = rx;
      repulse[2 * i + 1] = ry;
    }
    for (let i = 0; i < n; i++) {
      let ax = 0, ay = 0;
      const xi = Y[2 * i], yi = Y[2 * i + 1];
      for (let k = degree[i]; k < degree[i + 1]; k++) {
        const j = cols[k];
        const ex = xi - Y[2 * j], ey = yi - Y[2 * j + 1];
        const w = vals[k] / (1 + ex * ex + ey * ey);
        ax += w * ex;
        ay += w * ey;
      }
      grad[2 * i] = 4 * (exaggeration * ax - repulse[2 * i] / Z);
      grad[2 * i + 1] = 4 * (exaggeration * ay - repulse[2 * i + 1] / Z);
    }
  };
}

interface Quadtree {
  count: number[];
  comX: number[];
  comY: number[];
  width: number[];
  /** Four child slots per node (−1 = none). */
  child: number[];
  /** 1 for a leaf (one point, or coinciding points at the depth limit). */
  leaf: number[];
  /** Leaf points: order[start … start + count). */
  start: number[];
  order: Int32Array;
}

function buildQuadtree(Y: Float64Array, n: number): Quadtree {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, Y[2 * i]);
    maxX = Math.max(maxX, Y[2 * i]);
    minY = Math.min(minY, Y[2 * i + 1]);
    maxY = Math.max(maxY, Y[2 * i + 1]);
  }
  const size = Math.max(maxX - minX, maxY - minY, 1e-12) * (1 + 1e-9);
  const tree: Quadtree = {
    count: [],
    comX: [],
    comY: [],
    width: [],
    child: [],
    leaf: [],
    start: [],
    order: Int32Array.from({ length: n }, (_, i) => i),
  };
  const scratch = new Int32Array(n);
  const build = (from: number, to: number, x0: number, y0: number, w: number, depth: number) => {
    const node = tree.count.length;
    let sx = 0, sy = 0;
    for (let k = from; k < to; k++) {
      sx += Y[2 * tree.order[k]];
      sy += Y[2 * tree.order[k] + 1];
    }
    const count = to - from;
    tree.count.push(count);
    tree.comX.push(sx / count);
    tree.comY.push(sy / count);
    tree.width.push(w);
    tree.start.push(from);
    tree.child.push(-1, -1, -1, -1);
    const leaf = count <= 1 || depth >= 48;
    tree.leaf.push(leaf ? 1 : 0);
    if (leaf) return node;
    // Partition order[from, to) into the four quadrants.
    const half = w / 2, mx = x0 + half, my = y0 + half;
    const bounds = [from, 0, 0, 0, to];
    let at = from;
    for (let q = 0; q < 4; q++) {
      for (let k = from; k < to; k++) {
        const p = tree.order[k];
        const quadrant = (Y[2 * p] >= mx ? 1 : 0) + (Y[2 * p + 1] >= my ? 2 : 0);
        if (quadrant === q) scratch[at++] = p;
      }
      bounds[q + 1] = at;
    }
    tree.order.set(scratch.subarray(from, to), from);
    for (let q = 0; q < 4; q++) {
      if (bounds[q + 1] > bounds[q]) {
        const child = build(
          bounds[q],
          bounds[q + 1],
          q & 1 ? mx : x0,
          q & 2 ? my : y0,
          half,
          depth + 1,
        );
        tree.child[4 * node + q] = child;
      }
    }
    return node;
  };
  build(0, n, minX, minY, size, 0);
  return tree;
}
