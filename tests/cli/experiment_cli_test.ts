import assert from "node:assert/strict";
import { withoutRuntimeNotices } from "../experiment/resume_helpers.ts";

const cli = new URL("../../src/cli/experiment.ts", import.meta.url).pathname;

async function runCli(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", cli, "--quiet", "--no-site", ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stderr: withoutRuntimeNotices(new TextDecoder().decode(out.stderr)) };
}

async function isEmptyDir(dir: string): Promise<boolean> {
  for await (const _ of Deno.readDir(dir)) return false;
  return true;
}

Deno.test("an unknown experiment name is refused with the list of known ones", async () => {
  const out = await Deno.makeTempDir();
  const { code, stderr } = await runCli(["no-such-study", "--out", out]);
  assert.notEqual(code, 0);
  assert.match(stderr, /unknown experiment "no-such-study": expected one of .*spheres/);
  assert.ok(await isEmptyDir(out), "nothing written");
});

Deno.test("a negative --epochs is refused before anything is written", async () => {
  const out = await Deno.makeTempDir();
  const { code, stderr } = await runCli(["--epochs=-3", "--out", out]);
  assert.notEqual(code, 0);
  assert.match(stderr, /--epochs: expected an integer ≥ 0, found "-3"/);
  assert.ok(await isEmptyDir(out));
  const spaced = await runCli(["--epochs", "-3", "--out", out]);
  assert.notEqual(spaced.code, 0);
  assert.match(spaced.stderr, /--epochs/);
  assert.ok(await isEmptyDir(out));
});

Deno.test("a non-numeric --points is refused", async () => {
  const { code, stderr } = await runCli(["--points", "many", "--out", await Deno.makeTempDir()]);
  assert.notEqual(code, 0);
  assert.match(stderr, /--points: expected an integer ≥ 2, found "many"/);
});

Deno.test("an unwritable --out is refused, naming it", async () => {
  const file = await Deno.makeTempFile();
  const { code, stderr } = await runCli(["--out", `${file}/results`, "--epochs", "1"]);
  assert.notEqual(code, 0);
  assert.match(stderr, /--out: expected a writable directory, found ".*\/results"/);
});

Deno.test("an unknown flag is refused", async () => {
  const { code, stderr } = await runCli(["--epoch", "3"]);
  assert.notEqual(code, 0);
  assert.match(stderr, /epoch/);
});

Deno.test("a malformed --data-amount is refused", async () => {
  for (const bad of ["3/2", "0/4", "half"]) {
    const { code, stderr } = await runCli([
      "--data-amount",
      bad,
      "--out",
      await Deno.makeTempDir(),
    ]);
    assert.notEqual(code, 0);
    assert.match(stderr, /--data-amount: expected n\/N with 1 ≤ n ≤ N/);
  }
});

const spheresUrl = new URL("../../experiments/spheres.ts", import.meta.url).href;

/** A spec file: the spheres study changed by `body` (TypeScript run on `s`, a copy). */
async function specFile(name: string, body: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "nntopo-cli-spec-" });
  const path = `${dir}/${name}.ts`;
  await Deno.writeTextFile(
    path,
    `import spheres from "${spheresUrl}";
const s: Record<string, any> = structuredClone(spheres);
s.name = "${name}";
${body}
export default s;
`,
  );
  return path;
}

Deno.test("the whole spec is checked before overrides and before anything is written, naming the file", async () => {
  const out = await Deno.makeTempDir();
  const cases: Array<[string, string, string[], RegExp]> = [
    [
      "nosnap",
      "delete s.snapshots;",
      ["--epochs", "2"],
      /field "snapshots": expected a non-empty list of epochs, found nothing/,
    ],
    [
      "notopo",
      "delete s.topology;",
      ["--points", "150"],
      /field "topology": expected an object, found nothing/,
    ],
    [
      "n0",
      "s.dataset.source.n = 0;",
      [],
      /field "dataset\.source\.n": expected an integer ≥ 2, found 0/,
    ],
    [
      "d0",
      "s.dataset.source.d = 0;",
      [],
      /field "dataset\.source\.d": expected an integer ≥ 1, found 0/,
    ],
    [
      "units8",
      's.networks[0].layers[1].units = "8";',
      [],
      /field "networks\[0\]\.layers\[1\]\.units": expected a positive integer, found "8" \(a string\)/,
    ],
  ];
  const good = await specFile("fine", "");
  for (const [name, body, flags, message] of cases) {
    const path = await specFile(name, body);
    // A valid spec first: nothing of it runs either.
    const { code, stderr } = await runCli([good, path, "--out", out, ...flags]);
    assert.equal(code, 1, stderr);
    assert.ok(stderr.startsWith(`error: ${path}: field `), stderr);
    assert.match(stderr, message);
    assert.doesNotMatch(stderr, /TypeError|Cannot read|Cannot set/);
    assert.ok(await isEmptyDir(out), `${name}: nothing written`);
  }
  const missing = await runCli(["/no/such/spec.ts", "--out", out]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /expected an experiment spec file, found "\/no\/such\/spec\.ts"/);
});

Deno.test("--site-out is checked before the run, naming the flag", async () => {
  const out = await Deno.makeTempDir();
  const file = await Deno.makeTempFile();
  const foreign = await Deno.makeTempDir();
  await Deno.writeTextFile(`${foreign}/thesis.tex`, "");
  for (const siteOut of [`${file}/site`, foreign]) {
    const result = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", cli, "--quiet", "--out", out, "--site-out", siteOut],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(result.stderr);
    assert.equal(result.code, 2, stderr);
    assert.ok(
      stderr.includes(
        `--site-out: expected an empty or new folder, or a site built before, found "${siteOut}"`,
      ),
      stderr,
    );
    assert.ok(await isEmptyDir(out), "nothing written");
  }
  assert.ok(await Deno.stat(`${foreign}/thesis.tex`), "the foreign folder is untouched");
});

Deno.test("an experiment failing at run time leaves no resume state, and the finished ones' summary is printed", async () => {
  const out = await Deno.makeTempDir();
  const tiny = await specFile(
    "tiny",
    `s.dataset.source = { kind: "concentric-spheres", d: 10, n: 100 };
s.networks = [{ name: "good_10-4-1", role: "good", layers: [{ units: 4 }, { units: 1 }] }];
s.epochs = 1; s.snapshots = [1]; s.topology = { ...s.topology, points: 10, splits: ["all"] };`,
  );
  const fashion = await specFile(
    "nodata",
    `s.dataset = { name: "fashion", source: { kind: "fashion-mnist", dir: "/no/such/fashion" } };`,
  );
  const result = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", cli, "--quiet", "--no-site", "--workers", "0", tiny, fashion, "--out", out],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(result.stdout);
  const stderr = new TextDecoder().decode(result.stderr);
  assert.equal(result.code, 1, stderr);
  assert.match(stdout, /^tiny\s+good_10-4-1\s+good\s+1\s/m, `the summary of tiny:\n${stdout}`);
  assert.match(stderr, /\/no\/such\/fashion/);
  assert.ok(
    !(await Deno.stat(`${out}/fashion`).then(() => true, () => false)),
    "no exp_nodata/.resume",
  );
});
