#!/usr/bin/env node
// `npm start` until the reference server lands: serves the contract with
// Swagger UI so a newcomer can read and try the API shape.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import swaggerUi from "swagger-ui-express";
import { parse } from "yaml";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const specText = readFileSync(join(root, "openapi.yaml"), "utf8");
const spec = parse(specText);
const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be an integer between 0 and 65535, got "${process.env.PORT}"`);
  process.exit(1);
}

const app = express();
app.get("/", (_req, res) => res.redirect("/docs"));
app.get("/openapi.json", (_req, res) => res.json(spec));
app.get("/openapi.yaml", (_req, res) => res.type("application/yaml").send(specText));
app.use("/docs", swaggerUi.serve, swaggerUi.setup(spec));

const server = app.listen(port, () => {
  console.log(`intro-page API docs: http://localhost:${server.address().port}/docs`);
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
