import { Router } from "express";
import { sectionNames, type SectionName } from "../../vocabulary/section-names.js";
import { AppError } from "../../errors/app-error.js";
import type { AppDeps } from "../app-deps.js";
import { principalOf } from "../middleware/authenticate.js";
import { sendConditional } from "../send-conditional.js";
import { authorizeRead, userIdParam } from "./guards.js";

/** `GET /api/v1/intro-page/{userId}`: the whole page, or the `sections=` subset, from the coordinator. */
export function introPageRoutes({ coordinator, users }: Pick<AppDeps, "coordinator" | "users">): Router {
  const router = Router();
  router.get("/api/v1/intro-page/:userId", async (req, res) => {
    const userId = userIdParam(req);
    // The validator has already parsed and checked both parameters against the contract.
    const fresh = (req.query.fresh as unknown) === true;
    if (fresh && !principalOf(req).roles.has("admin")) throw new AppError(403, "Only admins may bypass the cache with fresh=true.");
    await authorizeRead(req, users, userId);
    const requested = req.query.sections as unknown as SectionName[] | undefined;
    // Keep the canonical order whatever order the client listed them in, so equal requests share an ETag.
    const names = requested ? sectionNames.filter((name) => requested.includes(name)) : sectionNames;
    const page = await coordinator.page(userId, names, { fresh });
    sendConditional(req, res, page.body, page.etag);
  });
  return router;
}
