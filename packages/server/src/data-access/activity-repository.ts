import type { Sequelize, Transaction } from "sequelize";
import type { components } from "../generated/openapi.js";
import type { ActivityCursor } from "../vocabulary/activity-cursor.js";
import { JsonText } from "../vocabulary/json-text.js";
import type { StatisticsWindow } from "./action-item-repository.js";
import { ActivityShapeTracker, type ActivityShape } from "./activity-shape.js";
import type { Read } from "./combined-reads.js";
import { execute, isoTextSql, jsonArrayAggSql, jsonObjectSql, jsonValueSql } from "./sql.js";

type ActivityItem = components["schemas"]["ActivityItem"];

/**
 * One page of the feed as PostgreSQL wrote it: the items' JSON text, never
 * parsed into objects on the way to the cache, and where the page ended
 * when more items follow (the next page's cursor).
 */
export interface FeedPage {
  items: JsonText<ActivityItem[]>;
  next: ActivityCursor | null;
}

/** A feed item's JSON as the contract's `ActivityItem` (`href` only when there is one), over a row `e` of the feed. */
const itemJson = (actorName: string) =>
  jsonObjectSql([
    ["id", jsonValueSql("e.id")],
    ["actor", jsonObjectSql([["id", jsonValueSql("e.actor_id")], ["name", jsonValueSql(actorName)]])],
    ["verb", jsonValueSql("e.verb")],
    [
      "object",
      jsonObjectSql([
        ["type", jsonValueSql("e.object_type")],
        ["id", jsonValueSql("e.object_id")],
        ["title", jsonValueSql("e.object_title")],
        ["href", jsonValueSql("e.object_href"), "e.object_href <> ''"],
      ]),
    ],
    ["occurredAt", jsonValueSql(isoTextSql("e.occurred_at"))],
  ]);

/**
 * The feed read's one text value: a first line `[more, lastOccurredAt, lastId]` (JSON), then the items' array. `rows`
 * selects up to `limit` + 1 feed rows, newest first, each with its `item`, `id`, `occurred_at` and place `n`; `limit` is
 * its placeholder.
 */
const feedText = (rows: string, limit: string) =>
  `SELECT json_build_array(count(*) > ${limit}, ${isoTextSql(`min(f.occurred_at) FILTER (WHERE f.n = ${limit})`)}, min(f.id) FILTER (WHERE f.n = ${limit}))::text
          || E'\\n' || ${jsonArrayAggSql(`f.n <= ${limit}`)}
     FROM (${rows}) f`;

/** Splits `feedText`'s value. */
function feedPage(text: string | null): FeedPage {
  if (text === null) return { items: new JsonText("[]"), next: null };
  const lineEnd = text.indexOf("\n");
  const [more, occurredAt, id] = JSON.parse(text.slice(0, lineEnd)) as [boolean, string | null, string | null];
  return { items: new JsonText(text.slice(lineEnd + 1)), next: more && occurredAt !== null && id !== null ? { occurredAt, id } : null };
}

/** The activity feed: keyset-paginated reads and event inserts. */
export interface ActivityRepository {
  /** Up to `limit` items older than `cursor` (newest first), and where they end if more follow: a read (`combined-reads.ts`) for the schema's current actor shape. */
  feed(userId: string, limit: number, cursor?: ActivityCursor): Promise<Read<FeedPage>>;
  /** Activity counts for two consecutive weeks and the active days since the horizon (for statistics). A read. */
  summary(userId: string, window: StatisticsWindow): Read<{ thisWeek: number; lastWeek: number; activeDays: string[] }>;
  /** Stores an item; an id the user already has is left as it is. */
  insert(userId: string, item: ActivityItem, transaction: Transaction): Promise<void>;
}

/** Each shape's source of the actor name (docs/migrations.md: the actors expand/contract). */
const feedSource: Record<ActivityShape, { actorName: string; from: string }> = {
  legacy: { actorName: "e.actor_name", from: "activity_events e" },
  // Backfilled actors win; rows the backfill has not reached yet still carry their own name.
  transition: { actorName: "COALESCE(a.name, e.actor_name)", from: "activity_events e LEFT JOIN actors a ON a.id = e.actor_id" },
  normalized: { actorName: "a.name", from: "activity_events e JOIN actors a ON a.id = e.actor_id" },
};

/** Keeps the newest name each actor was seen with (`name_as_of`), whatever order events arrive in. */
const upsertActor = `INSERT INTO actors (id, name, name_as_of) VALUES ($1, $2, $3)
  ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, name_as_of = EXCLUDED.name_as_of
  WHERE actors.name_as_of < EXCLUDED.name_as_of`;

/** A shape's two feed statements: the first page, and a page after a cursor. */
function feedStatements(shape: ActivityShape): { first: string; after: string } {
  const { actorName, from } = feedSource[shape];
  const select = `SELECT ${itemJson(actorName)} AS item, e.id, e.occurred_at, row_number() OVER (ORDER BY e.occurred_at DESC, e.id DESC) AS n FROM ${from}`;
  return {
    first: feedText(`${select} WHERE e.user_id = $1 ORDER BY e.occurred_at DESC, e.id DESC LIMIT $2::int + 1`, "$2::int"),
    after: feedText(
      `${select} WHERE e.user_id = $1 AND (e.occurred_at, e.id) < ($2::timestamptz, $3) ORDER BY e.occurred_at DESC, e.id DESC LIMIT $4::int + 1`,
      "$4::int",
    ),
  };
}

/**
 * Each shape's feed statements, built once, so every read hands the statement caches (`combined-reads.ts`,
 * `sql.ts`) the same strings, hashed once, instead of two kilobytes of text assembled and hashed per read.
 */
const feedSql = Object.fromEntries(Object.keys(feedSource).map((shape) => [shape, feedStatements(shape as ActivityShape)])) as Record<
  ActivityShape,
  { first: string; after: string }
>;

/** Creates the activity repository; it reads and writes whichever actor shape the schema has. */
export function createActivityRepository(sequelize: Sequelize): ActivityRepository {
  const shapes = new ActivityShapeTracker(sequelize);
  return {
    async feed(userId, limit, cursor) {
      // Row-value comparison walks activity_events_feed_idx; one extra row tells whether another page exists.
      const build = (shape: ActivityShape): Read<FeedPage> => ({
        sequelize,
        ...(cursor
          ? { sql: feedSql[shape].after, values: [userId, cursor.occurredAt, cursor.id, limit] }
          : { sql: feedSql[shape].first, values: [userId, limit] }),
        rows: "text",
        decode: (text) => feedPage(text as string | null),
        // A migration changed the actor shape under the read: probed again, the read rebuilt for the new one.
        again: async () => build(await shapes.changed()),
      });
      return build(await shapes.current());
    },
    summary(userId, { now, weekAgo, twoWeeksAgo, horizon }) {
      // Bounded by the horizon so the feed index limits the scan to recent rows. (ISO 8601 texts of one format compare
      // as the instants do.)
      return {
        sequelize,
        sql: `SELECT count(*) FILTER (WHERE occurred_at >= $3 AND occurred_at < $2) AS this_week,
                     count(*) FILTER (WHERE occurred_at >= $4 AND occurred_at < $3) AS last_week,
                     array_agg(DISTINCT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')) AS days
                FROM activity_events WHERE user_id = $1 AND occurred_at >= $5`,
        values: [userId, now, weekAgo, twoWeeksAgo, horizon < twoWeeksAgo ? horizon : twoWeeksAgo],
        rows: "one",
        decode: (json) => {
          // An aggregate without GROUP BY always answers one row.
          const row = json as { this_week: number; last_week: number; days: string[] | null };
          return { thisWeek: row.this_week, lastWeek: row.last_week, activeDays: row.days ?? [] };
        },
      };
    },
    async insert(userId, item, transaction) {
      const shape = await shapes.forWrite(transaction);
      // The actor first: after the contract a foreign key requires it.
      if (shape !== "legacy") await execute(sequelize, upsertActor, [item.actor.id, item.actor.name, item.occurredAt], transaction);
      const withName = shape !== "normalized";
      const values = [userId, item.id, item.actor.id, item.verb, item.object.type, item.object.id, item.object.title, item.object.href ?? null, item.occurredAt];
      await execute(
        sequelize,
        `INSERT INTO activity_events (user_id, id, actor_id, verb, object_type, object_id, object_title, object_href, occurred_at${withName ? ", actor_name" : ""})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9${withName ? ", $10" : ""})
         ON CONFLICT (user_id, id) DO NOTHING`,
        withName ? [...values, item.actor.name] : values,
        transaction,
      );
    },
  };
}
