// Bulk loader for the perf dataset: every row is generated inside the
// database by INSERT … SELECT over generate_series (no rows cross the wire),
// chunk by chunk so a progress bar can follow. Idempotent (ON CONFLICT DO
// NOTHING) and reused when the row counts are already there.
import cliProgress from "cli-progress";

/** Items per user: 1–8 open, 9, 10 and 12 completed, 11 dismissed (scenarios complete 1–4 and dismiss 5–8). */
export const ITEMS_PER_USER = 12;

const firstNames = "ARRAY['Alice','Bob','Carol','Dave','Erin','Farah','Gus','Hana','Ivan','Jia','Kofi','Lena','Mateo','Noor','Omar','Priya']";
const lastNames = "ARRAY['Moreau','Okafor','Nguyen','Schmidt','Rossi','Haddad','Larsen','Tanaka','Novak','Chen','Mensah','Fischer','Silva','Aziz','Park','Iyer']";
const subjects = "ARRAY['Q4 travel budget','Onboarding copy','Launch checklist','Pricing page','Incident report','Hiring plan','API changelog','Design review notes','Quarterly goals','Vendor contract']";
// The same ids as perfUserId() in perf/lib/requests.mjs (`perf-000001` …), built in SQL.
const userIdExpr = "'perf-' || lpad(n::text, 6, '0')";

const insertUsers = `
  INSERT INTO users (id, display_name, created_at, last_active_at)
  SELECT ${userIdExpr},
         (${firstNames})[1 + n % 16] || ' ' || (${lastNames})[1 + (n / 16) % 16],
         now() - interval '120 days',
         now() - (n % 72) * interval '1 hour'
    FROM generate_series($1::int, $2::int) AS n
  ON CONFLICT DO NOTHING`;

const insertItems = `
  INSERT INTO action_items (user_id, id, kind, title, priority, due_at, href, state, state_changed_at, created_at, updated_at)
  SELECT ${userIdExpr},
         'act_' || lpad(i::text, 3, '0'),
         (ARRAY['task','approval','review','mention','reminder'])[1 + i % 5],
         (ARRAY['Finish','Approve','Review','Reply about','Remember'])[1 + i % 5] || ' ' || (${subjects})[1 + (n + i) % 10],
         (ARRAY['low','normal','high','urgent'])[1 + (n + i) % 4],
         CASE i % 4 WHEN 0 THEN now() - (i * 5) * interval '1 hour' WHEN 3 THEN NULL ELSE now() + (i * 11) * interval '1 hour' END,
         'https://app.example.com/items/' || i,
         CASE WHEN i <= 8 THEN 'open' WHEN i = 11 THEN 'dismissed' ELSE 'completed' END,
         CASE WHEN i <= 8 THEN NULL ELSE now() - (i - 8) * interval '1 day' END,
         now() - (20 + i) * interval '1 day',
         now() - (i % 8) * interval '1 day'
    FROM generate_series($1::int, $2::int) AS n CROSS JOIN generate_series(1, ${ITEMS_PER_USER}) AS i
  ON CONFLICT DO NOTHING`;

// One actor per first name; activity rows refer to them (the schema after migration 0011, which the lab applies
// before seeding: migrations/0011_actors_contract.up.sql).
const insertActors = `
  INSERT INTO actors (id, name, name_as_of)
  SELECT lower((${firstNames})[k]), (${firstNames})[k] || ' ' || (${lastNames})[k], now() - interval '120 days'
    FROM generate_series(1, 16) AS k
  ON CONFLICT DO NOTHING`;

// Spread over 30 days, newest first, with a per-user offset so users differ.
const insertActivity = `
  INSERT INTO activity_events (user_id, id, actor_id, verb, object_type, object_id, object_title, object_href, occurred_at)
  SELECT ${userIdExpr},
         'evt_' || lpad(i::text, 5, '0'),
         lower((${firstNames})[1 + (n + i) % 16]),
         (ARRAY['commented','shared','edited','approved','mentioned','assigned','completed','created'])[1 + (n + i) % 8],
         (ARRAY['document','task','review','project','ticket'])[1 + i % 5],
         'obj_' || ((n * 31 + i) % 10000),
         (${subjects})[1 + (n * 7 + i) % 10],
         CASE WHEN i % 3 = 0 THEN NULL ELSE 'https://app.example.com/objects/' || ((n * 31 + i) % 10000) END,
         now() - (i - 1) * (interval '30 days' / $3::int) - (n % 60) * interval '1 minute'
    FROM generate_series($1::int, $2::int) AS n CROSS JOIN generate_series(1, $3::int) AS i
  ON CONFLICT DO NOTHING`;

const insertAnnouncements = `
  INSERT INTO announcements (id, title, body, severity, href, published_at, expires_at) VALUES
    ('perf_ann_1', 'Scheduled maintenance', 'Sunday 02:00-03:00 UTC, read-only mode.', 'warning', 'https://status.example.com', now() - interval '1 day', now() + interval '30 days'),
    ('perf_ann_2', 'New reports', 'Weekly reports now include trends.', 'info', NULL, now() - interval '2 days', NULL)
  ON CONFLICT DO NOTHING`;

/** How many perf users and activity rows the database holds. */
export async function countDataset(db) {
  const { rows: [users] } = await db.query("SELECT count(*)::int AS n FROM users WHERE id LIKE 'perf-%'");
  const { rows: [activity] } = await db.query("SELECT count(*)::int AS n FROM activity_events WHERE user_id LIKE 'perf-%'");
  return { users: Number(users.n), activity: Number(activity.n) };
}

/**
 * Makes sure at least `users` perf users with `activityPerUser` events each
 * exist; seeds what is missing with a progress bar.
 * @returns {Promise<{ reused: boolean, seconds: number, users: number, activity: number }>}
 */
export async function ensureDataset(db, { users, activityPerUser, chunkUsers = 500, progress = process.stderr.isTTY }) {
  const before = await countDataset(db);
  if (before.users >= users && before.activity >= users * activityPerUser) return { reused: true, seconds: 0, ...before };
  const started = performance.now();
  // Losing the last few rows of a crashed seed is fine (it reruns); waiting for every fsync is not.
  if (db.kind === "postgres") await db.query("SET synchronous_commit = off");
  const bar = new cliProgress.SingleBar(
    { format: "seeding {bar} {value}/{total} users | {rows} rows | {duration}s", noTTYOutput: !progress, notTTYSchedule: 5000, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(users, 0, { rows: 0 });
  let rows = 0;
  await db.query(insertActors);
  for (let from = 1; from <= users; from += chunkUsers) {
    const to = Math.min(users, from + chunkUsers - 1);
    await db.query(insertUsers, [from, to]);
    await db.query(insertItems, [from, to]);
    await db.query(insertActivity, [from, to, activityPerUser]);
    rows += (to - from + 1) * (1 + ITEMS_PER_USER + activityPerUser);
    bar.update(to, { rows });
  }
  bar.stop();
  await db.query(insertAnnouncements);
  // Fresh statistics so the planner sees the real table sizes.
  await db.query("ANALYZE users, action_items, activity_events, actors, announcements");
  const after = await countDataset(db);
  return { reused: false, seconds: (performance.now() - started) / 1000, ...after };
}
