import { Router, type Request } from "express";
import { decodeCursor } from "../../domain/activity-cursor.js";
import { envelopeText } from "../../domain/section-envelope.js";
import { defaultActivityLimit } from "../../domain/sections/activity.js";
import type { SectionName } from "../../vocabulary/section-names.js";
import type { SectionQuery } from "../../domain/sections/section-service.js";
import { viewFor } from "../../domain/flags/page-flags.js";
import type { AppDeps } from "../app-deps.js";
import { flagSubjectOf } from "../flag-subject.js";
import { sendConditional } from "../send-conditional.js";
import { authorizeRead, userIdParam } from "./guards.js";

/** The activity page asked for; undefined for the default first page, which is the cached one. */
function activityQuery(req: Request): SectionQuery | undefined {
  const cursor = typeof req.query.cursor === "string" ? decodeCursor(req.query.cursor) : undefined;
  const limit = (req.query.limit as unknown as number | undefined) ?? defaultActivityLimit;
  if (!cursor && limit === defaultActivityLimit) return undefined;
  return { limit, ...(cursor ? { cursor } : {}) };
}

/** One GET per section, each returning the section envelope with its own ETag. */
export function sectionRoutes({ coordinator, users, flags }: Pick<AppDeps, "coordinator" | "users" | "flags">): Router {
  const router = Router();
  const perUser: ReadonlyArray<SectionName> = ["statistics", "actions", "activity", "personalization"];
  for (const name of perUser) {
    router.get(`/api/v1/intro-page/:userId/${name}`, async (req, res) => {
      const userId = userIdParam(req);
      // Decode the cursor before any lookup: a bad one is the client's error whatever else is true.
      const query = name === "activity" ? activityQuery(req) : undefined;
      await authorizeRead(req, users, userId);
      // A section read on its own is served even when its flag hides it on the page (as a hidden section is);
      // its flag-chosen variant applies, so it matches the page.
      const state = name === "actions" && flags ? await flags.pageFlags.evaluate(flagSubjectOf(req, userId)) : undefined;
      const variant = state ? viewFor(state, ["actions"]).variants.actions : undefined;
      const result = await coordinator.section(userId, name, { query, variant });
      sendConditional(req, res, envelopeText(result), result.etag);
    });
  }
  router.get("/api/v1/system/overview", async (req, res) => {
    const result = await coordinator.section("*", "system");
    sendConditional(req, res, envelopeText(result), result.etag);
  });
  return router;
}
