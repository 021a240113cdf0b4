import assert from "node:assert/strict";

const cli = new URL("../../src/cli/experiment.ts", import.meta.url).pathname;

async function runCli(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", cli, "--quiet", "--no-site", ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
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
