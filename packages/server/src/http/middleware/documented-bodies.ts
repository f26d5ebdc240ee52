import type { Request } from "express";
import { specPaths } from "../spec-paths.js";

/** Answers whether a request's body is any of our business (see {@link bodyIsDocumented}). */
export type BodyIsDocumented = (req: Pick<Request, "method" | "path">) => boolean;

/**
 * Which requests may carry a body the server looks at, derived from the
 * contract: an operation with a `requestBody` (its media types are then
 * enforced, 415 otherwise), or a path the contract does not describe (kept
 * strict). An operation that documents no body — every read, completeAction,
 * dismissAction — ignores whatever body it is sent: not parsed, no 415 and no
 * "not valid JSON" 400, none of which its contract lists.
 */
export function bodyIsDocumented(spec: Record<string, unknown>): BodyIsDocumented {
  const paths = (spec.paths ?? {}) as Record<string, Record<string, { requestBody?: unknown } | undefined>>;
  const matchers = specPaths(spec).map(({ template, pattern }) => ({ pattern, item: paths[template] ?? {} }));
  return (req) => {
    const match = matchers.find(({ pattern }) => pattern.test(req.path));
    const operation = match?.item[req.method === "HEAD" ? "get" : req.method.toLowerCase()];
    return operation === undefined || operation.requestBody !== undefined;
  };
}
