/**
 * `deno task serve`: serves a built site under its base, injects the reload
 * script only in serve mode, and tells open pages to reload when a file of
 * the site changes.
 */

import assert from "node:assert/strict";
import { buildSite } from "../../site/build.ts";
import { writeFixtureExperiment } from "./fixture.ts";

Deno.test({
  name: "serve: base path, injected reload script, reload event on change",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const root = await Deno.makeTempDir({ prefix: "nntopo-serve-" });
    await writeFixtureExperiment(`${root}/results`, { mapper: false });
    const out = `${root}/_site`;
    await buildSite({ artifacts: `${root}/results`, out });
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("../../src/cli/serve.ts", import.meta.url).pathname,
        "--dir",
        out,
        "--port",
        "0",
        "--base",
        "/repo/",
      ],
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    try {
      const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
      let printed = "";
      while (!/http:\/\/\S+/.test(printed)) {
        const { value, done } = await reader.read();
        if (done) break;
        printed += value;
      }
      const url = /http:\/\/\S+/.exec(printed)?.[0];
      assert.ok(url?.endsWith("/repo/"), `serve printed: ${printed}`);
      const origin = new URL(url!).origin;

      const page = await (await fetch(url!)).text();
      assert.ok(page.includes("new EventSource"), "the reload script is injected");
      const onDisk = await Deno.readTextFile(`${out}/index.html`);
      assert.ok(!onDisk.includes("EventSource"), "…but never written to the site");
      const outside = await fetch(`${origin}/index.html`);
      await outside.body?.cancel();
      assert.equal(outside.status, 404, "pages live under the base only");
      const bare = await fetch(`${origin}/repo`, { redirect: "manual" });
      await bare.body?.cancel();
      assert.equal(bare.status, 301, "the base without its slash redirects");
      assert.equal(new URL(bare.headers.get("location")!, origin).pathname, "/repo/");

      const events = await fetch(`${origin}/__nntopo_reload`);
      const stream = events.body!.pipeThrough(new TextDecoderStream()).getReader();
      assert.match((await stream.read()).value ?? "", /connected/);
      await Deno.writeTextFile(`${out}/index.html`, onDisk + "\n");
      // A read blocks until the server sends something: bound the wait so a
      // missing event fails the test instead of hanging it.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const giveUp = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("no reload event within 30 s")), 30_000);
      });
      let received = "";
      try {
        while (!received.includes("data: reload")) {
          const { value, done } = await Promise.race([stream.read(), giveUp]);
          if (done) break;
          received += value;
        }
      } finally {
        clearTimeout(timer);
      }
      assert.match(received, /data: reload/);
      await stream.cancel();
      reader.releaseLock();
    } finally {
      child.kill("SIGTERM");
      await child.status;
      await child.stdout.cancel().catch(() => {});
      await Deno.remove(root, { recursive: true });
    }
  },
});
