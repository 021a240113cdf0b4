import assert from "node:assert/strict";
import { pca } from "../../src/geometry/pca.ts";
import { createRandom } from "../../src/data/random.ts";

Deno.test("pca of points in 300,000 dimensions (a wide conv layer's flattened maps) finds the spread axis", () => {
  // 4 points along one random direction plus small noise: d is past what spreading a vector into
  // Math.hypot's arguments allows (RangeError: Maximum call stack size exceeded before).
  const n = 4, d = 300_000, random = createRandom(1);
  const axis = Float64Array.from({ length: d }, () => random.normal());
  const norm = Math.sqrt(axis.reduce((s, v) => s + v * v, 0));
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < d; c++) data[i * d + c] = (i * axis[c]) / norm + 1e-4 * random.normal();
  }
  const { components, variances } = pca({ data, n, d }, 1);
  let dot = 0;
  for (let c = 0; c < d; c++) dot += (components[c] * axis[c]) / norm;
  assert.ok(Math.abs(dot) > 0.99, `|cos| to the spread axis ${dot}`);
  // Points at 0, 1, 2, 3 along the axis: variance 5/3 (divisor n − 1), noise adds ~d·1e-8.
  assert.ok(Math.abs(variances[0] - 5 / 3) < 0.02, `variance ${variances[0]}`);
});
