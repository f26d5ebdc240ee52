// k6 version of the "spike" scenario in perf/scenarios.json (perf/k6-sync.test.mjs keeps them in step):
// 300 req/s for 40% of the time, 1,500 req/s for 20%, 300 req/s for the last 40% (15 s in all).
//   k6 run -e BASE_URL=http://127.0.0.1:3000 -e JWT_SECRET=… perf/k6/spike.js
import { iteration } from "./lib/common.js";

export const options = {
  scenarios: {
    fixed_rate: {
      executor: "ramping-arrival-rate",
      startRate: 300,
      timeUnit: "1s",
      preAllocatedVUs: 200,
      exec: "run",
      stages: [
        { target: 300, duration: "6s" },
        { target: 1500, duration: "0s" },
        { target: 1500, duration: "3s" },
        { target: 300, duration: "0s" },
        { target: 300, duration: "6s" },
      ],
    },
  },
  thresholds: {
    "http_req_duration{scenario:fixed_rate}": ["p(95)<50", "p(99)<200"],
    "http_req_failed{scenario:fixed_rate}": ["rate<=0"],
  },
};

export const run = iteration("spike");
