/**
 * `deno task serve [--dir _site] [--port 8000] [--host 127.0.0.1] [--base /]
 * [--artifacts DIR]`: preview the built site locally with live reload. A file
 * watcher on the site folder tells open pages to reload (server-sent events;
 * the small reload script is injected only here, never written to disk). With
 * `--artifacts`, the site is built first and rebuilt whenever the artifacts
 * change.
 *
 * @example
 * ```ts ignore
 * // deno task serve --artifacts results (serves until interrupted)
 * import { main } from "./serve.ts";
 * await main(["--artifacts", "results"]);
 * ```
 *
 * @module
 */

import { parseArgs } from "node:util";
import { buildSite, normalizeBase } from "../../site/build.ts";
import { staticHandler } from "../../site/static_server.ts";

const USAGE =
  `usage: deno task serve [--dir DIR] [--port N] [--host H] [--base PATH] [--artifacts DIR]

  --dir DIR        the built site to serve (default _site/)
  --port N         port (default 8000)
  --host H         interface (default 127.0.0.1)
  --base PATH      serve under this path, as on GitHub Pages (default /)
  --artifacts DIR  build the site from DIR first, and rebuild when it changes`;

/**
 * The server-sent-events endpoint the injected script listens to.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RELOAD_PATH } from "./serve.ts";
 * assert.ok(RELOAD_PATH.startsWith("/"));
 * ```
 */
export const RELOAD_PATH = "/__nntopo_reload";

/**
 * The live-reload snippet injected before `</body>` in serve mode.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { reloadScript } from "./serve.ts";
 * assert.ok(reloadScript().includes("EventSource"));
 * ```
 */
export function reloadScript(): string {
  return `<script>new EventSource(${
    JSON.stringify(RELOAD_PATH)
  }).onmessage = () => location.reload();</script>\n`;
}

/**
 * Run the server until interrupted; returns an exit code on bad arguments.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "./serve.ts";
 * assert.equal(await main(["--help"]), 0);
 * ```
 */
export async function main(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        dir: { type: "string", default: "_site" },
        port: { type: "string", default: "8000" },
        host: { type: "string", default: "127.0.0.1" },
        base: { type: "string", default: "/" },
        artifacts: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`serve: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: --port: expected an integer in 0..65535, found ${values.port}`);
    return 2;
  }
  const dir = values.dir.replace(/\/+$/, "");
  const base = normalizeBase(values.base);
  const build = async () => {
    if (!values.artifacts) return;
    try {
      const r = await buildSite({ artifacts: values.artifacts, out: dir, base });
      console.log(`serve: built ${r.pages.length} pages from ${values.artifacts}`);
    } catch (error) {
      console.error(`serve: build failed: ${(error as Error).message}`);
    }
  };
  await build();
  try {
    await Deno.stat(`${dir}/index.html`);
  } catch {
    console.error(
      `serve: ${dir}/index.html not found: run deno task site first, or pass --artifacts`,
    );
    return 1;
  }

  const clients = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const encoder = new TextEncoder();
  const files = staticHandler(dir, { base, inject: reloadScript() });
  const server = Deno.serve({ port, hostname: values.host, onListen: () => {} }, (request) => {
    if (new URL(request.url).pathname === RELOAD_PATH) {
      let self: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          self = controller;
          clients.add(controller);
          controller.enqueue(encoder.encode(": connected\n\n"));
        },
        cancel() {
          clients.delete(self);
        },
      });
      return new Response(body, {
        headers: { "content-type": "text/event-stream", "cache-control": "no-store" },
      });
    }
    return files(request);
  });
  console.log(`serve: http://${values.host}:${server.addr.port}${base} (live reload on)`);

  const notify = debounce(() => {
    for (const c of clients) {
      try {
        c.enqueue(encoder.encode("data: reload\n\n"));
      } catch {
        clients.delete(c);
      }
    }
  }, 200);
  watch(dir, notify);
  if (values.artifacts) watch(values.artifacts, debounce(build, 500));
  await server.finished;
  return 0;
}

function debounce(fn: () => unknown, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

async function watch(path: string, onChange: () => void): Promise<void> {
  for await (const _event of Deno.watchFs(path, { recursive: true })) onChange();
}

if (import.meta.main) {
  const code = await main(Deno.args);
  if (code !== 0) Deno.exit(code);
}
