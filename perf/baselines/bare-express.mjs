// Baseline: a bare Express 5 handler that res.json()s the same page object
// (parsed once at start), with the server's ETag and caching headers; a
// matching If-None-Match gets a 304. Started by perf/lib/processes.mjs.
import { readFileSync } from "node:fs";
import express from "express";

const page = JSON.parse(readFileSync(process.env.BODY_FILE, "utf8"));
const etag = process.env.ETAG;
const app = express();
app.disable("x-powered-by");
app.set("etag", false); // the server sets its own ETag too; Express must not hash the body
app.get("/ready", (_req, res) => res.send("ok"));
app.get("/{*path}", (req, res) => {
  res.set({ ETag: etag, "Cache-Control": "private, no-cache" });
  if (req.get("if-none-match") === etag) return res.status(304).end();
  res.json(page);
});
app.listen(Number(process.env.PORT), "127.0.0.1");
