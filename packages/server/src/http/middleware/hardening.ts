import type { RequestHandler } from "express";
import cors from "cors";
import helmet from "helmet";
import { LRUCache } from "lru-cache";
import { AppError } from "../../errors/app-error.js";
import { recordHeaders, type HeaderPair } from "../recorded-headers.js";
import type { BodyIsDocumented } from "./documented-bodies.js";

/** Request headers a cross-origin embedder may send. */
const ALLOWED_HEADERS = ["Authorization", "Content-Type", "If-None-Match", "X-Request-Id"];
/** Response headers a cross-origin embedder may read (ETag for polling, limits for backoff). */
const EXPOSED_HEADERS = ["ETag", "X-Request-Id", "RateLimit", "RateLimit-Policy", "Retry-After"];
/** How long a browser may cache a preflight answer (s). */
const PREFLIGHT_MAX_AGE_S = 600;

/** helmet's headers for API responses (JSON, never rendered): nothing may load, nothing may frame them. */
const apiHelmet = () => helmet({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });

/** The security headers of every API response, as helmet sets them, computed once. */
export function apiSecurityHeaders(): HeaderPair[] {
  return recordHeaders(apiHelmet(), { method: "GET", url: "/api/", headers: {} });
}

/**
 * Security headers from helmet. API responses get the strictest policy;
 * pages such as `/docs` keep helmet's defaults, which Swagger UI works with.
 * helmet's headers do not depend on the request, so each set is computed
 * once and then copied onto each response; `forApi` lets a caller that
 * already recorded the API set (`apiSecurityHeaders`) pass it in.
 */
export function securityHeaders(forApi: readonly HeaderPair[] = apiSecurityHeaders()): RequestHandler {
  const forPages = recordHeaders(helmet(), { method: "GET", url: "/", headers: {} });
  return (req, res, next) => {
    for (const [name, value] of isApiPath(req.path) ? forApi : forPages) res.setHeader(name, value);
    next();
  };
}

/**
 * CORS for an allow-list of origins (`CORS_ORIGINS`). Allowed origins may send
 * `Authorization` (bearer tokens, no cookies, so no credentials mode) and read
 * the headers the SDK needs; any other origin gets no CORS headers at all, so
 * the browser refuses the response. `*` in the list allows every origin.
 */
export function corsAllowList(origins: readonly string[]): RequestHandler {
  const allowListed = allowListCors(origins);
  return (req, res, next) =>
    allowListed(req, res, (err?: unknown) => {
      if (err) return next(err);
      // A preflight from an origin not on the list: answer it here, without CORS headers (so the browser
      // refuses), instead of letting it reach authentication and count against someone's rate limit.
      if (req.method === "OPTIONS" && req.headers.origin !== undefined && req.headers["access-control-request-method"] !== undefined) {
        res.vary("Origin").status(204).end();
        return;
      }
      next();
    });
}

/**
 * The CORS headers `corsAllowList` sends with a simple (non-preflight) GET
 * from `origin` (undefined: a same-origin or non-browser caller), remembered
 * per origin: what cors decides depends on nothing else. Origins are the
 * caller's to choose, so the memory is bounded in count and bytes.
 */
export function corsHeadersFor(origins: readonly string[]): (origin: string | undefined) => readonly HeaderPair[] {
  const allowListed = allowListCors(origins);
  const answers = new LRUCache<string, HeaderPair[]>({ max: 1_000, maxSize: 2 ** 20, sizeCalculation: (_headers, origin) => 2 * origin.length + 256 });
  return (origin) => {
    const key = origin ?? "";
    let headers = answers.get(key);
    if (!headers) {
      headers = recordHeaders(allowListed, { method: "GET", url: "/api/", headers: origin === undefined ? {} : { origin } });
      answers.set(key, headers);
    }
    return headers;
  };
}

function allowListCors(origins: readonly string[]) {
  const anyOrigin = origins.includes("*");
  const allowed = new Set(origins);
  return cors({
    origin: (origin, callback) => callback(null, anyOrigin || (origin !== undefined && allowed.has(origin))),
    methods: ["GET", "HEAD", "POST", "PATCH", "OPTIONS"],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    credentials: false,
    maxAge: PREFLIGHT_MAX_AGE_S,
  });
}

/**
 * Refuses (415) a request body that is not JSON before anything parses it.
 * `application/json` and any `application/*+json` (merge-patch) pass; requests
 * without a body pass whatever they claim, and so do requests whose operation
 * documents no body when `isDocumented` says so (the body is then ignored).
 */
export function requireJsonBody(isDocumented: BodyIsDocumented = () => true): RequestHandler {
  return (req, _res, next) => {
    if (!hasBody(req.headers) || !isDocumented(req)) return next();
    const type = req.headers["content-type"]?.split(";")[0]?.trim().toLowerCase() ?? "";
    if (type === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(type)) return next();
    next(new AppError(415, `Content-Type ${type || "(none)"} is not accepted; send application/json.`));
  };
}

export function hasBody(headers: { "content-length"?: string | undefined; "transfer-encoding"?: string | undefined }): boolean {
  if (headers["transfer-encoding"] !== undefined) return true;
  const length = headers["content-length"];
  return length !== undefined && length !== "0";
}

function isApiPath(path: string): boolean {
  return path.startsWith("/api/") || path === "/metrics" || path.startsWith("/openapi.");
}
