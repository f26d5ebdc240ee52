#!/usr/bin/env node
// `npm run playground`: serves the playground page on 127.0.0.1 (PORT, default
// 5180). The page script is bundled from source with esbuild on each request,
// so an edit to the widget shows on reload; msw's Service Worker script is
// served from the installed msw. Also imported by the e2e suite
// (packages/server/test/e2e/playground.test.ts) to start it on port 0.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const workerScript = join(dirname(require.resolve("msw/package.json")), "lib/mockServiceWorker.js");

async function bundle() {
  const result = await build({
    entryPoints: [join(here, "playground.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "error",
  });
  return result.outputFiles[0].text;
}

/** Starts the playground; resolves with its URL and a `close()`. */
export async function startPlayground({ port = 0, host = "127.0.0.1" } = {}) {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    try {
      if (path === "/") return response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(readFileSync(join(here, "index.html")));
      if (path === "/playground.js") return response.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(await bundle());
      if (path === "/mockServiceWorker.js") return response.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(readFileSync(workerScript));
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    } catch (error) {
      response.writeHead(500, { "content-type": "text/plain" }).end(String(error));
    }
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  return {
    url: `http://${host}:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { url } = await startPlayground({ port: Number(process.env.PORT ?? 5180) });
  console.log(`intro-page playground: ${url}/  (scenarios: ?scenario=default|empty|slow|degraded|server-error|unauthorized|rate-limited|offline)`);
}
