// k6 version of the "page-304" scenario in perf/scenarios.json (perf/k6-sync.test.mjs keeps them in step):
// saturation with 100 VUs, then 1,000 req/s offered from 200 VUs.
//   k6 run -e BASE_URL=http://127.0.0.1:3000 -e JWT_SECRET=… perf/k6/page-304.js
import { iteration } from "./lib/common.js";

export const options = {
  scenarios: {
    saturation: { executor: "constant-vus", vus: 100, duration: "15s", exec: "run" },
    fixed_rate: { executor: "constant-arrival-rate", rate: 1000, timeUnit: "1s", duration: "15s", preAllocatedVUs: 200, startTime: "15s", exec: "run" },
  },
  thresholds: {
    "http_req_duration{scenario:fixed_rate}": ["p(95)<5", "p(99)<10"],
    "http_req_failed{scenario:fixed_rate}": ["rate<=0"],
  },
};

export const run = iteration("page-304");
