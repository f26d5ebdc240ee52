import { Router } from "express";
import { sectionNames, type SectionName } from "../../vocabulary/section-names.js";
import { AppError } from "../../errors/app-error.js";
import { viewFor } from "../../domain/flags/page-flags.js";
import type { AppDeps } from "../app-deps.js";
import { flagSubjectOf } from "../flag-subject.js";
import { principalOf } from "../middleware/authenticate.js";
import { sendConditional } from "../send-conditional.js";
import { authorizeRead, userIdParam } from "./guards.js";

/**
 * `GET /api/v1/intro-page/{userId}`: the whole page, or the `sections=`
 * subset, from the coordinator. The page's feature flags decide which
 * sections it has and their variants, and are part of its ETag.
 */
export function introPageRoutes({ coordinator, users, flags }: Pick<AppDeps, "coordinator" | "users" | "flags">): Router {
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
    const state = flags ? await flags.pageFlags.evaluate(flagSubjectOf(req, userId)) : undefined;
    const view = state ? viewFor(state, names) : { names, variants: undefined, flagState: undefined };
    const page = await coordinator.page(userId, view.names, { fresh, variants: view.variants, flagState: view.flagState });
    sendConditional(req, res, page.body, page.etag);
  });
  return router;
}
