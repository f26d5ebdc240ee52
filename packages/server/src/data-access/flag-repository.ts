import type { Sequelize } from "sequelize";
import type { FlagDefinition, FlagKind, FlagRule, FlagSettings, FlagValue } from "../vocabulary/feature-flags.js";
import { execute, isoOrNull, selectRows } from "./sql.js";

/** One entry of a flag's audit trail: who changed it when, from what to what. */
export interface FlagChange {
  id: number;
  flagKey: string;
  changedBy: string;
  changedAt: string;
  from: FlagSettings;
  to: FlagSettings;
  requestId: string | null;
}

/** The outcome of a conditional update. */
export type FlagUpdateResult =
  | { outcome: "updated"; flag: FlagDefinition }
  | { outcome: "not-found" }
  /** The stored version is not the one the caller read; nothing was changed. */
  | { outcome: "stale"; flag: FlagDefinition };

/** Who is changing a flag, for the audit trail. */
export interface FlagActor {
  subject: string;
  requestId?: string | undefined;
}

/** The `feature_flags` table and its append-only audit trail. */
export interface FlagRepository {
  /** Every flag, by key. */
  list(): Promise<FlagDefinition[]>;
  /** One flag, or undefined. */
  get(key: string): Promise<FlagDefinition | undefined>;
  /**
   * Replaces a flag's settings if its version is still `expectedVersion`,
   * and records the change in the audit trail, in one transaction.
   */
  update(key: string, expectedVersion: number, settings: FlagSettings, actor: FlagActor): Promise<FlagUpdateResult>;
  /** A flag's changes, newest first. */
  history(key: string, limit: number): Promise<FlagChange[]>;
}

interface FlagRow {
  key: string;
  kind: FlagKind;
  description: string;
  allowed_values: string[];
  enabled: boolean;
  off_value: FlagValue;
  default_value: FlagValue;
  rules: FlagRule[];
  version: string | number;
  updated_at: Date;
  updated_by: string | null;
}

interface ChangeRow {
  id: string | number;
  flag_key: string;
  changed_by: string;
  changed_at: Date;
  from_state: FlagSettings;
  to_state: FlagSettings;
  request_id: string | null;
}

const columns = "key, kind, description, allowed_values, enabled, off_value, default_value, rules, version, updated_at, updated_by";

const toFlag = (row: FlagRow): FlagDefinition => ({
  key: row.key,
  kind: row.kind,
  description: row.description,
  allowedValues: row.allowed_values,
  enabled: row.enabled,
  offValue: row.off_value,
  defaultValue: row.default_value,
  rules: row.rules,
  version: Number(row.version),
  updatedAt: isoOrNull(row.updated_at)!,
  updatedBy: row.updated_by,
});

/** The settings part of a flag, as the audit trail records it. */
export const settingsOf = (flag: FlagSettings): FlagSettings => ({
  enabled: flag.enabled,
  offValue: flag.offValue,
  defaultValue: flag.defaultValue,
  rules: flag.rules,
});

/** Creates the flag repository. */
export function createFlagRepository(sequelize: Sequelize): FlagRepository {
  return {
    async list() {
      const rows = await selectRows<FlagRow>(sequelize, `SELECT ${columns} FROM feature_flags ORDER BY key`);
      return rows.map(toFlag);
    },
    async get(key) {
      const [row] = await selectRows<FlagRow>(sequelize, `SELECT ${columns} FROM feature_flags WHERE key = $1`, [key]);
      return row ? toFlag(row) : undefined;
    },
    async update(key, expectedVersion, settings, actor) {
      return sequelize.transaction(async (transaction) => {
        const [current] = await selectRows<FlagRow>(sequelize, `SELECT ${columns} FROM feature_flags WHERE key = $1 FOR UPDATE`, [key], transaction);
        if (!current) return { outcome: "not-found" };
        const before = toFlag(current);
        if (before.version !== expectedVersion) return { outcome: "stale", flag: before };
        const [row] = await execute<FlagRow>(
          sequelize,
          `UPDATE feature_flags SET enabled = $2, off_value = $3::jsonb, default_value = $4::jsonb, rules = $5::jsonb,
             version = version + 1, updated_at = now(), updated_by = $6
           WHERE key = $1 RETURNING ${columns}`,
          [key, settings.enabled, JSON.stringify(settings.offValue), JSON.stringify(settings.defaultValue), JSON.stringify(settings.rules), actor.subject],
          transaction,
        );
        await execute(
          sequelize,
          `INSERT INTO feature_flag_audit (flag_key, changed_by, from_state, to_state, request_id) VALUES ($1, $2, $3::jsonb, $4::jsonb, $5)`,
          [key, actor.subject, JSON.stringify(settingsOf(before)), JSON.stringify(settingsOf(settings)), actor.requestId ?? null],
          transaction,
        );
        return { outcome: "updated", flag: toFlag(row!) };
      });
    },
    async history(key, limit) {
      const rows = await selectRows<ChangeRow>(
        sequelize,
        `SELECT id, flag_key, changed_by, changed_at, from_state, to_state, request_id FROM feature_flag_audit WHERE flag_key = $1 ORDER BY id DESC LIMIT $2`,
        [key, limit],
      );
      return rows.map((row) => ({
        id: Number(row.id),
        flagKey: row.flag_key,
        changedBy: row.changed_by,
        changedAt: isoOrNull(row.changed_at)!,
        from: row.from_state,
        to: row.to_state,
        requestId: row.request_id,
      }));
    },
  };
}
