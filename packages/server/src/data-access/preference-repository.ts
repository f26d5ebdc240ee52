import type { Sequelize, Transaction } from "sequelize";
import type { SectionName } from "../vocabulary/section-names.js";
import type { Read } from "./combined-reads.js";
import { runRead } from "./read-batches.js";
import { execute } from "./sql.js";

/** What a user chose; null fields mean "the default". */
export interface StoredPreferences {
  locale: string | null;
  timezone: string | null;
  layoutOrder: SectionName[] | null;
  layoutHidden: SectionName[] | null;
}

/** Per-user preferences (locale, timezone, layout). */
export interface PreferenceRepository {
  /** The stored preferences, as a read a page load runs together with its others (`combined-reads.ts`); all null when the user never changed any. */
  stored(userId: string): Read<StoredPreferences>;
  get(userId: string, transaction?: Transaction): Promise<StoredPreferences>;
  /** Replaces the stored preferences. */
  save(userId: string, preferences: StoredPreferences, at: Date, transaction: Transaction): Promise<void>;
}

const none: StoredPreferences = { locale: null, timezone: null, layoutOrder: null, layoutHidden: null };

/** Creates the preferences repository. */
export function createPreferenceRepository(sequelize: Sequelize): PreferenceRepository {
  const stored = (userId: string): Read<StoredPreferences> => ({
    sequelize,
    sql: "SELECT locale, timezone, layout_order, layout_hidden FROM preferences WHERE user_id = $1",
    values: [userId],
    rows: "one",
    decode: (json) => {
      const row = json as { locale: string | null; timezone: string | null; layout_order: SectionName[] | null; layout_hidden: SectionName[] | null } | null;
      return row ? { locale: row.locale, timezone: row.timezone, layoutOrder: row.layout_order, layoutHidden: row.layout_hidden } : { ...none };
    },
  });
  return {
    stored,
    get: (userId, transaction) => runRead(stored(userId), transaction),
    async save(userId, preferences, at, transaction) {
      await execute(
        sequelize,
        `INSERT INTO preferences (user_id, locale, timezone, layout_order, layout_hidden, updated_at)
         VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6)
         ON CONFLICT (user_id) DO UPDATE SET locale = EXCLUDED.locale, timezone = EXCLUDED.timezone,
           layout_order = EXCLUDED.layout_order, layout_hidden = EXCLUDED.layout_hidden, updated_at = EXCLUDED.updated_at`,
        [
          userId,
          preferences.locale,
          preferences.timezone,
          preferences.layoutOrder === null ? null : JSON.stringify(preferences.layoutOrder),
          preferences.layoutHidden === null ? null : JSON.stringify(preferences.layoutHidden),
          at,
        ],
        transaction,
      );
    },
  };
}
