import { Router } from "express";
import { principalOf } from "../middleware/authenticate.js";
import type { components } from "../../generated/openapi.js";
import { AppError } from "../../errors/app-error.js";
import type { AppDeps } from "../app-deps.js";

/** `POST /api/v1/events`: a host backend (service role) pushes activity and actionable items. */
export function eventRoutes({ writes }: Pick<AppDeps, "writes">): Router {
  const router = Router();
  router.post("/api/v1/events", async (req, res) => {
    if (!principalOf(req).roles.has("service")) throw new AppError(403, "Only the service role may post events.");
    const result = await writes.ingestEvents(req.body as components["schemas"]["EventBatch"]);
    res.status(202).json(result);
  });
  return router;
}
