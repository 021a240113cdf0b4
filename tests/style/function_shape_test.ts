/**
 * The project's limits on functions in src/experiment and site/ (the runner
 * and the report site, where god functions grew): at most 80 lines, at most
 * four positional parameters (more take an options object). Measured with the
 * TypeScript compiler's parser (function_shape.ts); the longest is printed.
 *
 * @module
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { measureDirs, measureSource } from "./function_shape.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DIRS = [`${ROOT}src/experiment`, `${ROOT}site`];

Deno.test("function shape: the measure counts a function's lines and positional parameters", () => {
  const shapes = measureSource(
    "x.ts",
    "function f(a: number, { b }: { b: number }) {\n  return a + b;\n}\nconst g = () => 1;\n",
  );
  assert.deepEqual(
    shapes.map((s) => [s.name, s.lines, s.parameters]),
    [["f", 3, 2], ["g", 1, 0]],
  );
});

Deno.test("function shape: no function in src/experiment or site/ over 80 lines or 4 positional parameters", async () => {
  const shapes = await measureDirs(DIRS);
  assert.ok(shapes.length > 100, "the folders were read");
  const longest = shapes.reduce((a, b) => (b.lines > a.lines ? b : a));
  console.log(`longest function: ${longest.name} (${longest.lines} lines) at ${longest.where}`);
  assert.deepEqual(shapes.filter((s) => s.lines > 80).map((s) => `${s.where} ${s.name}`), []);
  assert.deepEqual(shapes.filter((s) => s.parameters > 4).map((s) => `${s.where} ${s.name}`), []);
});
