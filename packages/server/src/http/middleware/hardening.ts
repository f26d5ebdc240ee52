import type { RequestHandler } from "express";
import cors from "cors";
import helmet from "helmet";
import { AppError } from "../../errors/app-error.js";
import type { BodyIsDocumented } from "./documented-bodies.js";

/** Request headers a cross-origin embedder may send. */
const ALLOWED_HEADERS = ["Authorization", "Content-Type", "If-None-Match", "X-Request-Id"];
/** Response headers a cross-origin embedder may read (ETag for polling, limits for backoff). */
const EXPOSED_HEADERS = ["ETag", "X-Request-Id", "RateLimit", "RateLimit-Policy", "Retry-After"];
/** How long a browser may cache a preflight answer (s). */
const PREFLIGHT_MAX_AGE_S = 600;

/**
 * Security headers from helmet. API responses (JSON, never rendered) get the
 * strictest policy — nothing may load, nothing may frame them; pages such as
 * `/docs` keep helmet's defaults, which Swagger UI works with.
 */
export function securityHeaders(): RequestHandler {
  const forPages = helmet();
  const forApi = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  });
  return (req, res, next) => (isApiPath(req.path) ? forApi(req, res, next) : forPages(req, res, next));
}

/**
 * CORS for an allow-list of origins (`CORS_ORIGINS`). Allowed origins may send
 * `Authorization` (bearer tokens, no cookies, so no credentials mode) and read
 * the headers the SDK needs; any other origin gets no CORS headers at all, so
 * the browser refuses the response. `*` in the list allows every origin.
 */
export function corsAllowList(origins: readonly string[]): RequestHandler {
  const anyOrigin = origins.includes("*");
  const allowed = new Set(origins);
  const allowListed = cors({
    origin: (origin, callback) => callback(null, anyOrigin || (origin !== undefined && allowed.has(origin))),
    methods: ["GET", "HEAD", "POST", "PATCH", "OPTIONS"],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    credentials: false,
    maxAge: PREFLIGHT_MAX_AGE_S,
  });
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

function hasBody(headers: { "content-length"?: string | undefined; "transfer-encoding"?: string | undefined }): boolean {
  if (headers["transfer-encoding"] !== undefined) return true;
  const length = headers["content-length"];
  return length !== undefined && length !== "0";
}

function isApiPath(path: string): boolean {
  return path.startsWith("/api/") || path === "/metrics" || path.startsWith("/openapi.");
}
