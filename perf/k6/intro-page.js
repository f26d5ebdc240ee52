// k6 version of perf/scenarios.json, for machines with k6 (https://k6.io):
//
//   TOKEN=$(npm run -s token -- --sub demo --roles user) \
//   ADMIN_TOKEN=$(npm run -s token -- --sub perf-admin --roles admin) \
//   k6 run -e BASE_URL=http://localhost:3000 -e SCENARIO=page-warm -e DURATION=30s perf/k6/intro-page.js
//
// SCENARIO picks one scenario by name (default: all, one after another).
// Every scenario runs with the connections (virtual users) and, where set,
// the fixed arrival rate given in scenarios.json; thresholds fail the run on
// errors. Tokens come from the environment because k6 cannot sign JWTs with
// the server's key material by itself.
import http from "k6/http";
import { check } from "k6";

const { scenarios: all } = JSON.parse(open("../scenarios.json"));
const BASE_URL = (__ENV.BASE_URL || "http://localhost:3000").replace(/\/$/, "");
const DURATION = __ENV.DURATION || "10s";
const selected = __ENV.SCENARIO ? all.filter((s) => s.name === __ENV.SCENARIO) : all;
const seconds = parseInt(DURATION, 10);

/** One k6 scenario per entry, started one after another. */
export const options = {
  scenarios: Object.fromEntries(
    selected.map((s, i) => [
      s.name.replace(/-/g, "_"),
      s.rate
        ? { executor: "constant-arrival-rate", rate: s.rate, timeUnit: "1s", duration: DURATION, preAllocatedVUs: s.connections, startTime: `${i * seconds}s`, exec: "run", env: { NAME: s.name } }
        : { executor: "constant-vus", vus: s.connections, duration: DURATION, startTime: `${i * seconds}s`, exec: "run", env: { NAME: s.name } },
    ]),
  ),
  thresholds: { http_req_failed: ["rate<0.001"] },
  summaryTrendStats: ["avg", "med", "p(95)", "p(99)", "max"],
};

const etags = {};
let turn = 0;

/** One iteration of the scenario named in the VU's environment. */
export function run() {
  const s = all.find((x) => x.name === __ENV.NAME);
  const token = s.roles && s.roles.includes("admin") ? __ENV.ADMIN_TOKEN : __ENV.TOKEN;
  const headers = { accept: "application/json" };
  if (s.roles) headers.authorization = `Bearer ${token}`;
  if (s.contentType) headers["content-type"] = s.contentType;
  const paths = s.paths || [s.path];
  const path = paths[turn++ % paths.length];
  if (s.conditional && etags[path]) headers["if-none-match"] = etags[path];
  const res = http.request(s.method, `${BASE_URL}${path}`, s.body ? JSON.stringify(s.body) : null, { headers, tags: { scenario: s.name } });
  if (s.conditional && res.headers.Etag) etags[path] = res.headers.Etag;
  check(res, { "answered 2xx/304": (r) => (r.status >= 200 && r.status < 300) || r.status === 304 });
}
