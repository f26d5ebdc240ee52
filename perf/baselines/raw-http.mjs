// Baseline: raw node:http writing pre-built bytes — the most a Node process
// can do for this page. Same body, ETag and caching headers as the server;
// a matching If-None-Match gets a 304. Started by perf/lib/processes.mjs.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";

const body = readFileSync(process.env.BODY_FILE);
const etag = process.env.ETAG;
const full = { "Content-Type": "application/json; charset=utf-8", "Content-Length": body.length, ETag: etag, "Cache-Control": "private, no-cache" };
const notModified = { ETag: etag, "Cache-Control": "private, no-cache" };

createServer((req, res) => {
  if (req.url === "/ready") return res.end("ok");
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, notModified);
    return res.end();
  }
  res.writeHead(200, full);
  res.end(body);
}).listen(Number(process.env.PORT), "127.0.0.1");
