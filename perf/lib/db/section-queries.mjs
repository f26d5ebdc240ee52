// The SQL each page section runs, written once here for the perf lab. Each
// entry names the repository it mirrors (under
// packages/server/src/data-access/) and the section service that calls it
// (packages/server/src/domain/sections/); keep them in step when those change.

const dayMs = 86_400_000;

/** The statistics window the server uses (packages/server/src/domain/sections/statistics.ts: 90-day streak horizon). */
function statisticsWindow(now) {
  const weekAgo = new Date(now.getTime() - 7 * dayMs);
  const twoWeeksAgo = new Date(now.getTime() - 14 * dayMs);
  const horizon = new Date(now.getTime() - 90 * dayMs);
  return { weekAgo, twoWeeksAgo, horizon };
}

/**
 * @typedef {object} SectionQuery
 * @property {string} section     the page section that runs it
 * @property {string} name        what it reads
 * @property {string} mirrors     repository file and method it copies
 * @property {string} sql
 * @property {(userId: string, now: Date) => unknown[]} params
 */

/** @type {SectionQuery[]} */
export const sectionQueries = [
  {
    section: "statistics",
    name: "items summary",
    mirrors: "action-item-repository.ts summary()",
    sql: `SELECT count(*) FILTER (WHERE state = 'open') AS total,
                count(*) FILTER (WHERE state = 'open' AND priority = 'urgent') AS urgent,
                count(*) FILTER (WHERE state = 'open' AND due_at < $2) AS overdue,
                count(*) FILTER (WHERE state = 'completed' AND state_changed_at >= $3 AND state_changed_at < $2) AS this_week,
                count(*) FILTER (WHERE state = 'completed' AND state_changed_at >= $4 AND state_changed_at < $3) AS last_week,
                array_agg(DISTINCT to_char(state_changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'))
                  FILTER (WHERE state = 'completed' AND state_changed_at >= $5) AS days
           FROM action_items WHERE user_id = $1`,
    params: (userId, now) => {
      const w = statisticsWindow(now);
      return [userId, now, w.weekAgo, w.twoWeeksAgo, w.horizon];
    },
  },
  {
    section: "statistics",
    name: "activity summary",
    mirrors: "activity-repository.ts summary()",
    sql: `SELECT count(*) FILTER (WHERE occurred_at >= $3 AND occurred_at < $2) AS this_week,
                count(*) FILTER (WHERE occurred_at >= $4 AND occurred_at < $3) AS last_week,
                array_agg(DISTINCT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')) AS days
           FROM activity_events WHERE user_id = $1 AND occurred_at >= $5`,
    params: (userId, now) => {
      const w = statisticsWindow(now);
      return [userId, now, w.weekAgo, w.twoWeeksAgo, w.horizon < w.twoWeeksAgo ? w.horizon : w.twoWeeksAgo];
    },
  },
  {
    section: "statistics",
    name: "user",
    mirrors: "user-repository.ts record()",
    sql: "SELECT id, display_name, last_active_at FROM users WHERE id = $1",
    params: (userId) => [userId],
  },
  {
    section: "actions",
    name: "open items",
    mirrors: "action-item-repository.ts openItems() (limit 50, actions.ts)",
    sql: `SELECT id, kind, title, priority, due_at, href, created_at FROM action_items
          WHERE user_id = $1 AND state = 'open'
          ORDER BY priority_rank DESC, due_at ASC NULLS LAST, created_at ASC, id ASC
          LIMIT $2`,
    params: (userId) => [userId, 50],
  },
  {
    section: "activity",
    name: "first page",
    mirrors: "activity-repository.ts feed() without cursor (limit 20 + 1, activity.ts)",
    sql: `SELECT e.id, e.actor_id, a.name AS actor_name, e.verb, e.object_type, e.object_id, e.object_title, e.object_href, e.occurred_at
            FROM activity_events e JOIN actors a ON a.id = e.actor_id WHERE e.user_id = $1 ORDER BY e.occurred_at DESC, e.id DESC LIMIT $2`,
    params: (userId) => [userId, 21],
  },
  {
    section: "activity",
    name: "page after cursor",
    mirrors: "activity-repository.ts feed() with cursor",
    sql: `SELECT e.id, e.actor_id, a.name AS actor_name, e.verb, e.object_type, e.object_id, e.object_title, e.object_href, e.occurred_at
            FROM activity_events e JOIN actors a ON a.id = e.actor_id WHERE e.user_id = $1 AND (e.occurred_at, e.id) < ($2::timestamptz, $3)
           ORDER BY e.occurred_at DESC, e.id DESC LIMIT $4`,
    params: (userId, now) => [userId, new Date(now.getTime() - 10 * dayMs), "evt_99999", 21],
  },
  {
    section: "personalization",
    name: "preferences",
    mirrors: "preference-repository.ts stored()",
    sql: "SELECT locale, timezone, layout_order, layout_hidden FROM preferences WHERE user_id = $1",
    params: (userId) => [userId],
  },
  {
    section: "system",
    name: "active users (24 h)",
    mirrors: "user-repository.ts countActiveSince()",
    sql: "SELECT count(*) AS count FROM users WHERE last_active_at >= $1",
    params: (_userId, now) => [new Date(now.getTime() - dayMs)],
  },
  {
    section: "system",
    name: "announcements",
    mirrors: "announcement-repository.ts active() (limit 20, system.ts)",
    sql: `SELECT id, title, body, severity, href, published_at, expires_at FROM announcements
          WHERE published_at <= $1 AND (expires_at IS NULL OR expires_at > $1)
          ORDER BY published_at DESC, id LIMIT $2`,
    params: (_userId, now) => [now, 20],
  },
];
