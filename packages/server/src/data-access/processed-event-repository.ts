import type { Sequelize, Transaction } from "sequelize";
import { execute } from "./sql.js";

/** The eventId ledger that makes POST /events safe to retry. */
export interface ProcessedEventRepository {
  /** Records `eventId`; false when it was recorded before (a duplicate). */
  claim(eventId: string, userId: string, at: Date, transaction: Transaction): Promise<boolean>;
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
  };
}
