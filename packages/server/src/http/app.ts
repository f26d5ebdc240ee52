import type { IncomingMessage, ServerResponse } from "node:http";
import express, { type Express, type Request } from "express";
import { cachedTokenVerifier } from "../auth/verified-tokens.js";
import { errorHandler, notFoundHandler } from "../errors/error-handler.js";
import type { AppDeps } from "./app-deps.js";
import { authenticate } from "./middleware/authenticate.js";
import { packagePaths } from "../config/package-paths.js";
import { authorizeOperations } from "./middleware/authorize.js";
import { bodyIsDocumented } from "./middleware/documented-bodies.js";
import { methodNotAllowed } from "./middleware/method-not-allowed.js";
import { requestLogging } from "./middleware/request-logging.js";
import { validateRequests } from "./middleware/validate-request.js";
import { hotPageReads } from "./hot-page-reads.js";
import { opsMounts } from "./ops-mounts.js";
import { contractRoutes } from "./routes/contract.js";
import { dashboardPagePath, dashboardRoutes } from "./routes/dashboard.js";
import { demoPagePath, demoRoutes } from "./routes/demo.js";
import { demoApiRoutes } from "./routes/demo-api.js";
import { eventRoutes } from "./routes/events.js";
import { flagRoutes } from "./routes/flags.js";
import { introPageRoutes, pageFor } from "./routes/intro-page.js";
import { sectionRoutes } from "./routes/sections.js";
import { streamRoutes } from "./routes/stream.js";
import { writeRoutes } from "./routes/writes.js";

/** Express 5's per-request entry point, `app.handle`, which its type declarations leave out. */
type ExpressEntry = (req: IncomingMessage, res: ServerResponse, callback?: (err?: unknown) => void) => void;

/**
 * Paths served without a token: operations the contract marks
 * `security: []` plus the docs. Ops routes that have their own scheme
 * (e.g. a Prometheus scrape token) are mounted before `authenticate`.
 */
const publicPath = /^\/(?:docs(?:\/|$)|openapi\.(?:json|yaml)$|api\/v1\/health(?:\/live|\/ready)?$)/;
const isPublic = (req: Request) => publicPath.test(req.path) || demoPagePath.test(req.path) || dashboardPagePath.test(req.path);

/**
 * The Express application, middleware in the order docs/architecture.md
 * ("A request's path through the code") describes:
 * request id + logging → [ops: hardening] → JWT auth → [ops: rate limit]
 * → authorization by operation → body parsing + OpenAPI request validation → routes → 404 → errors.
 * Bodies are parsed only after authentication so anonymous callers cannot
 * make the server parse anything.
 */
export function createApp(deps: AppDeps): Express {
  // Operations that document no body ignore one: not parsed here, not refused with 415 by the hardening guard.
  const isDocumented = bodyIsDocumented(deps.contract.spec);
  const ops = deps.ops ? opsMounts(deps.ops, deps, isDocumented) : undefined;
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false); // ETags are computed from section data, never from bodies with volatile meta.
  app.set("trust proxy", deps.config.TRUST_PROXY);
  app.set("query parser", "simple");

  const logRequest = requestLogging(deps.logger, deps.config.ACCESS_LOG_SAMPLE_RATE);
  const verifyToken = cachedTokenVerifier(deps.jwtKeys, { maxBytes: deps.config.JWT_CACHE_MAX_MB * 2 ** 20 });

  // 0. The widget's poll is answered before Express sees it, with the same stages (see hot-page-reads.ts); anything
  //    else goes on to the app. Express 5 calls `app.handle` for every request, so the short cut sits in front of it.
  const poll = hotPageReads(deps, { logRequest, verifyToken, ops: ops?.poll });
  const entry = app as unknown as { handle: ExpressEntry };
  const handle = entry.handle.bind(app);
  entry.handle = (req, res, callback) => {
    if (!poll(req, res)) handle(req, res, callback);
  };

  // 1. Request id (echoed or generated, set on the response) and structured request logs (sampled when configured).
  app.use(logRequest);

  // 2. [ops] hardening (helmet, CORS allow-list, body size guard) mounts here.
  if (ops) app.use(ops.beforeRoutes);

  // Public, unauthenticated: the contract, its docs and the widget demo page.
  app.use(contractRoutes(deps.contract, packagePaths().apiReference));
  // In demo mode `/` carries the demo user's page for a first paint with content (routes/demo.ts).
  const demoUser = deps.demo?.users[0]?.id;
  const firstPaint = demoUser
    ? async () => ({ userId: demoUser, ...(await pageFor(deps, { userId: demoUser, roles: ["user"] })) })
    : undefined;
  app.use(demoRoutes(deps.demoPage, firstPaint));
  // Demo mode only: tokens, users and live activity for the demo page; a 404 problem for /demo/* otherwise.
  app.use(demoApiRoutes(deps.demo));
  app.use(dashboardRoutes(packagePaths().dashboard));
  // [ops] health routes (public) and the Prometheus /metrics route (own scrape token) mount here.
  if (ops) app.use(ops.publicRoutes);

  // 3. Authentication for everything else.
  app.use(authenticate(verifyToken, isPublic));

  // 4. [ops] rate limiting (per subject, after auth) mounts here.
  if (ops) app.use(ops.rateLimit);

  // 4b. Authorization by operation (roles from the generated table, own page): a forbidden caller gets 403
  //     before its body is parsed or its request validated, so it learns nothing about the operation's schema.
  app.use(authorizeOperations());

  // 5. Body parsing (JSON and merge-patch JSON only; other types get the validator's 415) and
  //    request validation against openapi.yaml.
  //    `strict: false`: a bare `null` or `"x"` is valid JSON of the wrong type, so the contract's schema refuses it
  //    (400 naming `/body`), as it does for any other type mistake, instead of body-parser calling it "not JSON".
  const parseJson = express.json({ limit: deps.config.BODY_LIMIT, type: ["application/json", "application/merge-patch+json"], strict: false });
  app.use((req, res, next) => (isDocumented(req) ? parseJson(req, res, next) : next()));
  app.use(validateRequests(deps.contract.spec));

  // 6. Routes.
  app.use(introPageRoutes(deps));
  if (deps.live) app.use(streamRoutes({ users: deps.users, ...deps.live }));
  app.use(sectionRoutes(deps));
  app.use(writeRoutes(deps));
  app.use(eventRoutes(deps));
  if (deps.flags) app.use(flagRoutes(deps.flags.admin));
  // [ops] metrics (JSON) and cache routes mount here.
  if (ops) app.use(ops.adminRoutes);

  // 7. Documented paths with the wrong method (405), unmatched paths (404), and the one error handler, last.
  app.use(methodNotAllowed(deps.contract.spec));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
