import { Router } from "express";
import swaggerUi from "swagger-ui-express";
import type { ContractDocument } from "../contract-document.js";


/** `GET /openapi.json`, `GET /openapi.yaml` and Swagger UI at `/docs`. */
export function contractRoutes(contract: ContractDocument): Router {
  const router = Router();
  const json = JSON.stringify(contract.spec);
  router.get("/openapi.json", (_req, res) => res.type("application/json").send(json));
  router.get("/openapi.yaml", (_req, res) => res.type("application/yaml").send(contract.yaml));
  router.use("/docs", swaggerUi.serve, swaggerUi.setup(contract.spec, { customSiteTitle: "intro-page API" }));
  return router;
}
