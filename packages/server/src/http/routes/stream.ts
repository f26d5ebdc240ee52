import { Router } from "express";
import type { LiveUpdates, LiveWatch } from "../../domain/live-updates.js";
import type { UserDirectory } from "../../domain/user-directory.js";
import { shuttingDownError, type LiveStreams } from "../live-streams.js";
import { principalOf } from "../middleware/authenticate.js";
import { authorizeRead, userIdParam } from "./guards.js";

/** Longest timer Node accepts (ms); a token valid for longer is re-checked at the next reconnect anyway. */
const maxTimerMs = 2 ** 31 - 1;

/**
 * `GET /api/v1/intro-page/{userId}/stream`: the page's server-sent events
 * (openapi.yaml describes the format). Authorized like the page, admitted
 * under the per-subject stream limit, ended with a `retry:` hint when the
 * token expires so the client reconnects with a fresh one.
 */
export function streamRoutes({ users, updates, streams }: { users: UserDirectory; updates: LiveUpdates; streams: LiveStreams }): Router {
  const router = Router();
  router.get("/api/v1/intro-page/:userId/stream", async (req, res) => {
    const userId = userIdParam(req);
    await authorizeRead(req, users, userId);
    const principal = principalOf(req);
    const release = streams.admit(principal.subject);
    let watch: LiveWatch | undefined;
    let ended = false;
    let expiry: ReturnType<typeof setTimeout> | undefined;
    const stream = streams.create(res, () => {
      ended = true;
      clearTimeout(expiry);
      watch?.stop();
      release();
    });
    try {
      // The validator checked Last-Event-ID against the contract (a string of at most 128 characters).
      const lastEventId = req.get("Last-Event-ID") || undefined;
      watch = await updates.watch(userId, lastEventId, (event) => stream.send(event));
    } catch (err) {
      stream.end(0);
      throw err;
    }
    if (ended) {
      // The client left, or shutdown began, while the page was being read.
      watch.stop();
      if (res.destroyed) return;
      throw shuttingDownError();
    }
    stream.start(watch.first);
    if (principal.expiresAt !== undefined) expiry = setTimeout(() => stream.end(0), Math.min(maxTimerMs, Math.max(0, principal.expiresAt - Date.now()))).unref();
  });
  return router;
}
