import type { Sequelize, Transaction } from "sequelize";
import type { components } from "../generated/openapi.js";
import type { ActionOrdering } from "../vocabulary/feature-flags.js";
import { JsonText } from "../vocabulary/json-text.js";
import type { Read } from "./combined-reads.js";
import { execute, isoOrNull, isoTextSql, jsonArrayAggSql, jsonObjectSql, jsonValueSql, selectRows } from "./sql.js";

type ActionItem = components["schemas"]["ActionItem"];

/** Where an item stands. `completed` and `dismissed` are final. */
export type ItemState = "open" | "completed" | "dismissed";

/** An item with its state, for the write path. */
export interface ItemStateRecord {
  id: string;
  state: ItemState;
  stateChangedAt: string | null;
}

/** Counts over a user's open items. */
export interface OpenItemCounts {
  total: number;
  urgent: number;
  overdue: number;
}

/**
 * The instants statistics are computed over: now, one and two weeks back, and
 * how far back streak days are looked for. As ISO 8601 text (`toISOString`),
 * the statements' parameters: pg would format a `Date` itself on every call.
 */
export interface StatisticsWindow {
  now: string;
  weekAgo: string;
  twoWeeksAgo: string;
  horizon: string;
}

/** Everything statistics needs from a user's items. */
export interface ItemSummary extends OpenItemCounts {
  completedThisWeek: number;
  completedLastWeek: number;
  /** Days (UTC, `YYYY-MM-DD`) with a completion since the window's horizon. */
  completionDays: string[];
}

/** What an `action` event carries about an item. */
export type ItemInput = components["schemas"]["ActionEventInput"]["item"];

/** An open item's JSON as the contract's `ActionItem` (`dueAt` and `href` only when there are), over a row of action_items. */
const itemJson = jsonObjectSql([
  ["id", jsonValueSql("id")],
  ["kind", jsonValueSql("kind")],
  ["title", jsonValueSql("title")],
  ["priority", jsonValueSql("priority")],
  ["dueAt", jsonValueSql(isoTextSql("due_at")), "due_at IS NOT NULL"],
  ["href", jsonValueSql("href"), "href <> ''"],
  ["createdAt", jsonValueSql(isoTextSql("created_at"))],
]);

/** Actionable items: the actions section's reads and the complete/dismiss/event writes. */
export interface ActionItemRepository {
  /**
   * Open items, at most `limit`: most pressing first (priority, due date, age), or soonest due first with `due-first`.
   * A read (`combined-reads.ts`) whose items come as the JSON text PostgreSQL writes, as the page's cache keeps them.
   */
  openItems(userId: string, limit: number, ordering?: ActionOrdering): Read<JsonText<ActionItem[]>>;
  /** Open counts, completions in two consecutive weeks and the days with completions (shared by a page's sections: `domain/sections/page-reads.ts`). A read. */
  summary(userId: string, window: StatisticsWindow): Read<ItemSummary>;
  /** Locks and reads one item's state. */
  lockState(userId: string, itemId: string, transaction: Transaction): Promise<ItemStateRecord | undefined>;
  setState(userId: string, itemId: string, state: Exclude<ItemState, "open">, at: Date, transaction: Transaction): Promise<void>;
  /** Inserts the item, or updates its content (not its state) when the id exists. */
  upsert(userId: string, item: ItemInput, at: Date, transaction: Transaction): Promise<void>;
}

/**
 * ORDER BY clauses of the open-item list per ordering. priority-first
 * follows action_items_open_by_urgency_idx; due-first sorts one user's open
 * items, which that index has already narrowed to the user.
 */
const openItemOrder: Record<ActionOrdering, string> = {
  "priority-first": "priority_rank DESC, due_at ASC NULLS LAST, created_at ASC, id ASC",
  "due-first": "due_at ASC NULLS LAST, priority_rank DESC, created_at ASC, id ASC",
};

/** The open-items statement for `order`. */
const openItemsText = (order: string) => `SELECT ${jsonArrayAggSql()}
  FROM (SELECT ${itemJson} AS item, row_number() OVER (ORDER BY ${order}) AS n FROM action_items
         WHERE user_id = $1 AND state = 'open'
         ORDER BY ${order}
         LIMIT $2) f`;

/**
 * Each ordering's statement, built once: every page load then hands the same string to the statement caches
 * (`combined-reads.ts`, `sql.ts`), whose lookups hash a string only the first time they see it. Built per call,
 * the kilobyte of text was assembled and hashed anew on every read (docs/performance.md, eleventh round).
 */
const openItemsSql = Object.fromEntries(Object.entries(openItemOrder).map(([ordering, order]) => [ordering, openItemsText(order)])) as Record<
  ActionOrdering,
  string
>;

/** Creates the actionable-items repository. */
export function createActionItemRepository(sequelize: Sequelize): ActionItemRepository {
  return {
    openItems(userId, limit, ordering = "priority-first") {
      return {
        sequelize,
        sql: openItemsSql[ordering],
        values: [userId, limit],
        rows: "text",
        decode: (text) => new JsonText((text as string | null) ?? "[]"),
      };
    },
    summary(userId, { now, weekAgo, twoWeeksAgo, horizon }) {
      return {
        sequelize,
        sql: `SELECT count(*) FILTER (WHERE state = 'open') AS total,
                     count(*) FILTER (WHERE state = 'open' AND priority = 'urgent') AS urgent,
                     count(*) FILTER (WHERE state = 'open' AND due_at < $2) AS overdue,
                     count(*) FILTER (WHERE state = 'completed' AND state_changed_at >= $3 AND state_changed_at < $2) AS this_week,
                     count(*) FILTER (WHERE state = 'completed' AND state_changed_at >= $4 AND state_changed_at < $3) AS last_week,
                     array_agg(DISTINCT to_char(state_changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'))
                       FILTER (WHERE state = 'completed' AND state_changed_at >= $5) AS days
                FROM action_items WHERE user_id = $1`,
        values: [userId, now, weekAgo, twoWeeksAgo, horizon],
        rows: "one",
        decode: (json) => {
          // An aggregate without GROUP BY always answers one row.
          const row = json as { total: number; urgent: number; overdue: number; this_week: number; last_week: number; days: string[] | null };
          return {
            total: row.total,
            urgent: row.urgent,
            overdue: row.overdue,
            completedThisWeek: row.this_week,
            completedLastWeek: row.last_week,
            completionDays: row.days ?? [],
          };
        },
      };
    },
    async lockState(userId, itemId, transaction) {
      const [row] = await selectRows<{ id: string; state: ItemState; state_changed_at: Date | null }>(
        sequelize,
        "SELECT id, state, state_changed_at FROM action_items WHERE user_id = $1 AND id = $2 FOR UPDATE",
        [userId, itemId],
        transaction,
      );
      return row && { id: row.id, state: row.state, stateChangedAt: isoOrNull(row.state_changed_at) };
    },
    async setState(userId, itemId, state, at, transaction) {
      await execute(
        sequelize,
        "UPDATE action_items SET state = $3, state_changed_at = $4, updated_at = $4 WHERE user_id = $1 AND id = $2",
        [userId, itemId, state, at],
        transaction,
      );
    },
    async upsert(userId, item, at, transaction) {
      await execute(
        sequelize,
        `INSERT INTO action_items (user_id, id, kind, title, priority, due_at, href, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
         ON CONFLICT (user_id, id) DO UPDATE
           SET kind = EXCLUDED.kind, title = EXCLUDED.title, priority = EXCLUDED.priority,
               due_at = EXCLUDED.due_at, href = EXCLUDED.href, updated_at = EXCLUDED.updated_at`,
        [userId, item.id, item.kind, item.title, item.priority, item.dueAt ?? null, item.href ?? null, at],
        transaction,
      );
    },
  };
}
