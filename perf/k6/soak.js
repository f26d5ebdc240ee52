// k6 version of the "soak" scenario in perf/scenarios.json (perf/k6-sync.test.mjs keeps them in step):
// the mixed traffic at 300 req/s for ten minutes.
//   k6 run -e BASE_URL=http://127.0.0.1:3000 -e JWT_SECRET=… perf/k6/soak.js
import { iteration } from "./lib/common.js";

export const options = {
  scenarios: {
    fixed_rate: { executor: "constant-arrival-rate", rate: 300, timeUnit: "1s", duration: "600s", preAllocatedVUs: 100, exec: "run" },
  },
  thresholds: {
    "http_req_duration{scenario:fixed_rate}": ["p(95)<30", "p(99)<60"],
    "http_req_failed{scenario:fixed_rate}": ["rate<=0"],
  },
};

export const run = iteration("soak");
