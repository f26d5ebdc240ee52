import { existsSync, readFileSync } from "node:fs";
import { get, type IncomingHttpHeaders } from "node:http";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoRoutes } from "../src/http/routes/demo.js";
import { listen, stopListening } from "../src/http/server.js";
import { repositoryRoot } from "./support/repository.js";

// The build (scripts/copy-assets.mjs) writes `.br` and `.gz` twins of the demo
// page and the widget bundle into dist/assets; the demo routes pick one by
// Accept-Encoding. This suite serves the build's own output.
const assets = join(repositoryRoot(), "packages/server/dist/assets");
const files = { pageDir: join(assets, "demo"), distDir: join(assets, "widget") };

/** One GET with raw bytes (no automatic decompression, unlike fetch). */
function rawGet(url: string, acceptEncoding: string | undefined): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: acceptEncoding === undefined ? {} : { "accept-encoding": acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    }).on("error", reject);
  });
}

let server: Awaited<ReturnType<typeof listen>>;
beforeAll(async () => {
  if (!existsSync(join(files.distDir, "intro-page.standalone.js.br"))) throw new Error("packages/server/dist/assets has no precompressed bundle: run `npm run build` first");
  server = await listen(express().use(demoRoutes(files)), "127.0.0.1", 0);
});
afterAll(async () => {
  if (server) await stopListening(server.server);
});

const served = [
  ["/", join(files.pageDir, "index.html"), /^text\/html/],
  ["/demo.js", join(files.pageDir, "demo.js"), /javascript/],
  ["/dist/intro-page.standalone.js", join(files.distDir, "intro-page.standalone.js"), /javascript/],
  ["/dist/locales/de.js", join(files.distDir, "locales/de.js"), /javascript/],
] as const;

describe("precompressed static assets", () => {
  it.each(served)("when %s is asked for with br, gzip or neither, then that coding is sent with Vary: Accept-Encoding, and every coding decodes to the same bytes", async (path, file, type) => {
    const original = readFileSync(file);
    const cases = [
      ["gzip, deflate, br", "br", brotliDecompressSync],
      ["gzip", "gzip", gunzipSync],
      ["br;q=0, gzip;q=1", "gzip", gunzipSync],
      [undefined, undefined, (bytes: Buffer) => bytes],
      ["identity", undefined, (bytes: Buffer) => bytes],
    ] as const;
    for (const [accept, coding, decode] of cases) {
      const reply = await rawGet(`${server.url}${path}`, accept);
      expect(reply.status).toBe(200);
      expect(reply.headers["content-encoding"]).toBe(coding);
      expect(reply.headers["content-type"]).toMatch(type);
      expect(reply.headers.vary).toMatch(/accept-encoding/i);
      if (coding) expect(reply.body.length).toBeLessThan(original.length);
      expect(decode(reply.body).equals(original)).toBe(true);
    }
  });
});
