// Baseline: bare Express 5, one route, `res.json(sameObject)` (serializes per request). Own process; prints its port.
import { readFileSync } from "node:fs";
import express from "express";

const page = JSON.parse(readFileSync(process.argv[2], "utf8"));
const app = express();
app.get("/api/v1/intro-page/:userId", (_req, res) => {
  res.json(page);
});
const server = app.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
server.keepAliveTimeout = 65_000;
