import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { TokenVerifier } from "../auth/verified-tokens.js";
import { operations } from "../generated/contract.js";
import type { AppDeps } from "./app-deps.js";
import { bearerToken } from "./middleware/authenticate.js";
import { compileParameterCheck } from "./middleware/parameter-check.js";
import { labelRoute } from "./middleware/request-metrics.js";
import { introPageRoute, readIntroPage, type IntroPageQuery } from "./routes/intro-page.js";
import { sendConditional } from "./send-conditional.js";

/** The stages every request passes, as `createApp` builds them, in the order it runs them. */
export interface PipelineStages {
  /** Request id and access log. */
  logRequest: RequestHandler;
  /** [ops] request timing, security headers, CORS, the body guard. */
  beforeRoutes: ReadonlyArray<RequestHandler>;
  /** The token check `authenticate` uses. */
  verifyToken: TokenVerifier;
  /** [ops] the per-subject rate limit. */
  rateLimit?: RequestHandler | undefined;
}

/** Runs connect-style handlers one after the other; `done` gets the first error. */
function runStages(stages: ReadonlyArray<RequestHandler>, req: Request, res: Response, done: (err?: unknown) => void): void {
  let index = 0;
  const step = (err?: unknown): void => {
    if (err !== undefined && err !== null) return done(err);
    const stage = stages[index++];
    if (!stage) return done();
    try {
      void stage(req, res, step as NextFunction);
    } catch (thrown) {
      done(thrown);
    }
  };
  step();
}

/**
 * The widget's poll, `GET /api/v1/intro-page/{userId}`, answered without
 * walking the whole Express stack. Mounted first. A request whose
 * parameters pass the contract's schemas (precompiled for this operation)
 * and whose bearer token verifies is answered here, through the very same
 * stages as every other request — request id and access log, timing,
 * security headers, CORS, rate limit with its headers — then the same
 * authorization and page read as the route (`routes/intro-page.ts`); an
 * error goes to the one error handler. Anything else (a bad parameter, a
 * missing or bad token, another operation) calls `next()` having done
 * nothing, and the full pipeline answers it, with the precise problem.
 *
 * What it saves: express-openapi-validator's per-request route lookup, the
 * walk over every router, the page's promise fan-out (a page whose sections
 * are all cached is kept assembled, and a matching `If-None-Match` is
 * answered from it), and compressing again (compressed copies are kept with
 * the page).
 */
export function hotPageReads(deps: Pick<AppDeps, "coordinator" | "users" | "contract" | "flags">, stages: PipelineStages): RequestHandler {
  const { path, method } = operations.getIntroPage;
  const check = compileParameterCheck(deps.contract.spec, path, method);
  const pipeline = [stages.logRequest, ...stages.beforeRoutes, ...(stages.rateLimit ? [stages.rateLimit] : [])];
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const parameters = check(req.url, req.headers);
    if (!parameters) return next();
    const token = req.headers.authorization === undefined ? undefined : bearerToken(req.headers.authorization);
    if (!token) return next();
    let principal;
    try {
      principal = stages.verifyToken(token);
    } catch {
      return next();
    }
    req.principal = principal;
    labelRoute(req, introPageRoute);
    runStages(pipeline, req, res, (err) => {
      if (err) return next(err);
      readIntroPage(deps, req, parameters.path.userId!, parameters.query as IntroPageQuery).then(
        (page) => sendConditional(req, res, page.body, page.etag, page.encodings),
        next,
      );
    });
  };
}
