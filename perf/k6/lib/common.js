// Shared by the k6 scripts in perf/k6/: the same scenarios (../../scenarios.json)
// and the same requests (../../lib/requests.mjs, imported as is) as the Node
// runner, HS256 tokens signed here with the secret the server was started with.
//
//   k6 run -e BASE_URL=http://127.0.0.1:3000 -e JWT_SECRET=<the server's JWT_SECRET> -e USERS=10000 perf/k6/page-warm.js
import crypto from "k6/crypto";
import encoding from "k6/encoding";
import http from "k6/http";
import { check } from "k6";
import { buildPlan, SEQ } from "../../lib/requests.mjs";

const { scenarios } = JSON.parse(open("../../scenarios.json"));
const BASE_URL = (__ENV.BASE_URL || "http://127.0.0.1:3000").replace(/\/$/, "");
const SECRET = __ENV.JWT_SECRET;
const USERS = Number(__ENV.USERS || 1000);

const b64 = (value) => encoding.b64encode(JSON.stringify(value), "rawurl");
const tokens = {};

/** An HS256 JWT like the server's token CLI signs (sub, roles, iss, aud, exp). */
export function token(subject, roles) {
  const id = `${subject} ${roles.join(",")}`;
  if (!tokens[id]) {
    if (!SECRET) throw new Error("set -e JWT_SECRET=<the server's JWT_SECRET>");
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ sub: subject, roles, iss: __ENV.JWT_ISSUER || "intro-page", aud: __ENV.JWT_AUDIENCE || "intro-page", iat: now, exp: now + 6 * 3600 })}`;
    tokens[id] = `${unsigned}.${crypto.hmac("sha256", SECRET, unsigned, "base64rawurl")}`;
  }
  return tokens[id];
}

/** Drops every cached section (for the cold scenario's setup). */
export function invalidateCache() {
  const res = http.post(`${BASE_URL}/api/v1/cache/invalidate`, JSON.stringify({ all: true }), {
    headers: { authorization: `Bearer ${token("perf-admin", ["admin"])}`, "content-type": "application/json" },
  });
  check(res, { "cache invalidated": (r) => r.status === 200 });
}

/** The function each iteration of the named scenario runs: the next request of its plan, ETags remembered per path. */
export function iteration(name) {
  const scenario = scenarios.find((s) => s.name === name);
  if (!scenario) throw new Error(`no scenario ${name} in perf/scenarios.json`);
  const plan = buildPlan(scenario, USERS);
  const etags = {};
  let turn = 0;
  return function run() {
    const r = plan[(turn++ * 7 + __VU) % plan.length];
    const headers = { accept: "application/json", authorization: `Bearer ${token(r.subject, r.roles)}` };
    if (r.body) headers["content-type"] = "application/json";
    if (r.conditional && etags[r.path]) headers["if-none-match"] = etags[r.path];
    const body = r.body ? r.body.split(SEQ).join(`${__VU}-${__ITER}-${Date.now()}`) : null;
    const res = http.request(r.method, `${BASE_URL}${r.path}`, body, { headers, tags: { kind: r.kind } });
    if (r.conditional && res.headers.Etag) etags[r.path] = res.headers.Etag;
    check(res, { "2xx or 304": (x) => (x.status >= 200 && x.status < 300) || x.status === 304 });
  };
}
