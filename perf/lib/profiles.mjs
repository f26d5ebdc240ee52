// What `npm run bench`, `bench:full` and `soak` run: dataset size, phase
// length and sample counts. `--seconds` and `--scenario` override them.

/** @type {Record<string, { users: number, activityPerUser: number, phaseSeconds: number, widgetLoads: number, queryRuns: number, scenarios?: string[] }>} */
export const profiles = {
  // Under two minutes on a 2-core machine, dataset reused after the first run.
  quick: { users: 1000, activityPerUser: 50, phaseSeconds: 3, widgetLoads: 5, queryRuns: 100 },
  // The scale the product promises: 10,000 users and 1,000,000 activity rows.
  full: { users: 10_000, activityPerUser: 100, phaseSeconds: 15, widgetLoads: 20, queryRuns: 500 },
  // Ten minutes of mixed traffic on the full dataset.
  soak: { users: 10_000, activityPerUser: 100, phaseSeconds: 600, widgetLoads: 0, queryRuns: 0, scenarios: ["soak"] },
};
