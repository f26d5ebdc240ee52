import type { RequestHandler } from "express";
import { AppError } from "../../errors/app-error.js";

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/**
 * Answers 405 with an `Allow` header when the path is one the contract
 * documents but the method is not (instead of a misleading 404). Built
 * once from the spec's path templates.
 */
export function methodNotAllowed(spec: Record<string, unknown>): RequestHandler {
  const paths = (spec.paths ?? {}) as Record<string, Record<string, unknown>>;
  const templates = Object.entries(paths).map(([template, item]) => ({
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[^}]+\\?\}/g, "[^/]+")}$`),
    allowed: methods.filter((method) => method in item).map((method) => method.toUpperCase()),
  }));
  return (req, _res, next) => {
    const match = templates.find(({ pattern }) => pattern.test(req.path));
    if (!match || match.allowed.includes(req.method)) return next();
    const allow = match.allowed.includes("GET") ? [...match.allowed, "HEAD"] : match.allowed;
    if (req.method === "HEAD" && allow.includes("HEAD")) return next();
    next(new AppError(405, `${req.method} is not allowed here; use ${allow.join(", ")}.`, { headers: { Allow: allow.join(", ") } }));
  };
}
