import type { Sequelize, Transaction } from "sequelize";
import type { components } from "../generated/openapi.js";
import type { ActivityCursor } from "../vocabulary/activity-cursor.js";
import type { StatisticsWindow } from "./action-item-repository.js";
import { execute, selectRows } from "./sql.js";

type ActivityItem = components["schemas"]["ActivityItem"];

interface ActivityRow {
  id: string;
  actor_id: string;
  actor_name: string;
  verb: string;
  object_type: string;
  object_id: string;
  object_title: string;
  object_href: string | null;
  occurred_at: Date;
}

const toItem = (row: ActivityRow): ActivityItem => ({
  id: row.id,
  actor: { id: row.actor_id, name: row.actor_name },
  verb: row.verb,
  object: { type: row.object_type, id: row.object_id, title: row.object_title, ...(row.object_href ? { href: row.object_href } : {}) },
  occurredAt: row.occurred_at.toISOString(),
});

/** The activity feed: keyset-paginated reads and event inserts. */
export interface ActivityRepository {
  /** Up to `limit` items older than `cursor` (newest first), plus whether more exist. */
  page(userId: string, limit: number, cursor?: ActivityCursor): Promise<{ items: ActivityItem[]; hasMore: boolean }>;
  /** Activity counts for two consecutive weeks and the active days since the horizon, in one query (for statistics). */
  summarize(userId: string, window: StatisticsWindow): Promise<{ thisWeek: number; lastWeek: number; activeDays: string[] }>;
  /** Stores an item; an id the user already has is left as it is. */
  insert(userId: string, item: ActivityItem, transaction: Transaction): Promise<void>;
}

/** Creates the activity repository. */
export function createActivityRepository(sequelize: Sequelize): ActivityRepository {
  const columns = "id, actor_id, actor_name, verb, object_type, object_id, object_title, object_href, occurred_at";
  return {
    async page(userId, limit, cursor) {
      // Row-value comparison walks activity_events_feed_idx; one extra row tells whether another page exists.
      const rows = cursor
        ? await selectRows<ActivityRow>(
            sequelize,
            `SELECT ${columns} FROM activity_events WHERE user_id = $1 AND (occurred_at, id) < ($2::timestamptz, $3)
              ORDER BY occurred_at DESC, id DESC LIMIT $4`,
            [userId, cursor.occurredAt, cursor.id, limit + 1],
          )
        : await selectRows<ActivityRow>(
            sequelize,
            `SELECT ${columns} FROM activity_events WHERE user_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT $2`,
            [userId, limit + 1],
          );
      return { items: rows.slice(0, limit).map(toItem), hasMore: rows.length > limit };
    },
    async summarize(userId, { now, weekAgo, twoWeeksAgo, horizon }) {
      // Bounded by the horizon so the feed index limits the scan to recent rows.
      const [row] = await selectRows<{ this_week: string; last_week: string; days: string[] | null }>(
        sequelize,
        `SELECT count(*) FILTER (WHERE occurred_at >= $3 AND occurred_at < $2) AS this_week,
                count(*) FILTER (WHERE occurred_at >= $4 AND occurred_at < $3) AS last_week,
                array_agg(DISTINCT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')) AS days
           FROM activity_events WHERE user_id = $1 AND occurred_at >= $5`,
        [userId, now, weekAgo, twoWeeksAgo, horizon < twoWeeksAgo ? horizon : twoWeeksAgo],
      );
      return { thisWeek: Number(row?.this_week ?? 0), lastWeek: Number(row?.last_week ?? 0), activeDays: row?.days ?? [] };
    },
    async insert(userId, item, transaction) {
      await execute(
        sequelize,
        `INSERT INTO activity_events (user_id, ${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (user_id, id) DO NOTHING`,
        [userId, item.id, item.actor.id, item.actor.name, item.verb, item.object.type, item.object.id, item.object.title, item.object.href ?? null, item.occurredAt],
        transaction,
      );
    },
  };
}
