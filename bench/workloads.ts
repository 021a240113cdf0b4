/**
 * The inputs of the Ripser paper's benchmarks, generated afresh from a seed:
 * Haar-random rotations of SO(3) as points of R^9, points of S^3, points of
 * RP^2 as a distance matrix, and a 6000-point cloud in R^24 near a surface
 * (in place of the cyclo-octane conformations, which are not redistributed
 * here). Each comes as the text Ripser reads.
 *
 * @module
 */

import { createRandom, deriveSeed, type Random } from "../src/data/random.ts";

/** A point as a row of coordinates. */
export type Point = number[];

/** Seeded random source for one workload (each name its own stream). */
export function workloadRandom(seed: number, name: string): Random {
  return createRandom(deriveSeed(seed, name));
}

/**
 * n Haar-random rotation matrices (unit quaternions drawn uniformly from
 * S^3, mapped to SO(3)), each as the 9 entries of the matrix, row by row.
 */
export function rotations(n: number, random: Random): Point[] {
  return Array.from({ length: n }, () => {
    const [w, x, y, z] = sphere(3, random);
    return [
      1 - 2 * (y * y + z * z),
      2 * (x * y - w * z),
      2 * (x * z + w * y),
      2 * (x * y + w * z),
      1 - 2 * (x * x + z * z),
      2 * (y * z - w * x),
      2 * (x * z - w * y),
      2 * (y * z + w * x),
      1 - 2 * (x * x + y * y),
    ];
  });
}

/** A uniform point of the unit sphere S^k ⊂ R^(k+1). */
export function sphere(k: number, random: Random): Point {
  for (;;) {
    const p = Array.from({ length: k + 1 }, () => random.normal());
    const r = Math.hypot(...p);
    if (r > 1e-9) return p.map((x) => x / r);
  }
}

/** n uniform points of S^k. */
export function spherePoints(n: number, k: number, random: Random): Point[] {
  return Array.from({ length: n }, () => sphere(k, random));
}

/**
 * The packed lower triangle of the geodesic distances of n uniform points
 * of the real projective plane RP^2 (S^2 with antipodes identified):
 * d(x, y) = arccos |x · y|.
 */
export function projectivePlaneDistances(n: number, random: Random): Float64Array {
  const points = spherePoints(n, 2, random);
  const lower = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const dot = Math.abs(
        points[i][0] * points[j][0] + points[i][1] * points[j][1] + points[i][2] * points[j][2],
      );
      lower[k++] = Math.acos(Math.min(1, dot));
    }
  }
  return lower;
}

/**
 * n points of a torus embedded smoothly in R^d: the angles (θ, φ) uniform,
 * mapped through low-frequency Fourier features and a random linear map.
 * Like the cyclo-octane cloud, a 2-dimensional surface in a high-dimensional
 * space, sampled densely enough that a threshold of 0.6 connects each point
 * to a few hundred neighbours.
 */
export function surfaceCloud(n: number, d: number, random: Random): Point[] {
  const features = (t: number, f: number) => [
    Math.cos(t),
    Math.sin(t),
    Math.cos(f),
    Math.sin(f),
    Math.cos(t + f),
    Math.sin(t + f),
    Math.cos(2 * t - f),
    Math.sin(2 * t - f),
  ];
  const k = features(0, 0).length;
  const map = Array.from({ length: d * k }, () => random.normal() * 0.15);
  return Array.from({ length: n }, () => {
    const phi = features(2 * Math.PI * random.next(), 2 * Math.PI * random.next());
    return Array.from({ length: d }, (_, r) => {
      let x = 0;
      for (let c = 0; c < k; c++) x += map[r * k + c] * phi[c];
      return x;
    });
  });
}

/** Ripser's point-cloud text: one point per line. */
export function pointCloudText(points: Point[]): string {
  return points.map((p) => p.map((x) => x.toFixed(6)).join(" ")).join("\n") + "\n";
}

/** Ripser's lower-distance text of a packed lower triangle of n points. */
export function lowerDistanceText(lower: Float64Array, n: number): string {
  const rows: string[] = [];
  let k = 0;
  for (let i = 1; i < n; i++) {
    const row: string[] = [];
    for (let j = 0; j < i; j++) row.push(lower[k++].toFixed(6));
    rows.push(row.join(","));
  }
  return rows.join("\n") + "\n";
}
