import type { Backfill } from "./backfill.js";

/** Keyset position in activity_events' primary key. */
interface Cursor {
  userId: string;
  id: string;
}

// One statement per batch: read the next rows by primary key, keep each actor's newest name, upsert.
const batchSql = (after: boolean) => `
WITH batch AS (
  SELECT user_id, id, actor_id, actor_name, occurred_at FROM activity_events
   ${after ? "WHERE (user_id, id) > ($2, $3)" : ""}
   ORDER BY user_id, id LIMIT $1
), newest AS (
  SELECT DISTINCT ON (actor_id) actor_id, actor_name, occurred_at FROM batch ORDER BY actor_id, occurred_at DESC
), upserted AS (
  INSERT INTO actors (id, name, name_as_of) SELECT actor_id, actor_name, occurred_at FROM newest ORDER BY actor_id
  ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, name_as_of = EXCLUDED.name_as_of
   WHERE actors.name_as_of < EXCLUDED.name_as_of
  RETURNING 1
), last AS (
  SELECT user_id, id FROM batch ORDER BY user_id DESC, id DESC LIMIT 1
)
SELECT (SELECT count(*) FROM batch)::int AS visited, (SELECT count(*) FROM upserted)::int AS touched,
       (SELECT user_id FROM last) AS last_user, (SELECT id FROM last) AS last_id`;

/**
 * Fills `actors` from activity_events.actor_name (migration 0010): each
 * actor gets the name of its newest activity, the rule the write path of
 * this release follows too, so the two converge in any order.
 */
export const actorsBackfill: Backfill = {
  name: "actors",
  expand: "0010_actors_expand",
  description: "actors from activity_events.actor_name",
  async countRows(session) {
    const [row] = (await session.query<{ n: string }>("SELECT count(*)::text AS n FROM activity_events")).rows;
    return Number(row?.n ?? 0);
  },
  async remaining(session) {
    const [row] = (
      await session.query<{ n: string }>("SELECT count(*)::text AS n FROM activity_events e WHERE NOT EXISTS (SELECT 1 FROM actors a WHERE a.id = e.actor_id)")
    ).rows;
    return Number(row?.n ?? 0);
  },
  async runBatch(session, cursor, size) {
    const at = cursor as Cursor | null;
    const { rows } = await session.query<{ visited: number; touched: number; last_user: string | null; last_id: string | null }>(
      batchSql(at !== null),
      at ? [size, at.userId, at.id] : [size],
    );
    const row = rows[0]!;
    const next: Cursor | null = row.visited < size || row.last_user === null ? null : { userId: row.last_user, id: row.last_id! };
    return { visited: row.visited, touched: row.touched, cursor: next };
  },
};

/** Every backfill this release knows, by name. */
export const backfills: ReadonlyArray<Backfill> = [actorsBackfill];
