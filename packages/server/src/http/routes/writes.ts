import { Router } from "express";
import type { components } from "../../generated/openapi.js";
import { envelopeText } from "../../domain/section-envelope.js";
import type { AppDeps } from "../app-deps.js";
import { authorizeWrite, userIdParam } from "./guards.js";

/** Complete/dismiss an item and PATCH preferences: the user's own writes. */
export function writeRoutes({ writes, coordinator }: Pick<AppDeps, "writes" | "coordinator">): Router {
  const router = Router();
  for (const [verb, state] of [
    ["complete", "completed"],
    ["dismiss", "dismissed"],
  ] as const) {
    router.post(`/api/v1/intro-page/:userId/actions/:itemId/${verb}`, async (req, res) => {
      const userId = userIdParam(req);
      authorizeWrite(req, userId);
      res.status(200).json(await writes.settleItem(userId, String(req.params.itemId), state));
    });
  }
  router.patch("/api/v1/intro-page/:userId/preferences", async (req, res) => {
    const userId = userIdParam(req);
    authorizeWrite(req, userId);
    await writes.updatePreferences(userId, req.body as components["schemas"]["PreferencesPatch"]);
    // Read-your-writes: the write invalidated the entry, so this recomputes from the database.
    const result = await coordinator.section(userId, "personalization");
    res.status(200).set({ ETag: result.etag, "Cache-Control": "private, no-cache" }).type("application/json").send(envelopeText(result));
  });
  return router;
}
