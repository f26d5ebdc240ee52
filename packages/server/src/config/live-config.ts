import { z } from "zod";

const integer = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * The live-push variables (the page event stream, `GET
 * /api/v1/intro-page/{userId}/stream`), spread into the server's config
 * schema so one validation at start covers them.
 */
export const liveConfigShape = {
  LIVE_STREAMS_PER_SUBJECT: integer(5, 1, 1_000).describe("Open page streams one token subject may hold on one instance; more get 429 with Retry-After."),
  LIVE_HEARTBEAT_S: integer(15, 1, 300).describe("Seconds between `: ping` comments on an open page stream (keeps proxies from closing it; clients detect dead streams)."),
  LIVE_RETRY_MS: integer(3_000, 100, 600_000).describe("Reconnect delay (ms) a page stream announces in its `retry:` line; shutdown hints a random delay up to this."),
  LIVE_COALESCE_MS: integer(5, 0, 1_000).describe("Invalidations of one page heard within this many ms (and any already received when the window closes) become one change event."),
  LIVE_VERSIONS_PER_USER: integer(32, 1, 1_000).describe("Recent page versions remembered per user for Last-Event-ID resumes (in Redis when REDIS_URL is set)."),
  LIVE_VERSIONS_TTL_S: integer(3_600, 60, 7 * 86_400).describe("How long (s) a user's remembered page versions live in Redis after the last one was written."),
} as const;
