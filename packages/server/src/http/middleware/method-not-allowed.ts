import type { RequestHandler } from "express";
import { AppError } from "../../errors/app-error.js";
import { specPaths } from "../spec-paths.js";

/**
 * Answers 405 with an `Allow` header when the path is one the contract
 * documents but the method is not (instead of a misleading 404).
 */
export function methodNotAllowed(spec: Record<string, unknown>): RequestHandler {
  const paths = specPaths(spec);
  return (req, _res, next) => {
    const match = paths.find(({ pattern }) => pattern.test(req.path));
    if (!match) return next();
    const allow = match.methods.includes("GET") ? [...match.methods, "HEAD"] : match.methods;
    if (allow.includes(req.method)) return next();
    next(new AppError(405, `${req.method} is not allowed here; use ${allow.join(", ")}.`, { headers: { Allow: allow.join(", ") } }));
  };
}
