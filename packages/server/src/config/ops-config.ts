import { z } from "zod";

const positiveMs = (fallback: number, max: number) => z.coerce.number().int().min(0).max(max).default(fallback);

/** A comma-separated list; empty entries are dropped. */
const commaList = z.string().transform((value) => value.split(",").map((part) => part.trim()).filter(Boolean));

/** An origin as browsers send it: scheme, host, optional port — no path, no trailing slash. */
const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$|^\*$/;

/**
 * `TRUST_PROXY`: `false` (default: `req.ip` is the TCP peer), `true` (trust
 * every proxy — only behind a balancer that overwrites X-Forwarded-For), a
 * hop count, or a comma-separated list of addresses/subnets/`loopback`.
 */
const trustProxy = z
  .string()
  .default("false")
  .transform((value): boolean | number | string[] => {
    if (value === "false" || value === "0") return false;
    if (value === "true") return true;
    if (/^\d+$/.test(value)) return Number(value);
    return value.split(",").map((part) => part.trim()).filter(Boolean);
  });

/**
 * The operations variables (Redis, rate limits, CORS, proxies, metrics
 * scraping, health probes, shutdown), spread into the server's config schema
 * so one validation at start covers them all.
 */
export const opsConfigShape = {
  REDIS_URL: z
    .url({ protocol: /^rediss?$/ })
    .optional()
    .describe("Redis URL. Set: L2 cache, shared rate limits and cross-instance invalidation. Unset: single-instance mode."),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, "must be 1-64 of A-Z a-z 0-9 : _ . -")
    .default("intro-page:")
    .describe("Prefix of every Redis key and channel, so deployments can share a Redis."),
  REDIS_COMMAND_TIMEOUT_MS: positiveMs(250, 10_000).describe("A Redis command with no reply after this long fails (ms); the cache then falls back."),
  RATE_LIMIT_WINDOW_S: z.coerce.number().int().min(1).max(86_400).default(60).describe("Rate-limit window (s)."),
  RATE_LIMIT_READ: z.coerce.number().int().min(1).max(1_000_000).default(300).describe("Reads (GET) per subject per window."),
  RATE_LIMIT_WRITE: z.coerce.number().int().min(1).max(1_000_000).default(60).describe("Writes (POST, PATCH) per subject per window."),
  CORS_ORIGINS: commaList
    .pipe(z.array(z.string().regex(ORIGIN, "each entry must be an origin like https://app.example.com, or *")))
    .default([])
    .describe("Comma-separated origins allowed to call the API from a browser (`*` for any). Unset: none."),
  TRUST_PROXY: trustProxy.describe("Express `trust proxy`: false (default), true, a hop count, or addresses/subnets."),
  METRICS_SCRAPE_TOKEN: z
    .string()
    .min(16, "must be at least 16 characters")
    .optional()
    .describe("Bearer token Prometheus may use for GET /metrics instead of an admin JWT."),
  HEALTH_PROBE_TIMEOUT_MS: positiveMs(500, 30_000).describe("Time limit for each readiness dependency check (ms)."),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .max(120_000)
    .default(20_000)
    .describe("A client must send all request headers within this time (ms), else the connection is closed (slow-loris guard)."),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .max(600_000)
    .default(30_000)
    .describe("A client must send the whole request (headers and body) within this time (ms), else 408 and the connection is closed."),
  SHUTDOWN_DRAIN_TIMEOUT_MS: positiveMs(10_000, 300_000).describe("On SIGTERM, longest wait for in-flight requests (ms)."),
  SHUTDOWN_DELAY_MS: positiveMs(0, 60_000).describe("On SIGTERM, time between failing readiness and closing the listener (ms)."),
} as const;
