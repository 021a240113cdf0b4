/**
 * Internal: squared Euclidean distances between rows of a row-major array.
 *
 * @module
 */

/** Squared Euclidean distance between rows i and j of a row-major n×d array. */
export function squaredDistance(data: ArrayLike<number>, d: number, i: number, j: number): number {
  let s = 0;
  const a = i * d, b = j * d;
  for (let c = 0; c < d; c++) {
    const t = data[a + c] - data[b + c];
    s += t * t;
  }
  return s;
}
