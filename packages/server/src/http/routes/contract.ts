import { existsSync } from "node:fs";
import { Router } from "express";
import swaggerUi from "swagger-ui-express";
import type { ContractDocument } from "../contract-document.js";


/** Redoc's page runs its own inline script and styles; nothing else may load. */
const referencePolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:; worker-src blob:; frame-ancestors 'none'";

/**
 * `GET /openapi.json`, `GET /openapi.yaml`, Swagger UI at `/docs` and, when the
 * build made it, the one-page reference at `/docs/reference` (`referencePage`).
 */
export function contractRoutes(contract: ContractDocument, referencePage?: string): Router {
  const router = Router();
  if (referencePage && existsSync(referencePage)) {
    router.get("/docs/reference", (_req, res) => {
      res.setHeader("Content-Security-Policy", referencePolicy);
      res.sendFile(referencePage, { headers: { "Cache-Control": "no-cache" } });
    });
  }
  const json = JSON.stringify(contract.spec);
  router.get("/openapi.json", (_req, res) => res.type("application/json").send(json));
  router.get("/openapi.yaml", (_req, res) => res.type("application/yaml").send(contract.yaml));
  router.use("/docs", swaggerUi.serve, swaggerUi.setup(contract.spec, { customSiteTitle: "intro-page API" }));
  return router;
}
