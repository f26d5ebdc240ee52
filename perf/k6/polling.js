// k6 version of the "polling" scenario in perf/scenarios.json (perf/k6-sync.test.mjs keeps them in step):
// 2,000 widgets polling every 2 s with their last ETag = 1,000 req/s offered.
//   k6 run -e BASE_URL=http://127.0.0.1:3000 -e JWT_SECRET=… -e USERS=10000 perf/k6/polling.js
import { iteration } from "./lib/common.js";

export const options = {
  scenarios: {
    fixed_rate: { executor: "constant-arrival-rate", rate: 1000, timeUnit: "1s", duration: "15s", preAllocatedVUs: 200, exec: "run" },
  },
  thresholds: {
    "http_req_duration{scenario:fixed_rate}": ["p(95)<10", "p(99)<25"],
    "http_req_failed{scenario:fixed_rate}": ["rate<=0"],
  },
};

export const run = iteration("polling");
