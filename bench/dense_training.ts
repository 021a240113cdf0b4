/**
 * Dense training timings: the default study's two networks (experiments/spheres.ts,
 * 10-8-5-1 and 2-3-2-1 on 13,400 points of R^10) trained for its 25 epochs
 * with the train and test metrics after every epoch, as the study's runner
 * thread does. Prints each rep's seconds per network and a SHA-256 of every
 * history and final weights, so that two versions of the engine can be
 * compared for speed and for identical bits. `--root DIR` loads the engine
 * from another checkout's src/ (e.g. `git archive main src | tar -x -C DIR`),
 * for interleaved A/B runs.
 *
 * Usage: deno run -A bench/dense_training.ts [--reps 3] [--epochs 25] [--root .]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { pathToFileURL as toFileUrl } from "node:url";
import spec from "../experiments/spheres.ts";

const { values } = parseArgs({
  options: {
    reps: { type: "string", default: "3" },
    epochs: { type: "string", default: String(spec.epochs) },
    root: { type: "string", default: new URL("..", import.meta.url).pathname },
  },
});
const reps = Number(values.reps), epochs = Number(values.epochs);
const root = toFileUrl(resolve(values.root!) + "/");
const load = (path: string) => import(new URL(path, root).href);
const { prepareData } = await load("src/experiment/prepare_data.ts");
const { buildModel } = await load("src/nn/build_model.ts");
const { trainModel } = await load("src/nn/train.ts");
const { weights } = await load("src/nn/weights.ts");
const { deriveSeed } = await load("src/data/random.ts");

const data = await prepareData(spec);

async function sha256(parts: (string | Float32Array)[]): Promise<string> {
  const chunks = parts.map((p) =>
    typeof p === "string" ? new TextEncoder().encode(p) : new Uint8Array(p.buffer.slice(0))
  );
  const all = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

for (let rep = 0; rep < reps; rep++) {
  const line: string[] = [];
  for (const net of spec.networks) {
    const seed = deriveSeed(spec.seed, `network:${net.name}`);
    const model = buildModel(net, data.train.d, { seed });
    const t = performance.now();
    const history = await trainModel(model, net, data, { epochs, seed });
    const seconds = (performance.now() - t) / 1000;
    const layers = weights(model) as { kernel: Float32Array; bias: Float32Array }[];
    const hash = await sha256([
      JSON.stringify(history),
      ...layers.flatMap((l) => [l.kernel, l.bias]),
    ]);
    line.push(`${net.name} ${seconds.toFixed(3)} s ${hash}`);
    model.dispose();
  }
  console.log(`rep ${rep}: ${line.join("  ")}`);
}
