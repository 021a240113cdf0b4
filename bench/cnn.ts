/**
 * `deno task bench` (CNN part): one training epoch of the CNN-topology talk's
 * network (conv 64 3×3 → max-pool 2 → conv 16 2×2 → max-pool 2 → dense 10) on
 * 8,000 MNIST digits at batch 32, in nntopo's conv engine and in PyTorch
 * (Debian's python3-torch, `torch.set_num_threads(2)`), interleaved (ours,
 * PyTorch, ours, …). Prints the median epoch time of each and the ratio
 * ours/PyTorch, and a warning when the machine was busy: load does not hit
 * both alike (PyTorch's threads lose far more), so only a quiet machine's
 * ratio means anything. Without /usr/bin/python3 and
 * torch it prints our time alone and says why.
 *
 * Usage: deno run -A bench/cnn.ts [--reps 3] [--threads 2] [--n 8000]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { mnistDigits } from "../src/data/mnist.ts";
import { buildModel } from "../src/nn/build_model.ts";
import { engineNet } from "../src/nn/conv_model.ts";
import { convTrainer } from "../src/nn/conv_trainer.ts";
import { createRandom, shuffleInPlace } from "../src/data/random.ts";
import type { ModelSpec } from "../src/nn/spec.ts";

const { values } = parseArgs({
  options: {
    reps: { type: "string", default: "3" },
    threads: { type: "string", default: "2" },
    n: { type: "string", default: "8000" },
  },
});
const reps = Number(values.reps), threads = Number(values.threads), n = Number(values.n);

/** The talk's CNN. */
export const talkCnn: ModelSpec = {
  name: "talk-cnn",
  inputShape: [28, 28, 1],
  loss: "softmaxCrossentropy",
  layers: [
    { kind: "conv2d", filters: 64, kernelSize: 3 },
    { kind: "maxPool2d", poolSize: 2 },
    { kind: "conv2d", filters: 16, kernelSize: 2 },
    { kind: "maxPool2d", poolSize: 2 },
    { kind: "flatten" },
    { units: 10 },
  ],
};

const digits = await mnistDigits();
const x = digits.x.slice(0, n * 784), y = digits.y.slice(0, n);

async function ours(rep: number): Promise<{ seconds: number; loss: number }> {
  const model = buildModel(talkCnn, 784, { seed: rep });
  const adam = { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, iterations: 0 };
  const trainer = await convTrainer(engineNet(model), adam, null, { batchSize: 32, threads });
  const order = shuffleInPlace(Int32Array.from({ length: n }, (_, i) => i), createRandom(rep));
  const start = performance.now();
  const xs = new Float32Array(n * 784), ys = new Int32Array(n);
  order.forEach((i, k) => {
    xs.set(x.subarray(i * 784, i * 784 + 784), k * 784);
    ys[k] = y[i];
  });
  await trainer.setData(xs, ys);
  let total = 0;
  for (let b = 0; b < n; b += 32) {
    const m = Math.min(32, n - b);
    total += (await trainer.step(b, m)) * m;
  }
  const seconds = (performance.now() - start) / 1000;
  trainer.close();
  return { seconds, loss: total / n };
}

async function torchAvailable(): Promise<string | null> {
  try {
    const out = await new Deno.Command("/usr/bin/python3", { args: ["-c", "import torch"] })
      .output();
    return out.success ? null : new TextDecoder().decode(out.stderr).trim().split("\n").pop()!;
  } catch (e) {
    return (e as Error).message;
  }
}

async function pytorch(dir: string): Promise<{ seconds: number; loss: number }> {
  const script = new URL("./cnn_torch.py", import.meta.url).pathname;
  const out = await new Deno.Command("/usr/bin/python3", {
    args: [script, `${dir}/x.bin`, `${dir}/y.bin`, String(n), "2"],
  }).output();
  if (!out.success) throw new Error(`cnn_torch.py failed: ${new TextDecoder().decode(out.stderr)}`);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

/**
 * How many other runnable threads the machine has while this process waits:
 * the median of 10 samples, 50 ms apart, of /proc/loadavg's running count
 * less the reader itself (null where /proc/loadavg is not there).
 */
async function othersRunnable(): Promise<number | null> {
  const samples: number[] = [];
  try {
    for (let i = 0; i < 10; i++) {
      const running = Deno.readTextFileSync("/proc/loadavg").split(" ")[3].split("/")[0];
      samples.push(Number(running) - 1);
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch {
    return null;
  }
  return samples.sort((p, q) => p - q)[5];
}

const median = (a: number[]) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
const missing = await torchAvailable();
const dir = await Deno.makeTempDir({ prefix: "nntopo-bench-cnn-" });
try {
  await Deno.writeFile(`${dir}/x.bin`, new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
  await Deno.writeFile(`${dir}/y.bin`, new Uint8Array(y.buffer, y.byteOffset, y.byteLength));
  const times: { ours: number[]; torch: number[] } = { ours: [], torch: [] };
  let busy = 0;
  const sampleLoad = async () => busy = Math.max(busy, (await othersRunnable()) ?? 0);
  for (let rep = 0; rep < reps; rep++) {
    await sampleLoad();
    const a = await ours(rep);
    times.ours.push(a.seconds);
    let line = `rep ${rep + 1}: ours ${a.seconds.toFixed(2)} s (loss ${a.loss.toFixed(3)})`;
    if (!missing) {
      await sampleLoad();
      const b = await pytorch(dir);
      times.torch.push(b.seconds);
      line += `, PyTorch ${b.seconds.toFixed(2)} s (loss ${b.loss.toFixed(3)})`;
    }
    console.error(line);
  }
  console.log(
    `\nCNN epoch (conv 64 3×3 → pool 2 → conv 16 2×2 → pool 2 → dense 10), ${n} digits, batch 32, median of ${reps}:`,
  );
  console.log("| engine | threads | epoch s |\n| --- | ---: | ---: |");
  console.log(`| nntopo conv engine | ${threads} | ${median(times.ours).toFixed(2)} |`);
  if (missing) {
    console.log(`PyTorch not run (/usr/bin/python3 with torch unavailable: ${missing})`);
  } else {
    console.log(`| PyTorch (CPU) | 2 | ${median(times.torch).toFixed(2)} |`);
    console.log(`ours/PyTorch: ${(median(times.ours) / median(times.torch)).toFixed(2)}`);
  }
  if (busy > 0) {
    console.log(
      `warning: up to ${busy} other threads were runnable between the runs. PyTorch's worker ` +
        "threads slow down far more than ours when other processes compete for the cores, so " +
        "this ratio flatters ours: measure on a quiet machine.",
    );
  }
} finally {
  await Deno.remove(dir, { recursive: true });
}
