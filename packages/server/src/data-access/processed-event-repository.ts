import type { Sequelize, Transaction } from "sequelize";
import { execute } from "./sql.js";

/** The eventId ledger that makes POST /events safe to retry. */
export interface ProcessedEventRepository {
  /** Records `eventId`; false when it was recorded before (a duplicate). */
  claim(eventId: string, userId: string, at: Date, transaction: Transaction): Promise<boolean>;
  /** Forgets up to `limit` of the oldest eventIds received before `before`; returns how many. */
  prune(before: Date, limit: number): Promise<number>;
}

/** Creates the processed-events repository. */
export function createProcessedEventRepository(sequelize: Sequelize): ProcessedEventRepository {
  return {
    async claim(eventId, userId, at, transaction) {
      const rows = await execute(
        sequelize,
        "INSERT INTO processed_events (event_id, user_id, received_at) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING RETURNING event_id",
        [eventId, userId, at],
        transaction,
      );
      return rows.length === 1;
    },
    async prune(before, limit) {
      // Bounded batches keep each delete short on a large ledger; the index on received_at finds them.
      const rows = await execute(
        sequelize,
        `DELETE FROM processed_events WHERE event_id IN (
           SELECT event_id FROM processed_events WHERE received_at < $1 ORDER BY received_at LIMIT $2
         ) RETURNING event_id`,
        [before, limit],
      );
      return rows.length;
    },
  };
}
