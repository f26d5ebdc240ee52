import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import type { Principal } from "../auth/principal.js";
import type { TokenVerifier } from "../auth/verified-tokens.js";
import { sendProblem } from "../errors/error-handler.js";
import { operations } from "../generated/contract.js";
import type { AppDeps } from "./app-deps.js";
import { bearerToken } from "./middleware/authenticate.js";
import { hasBody } from "./middleware/hardening.js";
import { compileParameterCheck } from "./middleware/parameter-check.js";
import { rateLimitKey, type RateBudget } from "./middleware/rate-limit.js";
import type { RequestLogging } from "./middleware/request-logging.js";
import { labelRoute } from "./middleware/request-metrics.js";
import type { HeaderPair } from "./recorded-headers.js";
import { introPageRoute, readIntroPage, type IntroPageQuery } from "./routes/intro-page.js";
import { sendConditional } from "./send-conditional.js";

/** What the poll does that every other request also gets, as `createApp` builds it. */
export interface PollStages {
  /** Request id and access log (the same stage the app mounts first). */
  logRequest: RequestLogging;
  /** The token check `authenticate` uses. */
  verifyToken: TokenVerifier;
  /** The operations layer, when configured. */
  ops?:
    | {
        /** Request timing (the handler the app mounts among its ops stages). */
        timeRequest: RequestHandler;
        /** helmet's API headers, as `securityHeaders` sends them: name, value, name, value… */
        securityHeaders: readonly string[];
        /** cors's answer for an origin, as `corsAllowList` sends it. */
        corsHeaders: (origin: string | undefined) => readonly HeaderPair[];
        /** The read budget the rate limit counts polls against. */
        readBudget: RateBudget;
      }
    | undefined;
}

/** Answers a request and says so, or leaves it untouched and says false. */
export type RequestShortCut = (req: IncomingMessage, res: ServerResponse) => boolean;

type Poll = IncomingMessage & { principal?: Principal; id?: unknown; log?: { error: (...args: never[]) => void } };

const proceed = () => undefined;

/**
 * The widget's poll, `GET /api/v1/intro-page/{userId}`, answered on the
 * plain `node:http` request before Express sees it (`createApp` puts it in
 * front of the app). Every embedded widget polls, so this is most of a
 * server's traffic. A request whose parameters pass the contract's schemas
 * (precompiled for this operation), that carries no body, and whose bearer
 * token verifies is answered here with what the full pipeline would do: the
 * same request id and access log, timing, helmet's and cors's headers
 * (computed once, not per request), the same rate-limit budget and headers,
 * then the same authorization and page read as the route
 * (`routes/intro-page.ts`), and problem+json from the one error writer on
 * failure. Anything else returns false having done nothing, and Express
 * answers it, with the precise problem.
 *
 * What it saves: Express's request set-up and router walk,
 * express-openapi-validator's per-request route lookup, helmet and cors per
 * request, the page's promise fan-out (a page whose sections are all cached
 * is kept assembled, and a matching `If-None-Match` is answered from it), and
 * compressing again (compressed copies are kept with the page).
 */
export function hotPageReads(deps: Pick<AppDeps, "coordinator" | "users" | "contract" | "flags">, stages: PollStages): RequestShortCut {
  const { path, method } = operations.getIntroPage;
  const check = compileParameterCheck(deps.contract.spec, path, method);
  const { ops } = stages;
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const url = req.url ?? "/";
    const parameters = check(url, req.headers);
    if (!parameters || hasBody(req.headers)) return false;
    const token = req.headers.authorization === undefined ? undefined : bearerToken(req.headers.authorization);
    if (!token) return false;
    const poll = req as Poll;
    try {
      poll.principal = stages.verifyToken(token);
    } catch {
      return false;
    }
    labelRoute(poll, introPageRoute);
    const logged = stages.logRequest.begin(poll, res);
    // Every header of the answer, as name, value, …: written at once by `sendConditional` (or set one by one where
    // the access log lists them, or before a problem is sent).
    const head = ["X-Request-Id", logged.id];
    const setHead = () => {
      for (let i = 0; i < head.length; i += 2) res.setHeader(head[i]!, head[i + 1]!);
      head.length = 0;
    };
    const fail = (err: unknown) => {
      setHead();
      sendProblem(err, { url, id: poll.id, log: poll.log }, res);
    };
    const answer = () =>
      readIntroPage(deps, poll, parameters.path.userId!, parameters.query as IntroPageQuery).then((page) => {
        if (logged.headersLogged) setHead();
        sendConditional(poll, res, page.body, page.etag, page.encodings, head);
      }, fail);
    if (!ops) {
      void answer();
      return true;
    }
    ops.timeRequest(poll as never, res as never, proceed);
    head.push(...ops.securityHeaders);
    for (const [name, value] of ops.corsHeaders(req.headers.origin)) head.push(name, value);
    ops.readBudget.take(rateLimitKey(poll)).then((verdict) => {
      for (const [name, value] of verdict.headers) head.push(name, value);
      if (verdict.refused) return fail(verdict.refused);
      return answer();
    }, fail);
    return true;
  };
}
