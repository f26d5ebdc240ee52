// k6 version of the "mixed" scenario in perf/scenarios.json (perf/k6-sync.test.mjs keeps them in step):
// reads, 304 polls, completions, dismissals and events over 200 active users; saturation, then 500 req/s offered.
//   k6 run -e BASE_URL=http://127.0.0.1:3000 -e JWT_SECRET=… perf/k6/mixed.js
import { iteration } from "./lib/common.js";

export const options = {
  scenarios: {
    saturation: { executor: "constant-vus", vus: 100, duration: "15s", exec: "run" },
    fixed_rate: { executor: "constant-arrival-rate", rate: 500, timeUnit: "1s", duration: "15s", preAllocatedVUs: 200, startTime: "15s", exec: "run" },
  },
  thresholds: {
    "http_req_duration{scenario:fixed_rate}": ["p(95)<30", "p(99)<60"],
    "http_req_failed{scenario:fixed_rate}": ["rate<=0"],
  },
};

export const run = iteration("mixed");
