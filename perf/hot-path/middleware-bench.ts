// Per-stage micro-benchmark of the page read's pipeline: each stage alone in an otherwise empty Express app,
// driven in-process (no sockets, no load generator) with one GET of the demo page, N times; printed as µs per
// request above the empty app. Run with `npx tsx perf/hot-path/middleware-bench.ts [--n 20000]`. The numbers
// are relative (in-process, one core shared with whatever else runs) — they rank the stages, nothing more.
import { Socket } from "node:net";
import { IncomingMessage, ServerResponse } from "node:http";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import express, { type RequestHandler } from "express";
import { pino } from "pino";
import { loadJwtKeys, signToken, verifyToken } from "../../packages/server/src/auth/jwt.js";
import { cachedTokenVerifier } from "../../packages/server/src/auth/verified-tokens.js";
import { loadConfig } from "../../packages/server/src/config/config.js";
import { loadContract } from "../../packages/server/src/http/contract-document.js";
import { authenticate } from "../../packages/server/src/http/middleware/authenticate.js";
import { corsAllowList, requireJsonBody, securityHeaders } from "../../packages/server/src/http/middleware/hardening.js";
import { compileParameterCheck } from "../../packages/server/src/http/middleware/parameter-check.js";
import { rateBudgets, rateLimits } from "../../packages/server/src/http/middleware/rate-limit.js";
import { requestLogging } from "../../packages/server/src/http/middleware/request-logging.js";
import { requestMetrics } from "../../packages/server/src/http/middleware/request-metrics.js";
import { validateRequests } from "../../packages/server/src/http/middleware/validate-request.js";
import { OpsMetrics } from "../../packages/server/src/ops/metrics/ops-metrics.js";

const { values } = parseArgs({ options: { n: { type: "string", default: "20000" } } });
const n = Number(values.n);
const secret = "middleware-bench-secret-0123456789abcdef01234567";
const config = loadConfig({ JWT_SECRET: secret });
const keys = loadJwtKeys(config);
const token = signToken("demo", ["user"], 3600, { key: secret, algorithm: "HS256", issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });
const spec = loadContract().spec;
const devNull = new Writable({ write: (_chunk, _encoding, done) => done() });
const logger = pino({ level: "info", redact: { paths: ["req.headers.authorization"], censor: "[redacted]" } }, devNull);
const [limit] = rateLimits(rateBudgets({ windowMs: 60_000, readLimit: 1e9, writeLimit: 1e9 }));
const check = compileParameterCheck(spec, "/api/v1/intro-page/{userId}", "get");

/** One in-process GET through `app`; resolves when the response ends. */
function request(app: express.Express): Promise<void> {
  const socket = new Socket();
  const req = new IncomingMessage(socket);
  req.method = "GET";
  req.url = "/api/v1/intro-page/demo";
  req.headers = { host: "bench", authorization: `Bearer ${token}`, "user-agent": "bench" };
  const res = new ServerResponse(req);
  return new Promise((done, fail) => {
    res.end = ((..._args: unknown[]) => {
      res.emit("finish");
      done();
      return res;
    }) as typeof res.end;
    app(req as express.Request, res as express.Response, fail);
  });
}

function appWith(stages: RequestHandler[]): express.Express {
  const app = express();
  app.set("query parser", "simple");
  for (const stage of stages) app.use(stage);
  app.get("/api/v1/intro-page/:userId", (_req, res) => res.end());
  app.use(((err, _req, _res, next) => next(err)) as express.ErrorRequestHandler);
  return app;
}

async function perRequestMicros(app: express.Express): Promise<number> {
  for (let i = 0; i < Math.min(2000, n); i++) await request(app);
  const started = performance.now();
  for (let i = 0; i < n; i++) await request(app);
  return ((performance.now() - started) * 1000) / n;
}

const asHandler = (fn: (req: express.Request) => void): RequestHandler => (req, _res, next) => {
  fn(req);
  next();
};
const stages: Array<[string, RequestHandler[]]> = [
  ["request id + access log (pino-http, every request)", [requestLogging(logger, 1)]],
  ["request id + access log sampled at 1%", [requestLogging(logger, 0.01)]],
  ["request timing (prom-client histogram)", [requestMetrics(new OpsMetrics())]],
  ["security headers (helmet)", [securityHeaders()]],
  ["CORS allow-list (no Origin)", [corsAllowList(["https://host.example"])]],
  ["JSON body guard", [requireJsonBody()]],
  ["JWT verify every request (jsonwebtoken, KeyObject)", [asHandler(() => verifyToken(token, keys))]],
  ["JWT verify once, then LRU", [authenticate(cachedTokenVerifier(keys), () => false)]],
  ["rate limit (RateBudget on express-rate-limit's memory store)", [asHandler((req) => (req.principal = { subject: "demo", roles: new Set(["user"]) })), limit]],
  ["request validation (express-openapi-validator)", validateRequests(spec)],
  ["parameter check precompiled from the contract", [asHandler((req) => check(req.url, req.headers))]],
];

const empty = await perRequestMicros(appWith([]));
console.log(`empty Express app, one route: ${empty.toFixed(1)} µs per in-process request (n = ${n})\n`);
console.log("| stage | µs per request above the empty app |");
console.log("| --- | --- |");
for (const [name, handlers] of stages) {
  const micros = await perRequestMicros(appWith(handlers));
  console.log(`| ${name} | ${(micros - empty).toFixed(1)} |`);
}
