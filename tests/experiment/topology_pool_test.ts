import assert from "node:assert/strict";
import { createRandom } from "../../src/data/random.ts";
import type { PointCloud } from "../../src/data/point_cloud.ts";
import { cloudBarcode } from "../../src/experiment/snapshot.ts";
import { trackedDistances } from "../../src/experiment/tracking.ts";
import { topologyPool } from "../../src/experiment/topology_pool.ts";
import { networkPaths } from "../../src/artifacts/layout.ts";

function cloud(seed: number, n: number, d: number): PointCloud {
  const random = createRandom(seed);
  return { data: new Float32Array(n * d).map(() => random.next() * 4), n, d };
}

const options = (seed: number) => ({
  maxDim: 1,
  points: 60,
  metric: "euclidean" as const,
  seed,
});

Deno.test("barcodes from worker threads equal those computed on the main thread", async () => {
  const pool = topologyPool({ workers: 2 });
  try {
    const clouds = [1, 2, 3, 4, 5].map((s) => cloud(s, 40 + 20 * s, 1 + s));
    const got = await Promise.all(clouds.map((c, i) => pool.barcode(c, options(i))));
    for (let i = 0; i < clouds.length; i++) {
      assert.deepEqual(got[i], await cloudBarcode(clouds[i], options(i)), `cloud ${i}`);
    }
    assert.equal(pool.reused, 0);
  } finally {
    pool.close();
  }
});

Deno.test("an identical cloud is computed once; another seed or cloud is not reused", async () => {
  const pool = topologyPool({ workers: 1 });
  try {
    const a = cloud(7, 100, 3);
    const copy = { ...a, data: a.data.slice() };
    const first = await pool.barcode(a, options(0));
    const again = await pool.barcode(copy, options(0));
    assert.equal(pool.reused, 1);
    assert.deepEqual(again, first);
    // The result is shared, frozen: a caller cannot change it for the others.
    const bars = again.diagrams[0].length;
    assert.ok(bars > 0);
    assert.throws(() => (again.diagrams[0].length = 0), TypeError);
    assert.throws(() => (again.diagrams[0][0][1] = -1), TypeError);
    assert.throws(() => (again.barcode.threshold = 0), TypeError);
    assert.equal((await pool.barcode(a, options(0))).diagrams[0].length, bars);
    await pool.barcode(a, options(1));
    const moved = { ...a, data: a.data.slice() };
    moved.data[0] += 1;
    await pool.barcode(moved, options(0));
    assert.equal(pool.reused, 2);
  } finally {
    pool.close();
  }
});

Deno.test("tracked distances from worker threads equal the main thread's", async () => {
  const pool = topologyPool({ workers: 2 });
  try {
    const diagrams = await Promise.all(
      [11, 12, 13].map((s) => cloudBarcode(cloud(s, 150, 2), { ...options(s), points: 150 })),
    );
    for (let i = 0; i < diagrams.length; i++) {
      for (let dim = 0; dim < 2; dim++) {
        const a = diagrams[i].diagrams[dim], b = diagrams[(i + 1) % 3].diagrams[dim];
        assert.deepEqual(await pool.distances(a, b), trackedDistances(a, b));
      }
    }
  } finally {
    pool.close();
  }
});

Deno.test("a failure in a worker rejects that request with its message, not the process", async () => {
  const pool = topologyPool({ workers: 1 });
  try {
    const broken = { data: new Float32Array(5), n: 3, d: 2 };
    await assert.rejects(pool.barcode(broken, options(0)), /topology worker: .*cloud/);
    // The worker goes on serving.
    const ok = await pool.barcode(cloud(1, 20, 2), options(0));
    assert.equal(ok.barcode.points, 20);
  } finally {
    pool.close();
  }
});

Deno.test("workers: 0 computes on the main thread; closing rejects what still waits", async () => {
  const inline = topologyPool({ workers: 0 });
  const c = cloud(3, 50, 2);
  assert.deepEqual(await inline.barcode(c, options(0)), await cloudBarcode(c, options(0)));
  inline.close();

  const pool = topologyPool({ workers: 1 });
  const big = { ...options(0), points: 800 };
  const running = pool.barcode(cloud(4, 800, 5), big);
  // Let the barcode reach the worker (its key is computed first), then queue
  // a second request behind it and close.
  await new Promise((r) => setTimeout(r, 20));
  const queued = pool.distances([[0, 1]], [[0, 2]]);
  pool.close();
  // Both are awaited at once: the one close() rejects first must not wait for a
  // handler behind the other (on a loaded machine the barcode's key may still be
  // hashing when close() runs, so the distances request is the one in the worker).
  await Promise.all([running, queued].map((request) => assert.rejects(request, /closed/)));
  assert.throws(() => topologyPool({ workers: -1 }), /"workers".*-1/);
});

Deno.test("a free worker takes the largest barcode first, then distances, then pictures", async () => {
  const experimentDir = await Deno.makeTempDir();
  const pool = topologyPool({ workers: 1, eager: true });
  try {
    const drawn = await cloudBarcode(cloud(5, 30, 2), options(0));
    await Deno.mkdir(networkPaths(experimentDir, "n", 1).epochDir(0), { recursive: true });
    const cell = { layer: 0, split: "all" as const, ...drawn, metrics: {} };
    const finished: string[] = [];
    const track = <T>(label: string, request: Promise<T>) =>
      request.then((result) => {
        finished.push(label);
        return result;
      });
    // The first request goes to the idle worker at once; the rest queue in
    // the pool behind it (a barcode is long: nothing waits in its worker).
    const first = pool.barcode(cloud(4, 40, 2), options(0));
    await new Promise((r) => setTimeout(r, 20));
    const requests: Promise<unknown>[] = [track("first", first)];
    requests.push(
      track("pictures", pool.pictures({ experimentDir, network: "n", amount: 1, epoch: 0, cell })),
    );
    requests.push(track("distances", pool.distances([[0, 2]], [[0, 5]])));
    requests.push(track("small barcode", pool.barcode(cloud(1, 30, 2), options(0))));
    requests.push(track("large barcode", pool.barcode(cloud(2, 60, 2), options(0))));
    requests.push(track("high barcode", pool.barcode(cloud(3, 60, 4), options(0))));
    await Promise.all(requests);
    assert.deepEqual(finished, [
      "first",
      "high barcode",
      "large barcode",
      "small barcode",
      "distances",
      "pictures",
    ]);
  } finally {
    pool.close();
    await Deno.remove(experimentDir, { recursive: true });
  }
});

Deno.test("a repeated pair of diagrams gets its distances once, each caller its own copy", async () => {
  const pool = topologyPool({ workers: 1 });
  try {
    const a = (await cloudBarcode(cloud(21, 80, 3), options(0))).diagrams[0];
    const b = (await cloudBarcode(cloud(22, 80, 3), options(0))).diagrams[0];
    const [x, y] = await Promise.all([pool.distances(a, b), pool.distances([...a], [...b])]);
    assert.deepEqual(x, trackedDistances(a, b));
    assert.deepEqual(y, x);
    x.bottleneck = -1;
    assert.deepEqual(await pool.distances(a, b), trackedDistances(a, b));
  } finally {
    pool.close();
  }
});

Deno.test("short tasks queued in a busy worker come back in order, each with its own result", async () => {
  const pool = topologyPool({ workers: 1 });
  try {
    const pairs = Array.from({ length: 12 }, (_, k) => [bars(k, 1), bars(k, 2)] as const);
    const got = await Promise.all(pairs.map(([a, b]) => pool.distances(a, b)));
    got.forEach((d, k) => assert.deepEqual(d, trackedDistances(...pairs[k]), `pair ${k}`));
  } finally {
    pool.close();
  }
});

/** A diagram of k + 1 bars of length about s. */
function bars(k: number, s: number): [number, number][] {
  return Array.from({ length: k + 1 }, (_, i) => [i * 0.1, i * 0.1 + s + k * 0.01]);
}

Deno.test("the same cell's pictures for two networks are drawn once and copied; another layer's are drawn", async () => {
  const experimentDir = await Deno.makeTempDir();
  const pool = topologyPool({ workers: 2 });
  try {
    const c = cloud(31, 80, 3);
    const { barcode, diagrams, cycles } = await cloudBarcode(c, {
      ...options(0),
      cycles: 2,
    });
    const cell = (layer: number) => ({
      layer,
      split: "all" as const,
      barcode,
      diagrams,
      backend: "plain" as const,
      metrics: {},
      ...(cycles ? { cycles } : {}),
    });
    const paths = (network: string) => networkPaths(experimentDir, network, 1);
    for (const net of ["a", "b"]) {
      await Deno.mkdir(paths(net).epochDir(0), { recursive: true });
      await Deno.mkdir(paths(net).epochDir(5), { recursive: true });
    }
    const job = (network: string, epoch: number, layer: number) => ({
      experimentDir,
      network,
      amount: 1,
      epoch,
      cell: cell(layer),
    });
    await Promise.all([
      pool.pictures(job("a", 0, 0)),
      pool.pictures(job("b", 5, 0)),
      pool.pictures(job("a", 0, 1)),
      pool.pictures(job("b", 5, 1)),
    ]);
    const read = (network: string, epoch: number, layer: number) =>
      Deno.readFile(paths(network).diagramPng(epoch, layer));
    assert.deepEqual(await read("b", 5, 0), await read("a", 0, 0));
    assert.notDeepEqual(await read("b", 5, 1), await read("a", 0, 1)); // titles name network and epoch
    const names = (network: string, epoch: number) =>
      [...Deno.readDirSync(paths(network).epochDir(epoch))].map((e) => e.name).sort();
    assert.deepEqual(names("b", 5), names("a", 0));
  } finally {
    pool.close();
    await Deno.remove(experimentDir, { recursive: true });
  }
});
