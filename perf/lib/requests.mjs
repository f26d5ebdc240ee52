// The requests each scenario sends, built from its `traffic` mix in
// perf/scenarios.json. Pure (no Node or k6 imports) so the Node runner and
// the k6 scripts (perf/k6/lib/common.js imports this file) send the same
// requests. Tokens are added later by whoever sends them.

/** How many users the `active` set holds. */
export const ACTIVE_USERS = 200;
/** Placeholder replaced with a fresh sequence number on every send (unique event ids). */
export const SEQ = "{{seq}}";

/** Ids of perf users: `perf-000001` … (perf/lib/db/seed.mjs creates them). */
export const perfUserId = (n) => `perf-${String(n).padStart(6, "0")}`;

/** The users a traffic entry spreads over, as 1-based perf user numbers. */
export function userNumbers(set, scenario, datasetUsers) {
  const count = { one: 1, active: Math.min(ACTIVE_USERS, datasetUsers), all: datasetUsers, widgets: Math.min(scenario.widgets ?? datasetUsers, datasetUsers) }[set];
  if (count === undefined) throw new Error(`unknown user set "${set}" in scenario ${scenario.name}`);
  return Array.from({ length: count }, (_, i) => i + 1);
}

/**
 * One request of a kind for a user.
 * @returns {{ kind: string, method: string, path: string, subject: string, roles: string[], body?: string, conditional: boolean }}
 */
export function requestFor(kind, userNumber) {
  const userId = perfUserId(userNumber);
  const page = `/api/v1/intro-page/${userId}`;
  switch (kind) {
    case "page":
      return { kind, method: "GET", path: page, subject: userId, roles: ["user"], conditional: false };
    case "page-conditional":
      return { kind, method: "GET", path: page, subject: userId, roles: ["user"], conditional: true };
    case "complete":
      // Items 1–4 are open in the seed; repeats are idempotent 200s.
      return { kind, method: "POST", path: `${page}/actions/act_00${1 + (userNumber % 4)}/complete`, subject: userId, roles: ["user"], conditional: false };
    case "dismiss":
      // Items 5–8 are open in the seed and never completed by the runs.
      return { kind, method: "POST", path: `${page}/actions/act_00${5 + (userNumber % 4)}/dismiss`, subject: userId, roles: ["user"], conditional: false };
    case "event":
      return {
        kind,
        method: "POST",
        path: "/api/v1/events",
        subject: "perf-backend",
        roles: ["service"],
        conditional: false,
        body: JSON.stringify({
          events: [
            {
              type: "activity",
              eventId: `perf-${SEQ}`,
              userId,
              actor: { id: "perf-bot", name: "Perf Bot" },
              verb: "commented",
              object: { type: "document", id: `doc_${SEQ}`, title: "Load test notes" },
              occurredAt: "2026-01-01T00:00:00.000Z",
            },
          ],
        }),
      };
    default:
      throw new Error(`unknown request kind "${kind}"`);
  }
}

/**
 * The scenario's request sequence: kinds interleaved by weight (smooth
 * weighted round robin), each kind walking its user set in order. Senders
 * cycle through it. `all` sets produce exactly one request per user.
 */
export function buildPlan(scenario, datasetUsers, length = 2000) {
  const entries = scenario.traffic.map((t) => ({ ...t, users: userNumbers(t.users, scenario, datasetUsers), next: 0, current: 0 }));
  const total = entries.reduce((sum, e) => sum + e.weight, 0);
  const size = entries.some((e) => e.users.length > length) ? Math.max(...entries.map((e) => e.users.length)) : length;
  const plan = [];
  for (let i = 0; i < size; i++) {
    for (const e of entries) e.current += e.weight;
    const chosen = entries.reduce((best, e) => (e.current > best.current ? e : best));
    chosen.current -= total;
    plan.push(requestFor(chosen.kind, chosen.users[chosen.next++ % chosen.users.length]));
  }
  return plan;
}

/** The fixed-rate phase as stages of `{ rate, seconds }` for a phase of `seconds`. */
export function rateStages(scenario, seconds) {
  const fixed = scenario.fixedRate;
  if (!fixed) return [];
  if (fixed.stages) return fixed.stages.map((s) => ({ rate: s.rate, seconds: s.share * seconds }));
  return [{ rate: fixed.rate, seconds }];
}
