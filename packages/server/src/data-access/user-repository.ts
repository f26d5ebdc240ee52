import type { Sequelize, Transaction } from "sequelize";
import type { Read } from "./combined-reads.js";
import { runRead } from "./read-batches.js";
import { execute, isoOrNull, selectRows } from "./sql.js";

/** A user as the sections need them. */
export interface UserRecord {
  id: string;
  displayName: string;
  lastActiveAt: string | null;
}

/** Users: existence checks, profiles and the active-user count. */
export interface UserRepository {
  /** The user's row, as a read a page load runs together with its others (`combined-reads.ts`). */
  record(userId: string): Read<UserRecord | undefined>;
  find(userId: string, transaction?: Transaction): Promise<UserRecord | undefined>;
  /** The ids in `userIds` that do not exist. */
  missing(userIds: ReadonlyArray<string>, transaction?: Transaction): Promise<string[]>;
  /** Records that the user acted now. */
  touch(userId: string, at: Date, transaction?: Transaction): Promise<void>;
  /** Users active since `since`. */
  countActiveSince(since: Date): Promise<number>;
  count(): Promise<number>;
  /** Some user's id (the first by id), for warm-up; undefined when there are none. */
  anyId(): Promise<string | undefined>;
}

/** Creates the users repository over the shared Sequelize instance. */
export function createUserRepository(sequelize: Sequelize): UserRepository {
  const record = (userId: string): Read<UserRecord | undefined> => ({
    sequelize,
    sql: "SELECT id, display_name, last_active_at FROM users WHERE id = $1",
    values: [userId],
    rows: "one",
    decode: (json) => {
      const row = json as { id: string; display_name: string; last_active_at: string | null } | null;
      return row ? { id: row.id, displayName: row.display_name, lastActiveAt: isoOrNull(row.last_active_at) } : undefined;
    },
  });
  return {
    record,
    find: (userId, transaction) => runRead(record(userId), transaction),
    async missing(userIds, transaction) {
      if (userIds.length === 0) return [];
      const rows = await selectRows<{ id: string }>(sequelize, "SELECT id FROM users WHERE id = ANY($1::text[])", [[...userIds]], transaction);
      const found = new Set(rows.map((row) => row.id));
      return userIds.filter((id) => !found.has(id));
    },
    async touch(userId, at, transaction) {
      await execute(sequelize, "UPDATE users SET last_active_at = GREATEST(COALESCE(last_active_at, $2), $2) WHERE id = $1", [userId, at], transaction);
    },
    async countActiveSince(since) {
      const [row] = await selectRows<{ count: string }>(sequelize, "SELECT count(*) AS count FROM users WHERE last_active_at >= $1", [since]);
      return Number(row?.count ?? 0);
    },
    async anyId() {
      const [row] = await selectRows<{ id: string }>(sequelize, "SELECT id FROM users ORDER BY id LIMIT 1");
      return row?.id;
    },
    async count() {
      const [row] = await selectRows<{ count: string }>(sequelize, "SELECT count(*) AS count FROM users");
      return Number(row?.count ?? 0);
    },
  };
}
