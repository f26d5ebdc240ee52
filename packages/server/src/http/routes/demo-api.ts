import express, { Router, type RequestHandler } from "express";
import { signToken } from "../../auth/jwt.js";
import { AppError } from "../../errors/app-error.js";
import { demoUsers } from "../../seed/demo.js";
import { LiveActivity, type LiveActivityOptions } from "./demo-live-activity.js";

/** A demo user the page's picker offers. */
export interface DemoUser {
  id: string;
  displayName: string;
}

/**
 * Demo mode: the server runs without a configured JWT key (a random secret
 * is made at start, see auth/jwt.ts `loadJwtKeys`). Only then does the demo
 * page get its tokens from the server; with a real key, `/demo/*` is 404.
 */
export interface DemoMode {
  /** The seeded demo users, `demo` first. */
  users: readonly DemoUser[];
  /** Signs a short-lived user token for one of `users`. */
  issueToken(userId: string): { token: string; expiresAt: string; userId: string };
  /** Token lifetime (s). */
  tokenTtlSeconds: number;
  liveActivity: LiveActivity;
  /** Stops the live-activity timer and waits for its last write. */
  close(): Promise<void>;
}

export interface DemoModeOptions {
  /** The random HS256 secret of demo mode (`JwtKeys.demoSecret`). */
  secret: string;
  issuer: string;
  audience: string;
  /** Token lifetime (s); default 15 minutes. */
  tokenTtlSeconds?: number;
  writes: LiveActivityOptions["writes"];
  logger: LiveActivityOptions["logger"];
  /** Time between two live-activity events (ms); default 3 s. */
  liveActivityIntervalMs?: number;
  /** The live-activity switch turns itself off after this long (ms); default 10 minutes. */
  liveActivityMaxRunMs?: number;
}

export const DEFAULT_DEMO_TOKEN_TTL_S = 15 * 60;

export function createDemoMode(options: DemoModeOptions): DemoMode {
  const tokenTtlSeconds = options.tokenTtlSeconds ?? DEFAULT_DEMO_TOKEN_TTL_S;
  const liveActivity = new LiveActivity({
    writes: options.writes,
    logger: options.logger,
    intervalMs: options.liveActivityIntervalMs ?? 3000,
    maxRunMs: options.liveActivityMaxRunMs ?? 10 * 60_000,
  });
  return {
    users: demoUsers,
    tokenTtlSeconds,
    liveActivity,
    issueToken(userId) {
      const token = signToken(userId, ["user"], tokenTtlSeconds, { key: options.secret, algorithm: "HS256", issuer: options.issuer, audience: options.audience });
      // The exp claim, as the client will see it (jsonwebtoken rounds iat down to the second).
      const payload = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as { exp: number };
      return { token, expiresAt: new Date(payload.exp * 1000).toISOString(), userId };
    },
    close: async () => void (await liveActivity.close()),
  };
}

/** Paths of the demo endpoints; public (demo mode has no accounts), so mounted before authentication. */
export const demoApiPath = /^\/demo(?:\/|$)/;

/** The `userId` of a JSON body, when it names one of the demo users; a 422 otherwise. */
function demoUserOf(demo: DemoMode, body: unknown): string {
  const userId = (body as { userId?: unknown } | undefined)?.userId ?? "demo";
  if (typeof userId === "string" && demo.users.some((user) => user.id === userId)) return userId;
  throw new AppError(422, "userId must be one of the demo users (GET /demo/users).", { errors: [{ pointer: "/body/userId", detail: "not a demo user" }] });
}

const noStore: RequestHandler = (_req, res, next) => {
  res.set("Cache-Control", "no-store");
  next();
};

/**
 * The demo page's same-origin endpoints (docs/embedding.md, "Demo mode"),
 * served only in demo mode; otherwise every `/demo/…` path is a 404
 * problem. Not part of the product contract (openapi.yaml):
 * - `GET /demo/users`: the picker's users;
 * - `POST /demo/token` `{userId?}`: a short-lived user token `{token, expiresAt, userId}`;
 * - `GET`/`PUT /demo/live-activity` `{enabled, userId?}`: the live-activity switch.
 */
export function demoApiRoutes(demo: DemoMode | undefined): Router {
  const router = Router();
  if (!demo) {
    router.use("/demo", (req, _res, next) => next(new AppError(404, `Nothing is served at ${req.originalUrl.split("?")[0]}: the demo endpoints exist only in demo mode (no JWT key configured).`)));
    return router;
  }
  const json = express.json({ limit: "1kb", strict: true });
  router.use("/demo", noStore);
  router.get("/demo/users", (_req, res) => {
    res.json({ users: demo.users, defaultUserId: demo.users[0]!.id });
  });
  router.post("/demo/token", json, (req, res) => {
    res.json(demo.issueToken(demoUserOf(demo, req.body)));
  });
  router.get("/demo/live-activity", (_req, res) => {
    res.json(demo.liveActivity.state());
  });
  router.put("/demo/live-activity", json, async (req, res) => {
    const enabled = (req.body as { enabled?: unknown } | undefined)?.enabled;
    if (typeof enabled !== "boolean") throw new AppError(422, "enabled must be true or false.", { errors: [{ pointer: "/body/enabled", detail: "must be a boolean" }] });
    res.json(await (enabled ? demo.liveActivity.start(demoUserOf(demo, req.body)) : demo.liveActivity.stop()));
  });
  router.all(["/demo", "/demo/*rest"], (req, _res, next) => next(new AppError(404, `Nothing is served at ${req.path}.`)));
  return router;
}
