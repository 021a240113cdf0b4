/**
 * A small static file handler for a built site, used by `deno task serve`
 * and the browser tests: serves a folder under a base path, maps folders to
 * their index.html, answers unknown paths with 404.html, refuses paths that
 * leave the folder, and can inject a snippet (the live-reload script) into
 * HTML pages.
 *
 * @module
 */

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  json: "application/json; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  txt: "text/plain; charset=utf-8",
};

/** Options of {@linkcode staticHandler}. */
export interface StaticHandlerOptions {
  /** The path the site is served under (default `/`). */
  base?: string;
  /** Markup inserted before `</body>` of every HTML page (serve mode only). */
  inject?: string;
}

/**
 * A `Deno.serve` handler for the files under `dir`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { staticHandler } from "./static_server.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/index.html`, "<body>hi</body>");
 * const handler = staticHandler(dir, { base: "/repo/" });
 * const ok = await handler(new Request("http://x/repo/"));
 * assert.equal(ok.status, 200);
 * assert.ok((await ok.text()).includes("hi"));
 * assert.equal((await handler(new Request("http://x/other/"))).status, 404);
 * ```
 */
export function staticHandler(
  dir: string,
  options: StaticHandlerOptions = {},
): (request: Request) => Promise<Response> {
  const base = options.base ?? "/";
  return async (request: Request): Promise<Response> => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new Response("method not allowed", { status: 405 });
    }
    const url = new URL(request.url);
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return new Response("bad request", { status: 400 });
    }
    if (base !== "/" && path === base.replace(/\/$/, "")) {
      // Like GitHub Pages: /repo → /repo/, so the page's relative links resolve under the base.
      return Response.redirect(new URL(`${url.pathname}/`, url), 301);
    }
    if (!path.startsWith(base)) return await notFound(dir, options.inject);
    const parts = path.slice(base.length).split("/").filter((p) => p !== "" && p !== ".");
    if (parts.some((p) => p === ".." || p.includes("\\") || p.includes("\0"))) {
      return new Response("forbidden", { status: 403 });
    }
    let file = `${dir}/${parts.join("/")}`;
    try {
      const info = await Deno.stat(file);
      if (info.isDirectory) {
        if (!path.endsWith("/")) {
          return Response.redirect(new URL(`${url.pathname}/`, url), 301);
        }
        file = `${file}/index.html`;
        await Deno.stat(file);
      }
    } catch {
      return await notFound(dir, options.inject);
    }
    return await fileResponse(file, 200, options.inject, request.method === "HEAD");
  };
}

async function notFound(dir: string, inject?: string): Promise<Response> {
  try {
    return await fileResponse(`${dir}/404.html`, 404, inject, false);
  } catch {
    return new Response("not found", { status: 404 });
  }
}

async function fileResponse(
  file: string,
  status: number,
  inject: string | undefined,
  head: boolean,
): Promise<Response> {
  const ext = file.slice(file.lastIndexOf(".") + 1).toLowerCase();
  const type = TYPES[ext] ?? "application/octet-stream";
  const headers = { "content-type": type, "cache-control": "no-store" };
  if (ext === "html" && inject) {
    const text = await Deno.readTextFile(file);
    const at = text.lastIndexOf("</body>");
    const body = at < 0 ? text + inject : text.slice(0, at) + inject + text.slice(at);
    return new Response(head ? null : body, { status, headers });
  }
  const bytes = await Deno.readFile(file);
  return new Response(head ? null : bytes, { status, headers });
}
