import type { Request, RequestHandler } from "express";
import { mayReadPage, mayWritePage, type Principal } from "../../auth/principal.js";
import { AppError } from "../../errors/app-error.js";
import { operations, type OperationRule } from "../../generated/contract.js";

/** One row of the generated operation table as a matcher for incoming requests. */
interface OperationMatcher {
  operationId: string;
  rule: OperationRule;
  pattern: RegExp;
  /** Names of the path parameters, in the order the pattern captures them. */
  params: string[];
}

/** Methods that only read; every other method changes something. */
const SAFE_METHODS = new Set(["GET", "HEAD"]);

/** The operation table as matchers, literal paths first so `/api/v1/cache` is never taken for a template. */
function operationMatchers(table: Record<string, OperationRule>): OperationMatcher[] {
  return Object.entries(table)
    .map(([operationId, rule]) => ({
      operationId,
      rule,
      params: [...rule.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!),
      pattern: new RegExp(`^${rule.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "([^/]+)")}$`),
    }))
    .sort((a, b) => a.params.length - b.params.length);
}

/** The operation a request addresses and its raw path parameters, or undefined when it addresses none. */
export function operationOf(matchers: readonly OperationMatcher[], req: Pick<Request, "method" | "path">): { matcher: OperationMatcher; params: Record<string, string> } | undefined {
  const method = req.method === "HEAD" ? "get" : req.method.toLowerCase();
  for (const matcher of matchers) {
    if (matcher.rule.method !== method) continue;
    const found = matcher.pattern.exec(req.path);
    if (!found) continue;
    const params: Record<string, string> = {};
    matcher.params.forEach((name, i) => (params[name] = found[i + 1]!));
    return { matcher, params };
  }
  return undefined;
}

/**
 * Why `principal` may not call the operation, or undefined when it may. The
 * rules (docs/architecture.md, "Authorization"): the token must carry one of
 * the operation's `x-roles`; an operation on `{userId}`'s page is then
 * limited further — reads to that user or an admin, changes to that user.
 */
export function refusalFor(rule: OperationRule, principal: Principal, params: Record<string, string>): string | undefined {
  if (!rule.roles.some((role) => principal.roles.has(role))) return `This operation needs the ${rule.roles.join(" or ")} role.`;
  const encoded = params.userId;
  if (encoded === undefined) return undefined;
  let userId: string;
  try {
    userId = decodeURIComponent(encoded);
  } catch {
    return "You may only act on your own intro page.";
  }
  if (SAFE_METHODS.has(rule.method.toUpperCase())) return mayReadPage(principal, userId) ? undefined : "You may only read your own intro page.";
  return mayWritePage(principal, userId) ? undefined : "You may only change your own intro page.";
}

/**
 * Authorizes every request by its operation, right after authentication and
 * before its body is parsed or anything is validated: a caller who may not
 * call an operation learns nothing about what the operation accepts. The
 * roles come from the generated operation table (`x-roles` in openapi.yaml).
 * Requests that address no operation pass (404/405 come later).
 */
export function authorizeOperations(table: Record<string, OperationRule> = operations): RequestHandler {
  const matchers = operationMatchers(table);
  return (req, _res, next) => {
    const found = operationOf(matchers, req);
    if (!found?.matcher.rule.secured || !req.principal) return next();
    const refusal = refusalFor(found.matcher.rule, req.principal, found.params);
    if (refusal === undefined) return next();
    req.log?.warn({ securityEvent: "forbidden", operationId: found.matcher.operationId, subject: req.principal.subject }, "security: operation refused");
    next(new AppError(403, refusal));
  };
}
