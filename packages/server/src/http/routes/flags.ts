import { Router, type Request } from "express";
import { flagEtag, type FlagAdmin, type FlagSettingsPatch } from "../../domain/flags/flag-admin.js";
import { AppError } from "../../errors/app-error.js";
import type { components } from "../../generated/openapi.js";
import type { FlagDefinition } from "../../vocabulary/feature-flags.js";
import { principalOf } from "../middleware/authenticate.js";
import { requireRole } from "./guards.js";

type Schemas = components["schemas"];

const flagKeyParam = (req: Request) => String(req.params.flagKey);

/** The version named by a strong `If-Match` ETag (`"3"`); undefined when absent, `*` or weak, which cannot rule out a lost update. */
function ifMatchVersion(req: Request): number | undefined {
  const match = /^"(\d{1,15})"$/.exec(req.headers["if-match"]?.trim() ?? "");
  return match ? Number(match[1]) : undefined;
}

const toBody = (flag: FlagDefinition): Schemas["FeatureFlag"] => flag;

/**
 * The flags admin API (admin role): `GET /api/v1/flags`, `GET` and `PATCH
 * /api/v1/flags/{flagKey}` (merge patch, If-Match → 412 when stale, 428 when
 * missing) and `GET /api/v1/flags/{flagKey}/audit`. Bodies and parameters
 * are already validated against the contract.
 */
export function flagRoutes(admin: FlagAdmin): Router {
  const router = Router();
  const what = "Managing feature flags";

  router.get("/api/v1/flags", async (req, res) => {
    requireRole(req, ["admin"], what);
    const body: Schemas["FeatureFlagList"] = { provider: admin.provider, flags: (await admin.list()).map(toBody) };
    res.set("Cache-Control", "no-store").json(body);
  });

  router.get("/api/v1/flags/:flagKey", async (req, res) => {
    requireRole(req, ["admin"], what);
    const flag = await admin.get(flagKeyParam(req));
    res.set({ "Cache-Control": "no-store", ETag: flagEtag(flag) }).json(toBody(flag));
  });

  router.patch("/api/v1/flags/:flagKey", async (req, res) => {
    requireRole(req, ["admin"], what);
    const version = ifMatchVersion(req);
    if (version === undefined) {
      await admin.get(flagKeyParam(req)); // an unknown flag is 404 whatever the headers
      throw new AppError(428, "Send the flag's current ETag in If-Match (from GET /api/v1/flags/{flagKey}), so a concurrent change is not overwritten.");
    }
    const patch = req.body as Schemas["FeatureFlagPatch"] as FlagSettingsPatch;
    const flag = await admin.update(flagKeyParam(req), version, patch, { subject: principalOf(req).subject, requestId: String(req.id) });
    res.set({ "Cache-Control": "no-store", ETag: flagEtag(flag) }).json(toBody(flag));
  });

  router.get("/api/v1/flags/:flagKey/audit", async (req, res) => {
    requireRole(req, ["admin"], what);
    const limit = (req.query.limit as unknown as number | undefined) ?? 50;
    const body: Schemas["FeatureFlagAudit"] = { items: await admin.history(flagKeyParam(req), limit) };
    res.set("Cache-Control", "no-store").json(body);
  });
  return router;
}
