// k6 version of the "page-cold" scenario in perf/scenarios.json (perf/k6-sync.test.mjs keeps them in step):
// the cache dropped in setup, then 1,000 req/s offered over every user, each read once while they last.
//   k6 run -e BASE_URL=http://127.0.0.1:3000 -e JWT_SECRET=… -e USERS=10000 perf/k6/page-cold.js
import { invalidateCache, iteration } from "./lib/common.js";

export const options = {
  scenarios: {
    fixed_rate: { executor: "constant-arrival-rate", rate: 1000, timeUnit: "1s", duration: "15s", preAllocatedVUs: 200, exec: "run" },
  },
  thresholds: {
    "http_req_duration{scenario:fixed_rate}": ["p(95)<30", "p(99)<60"],
    "http_req_failed{scenario:fixed_rate}": ["rate<=0"],
  },
};

export function setup() {
  invalidateCache();
}

export const run = iteration("page-cold");
