import { QueryTypes, type Sequelize, type Transaction } from "sequelize";

/** Runs a parameterized SELECT (`$1`, `$2` …) and returns plain rows. */
export function selectRows<T extends object>(sequelize: Sequelize, sql: string, bind: unknown[] = [], transaction?: Transaction): Promise<T[]> {
  return sequelize.query<T>(sql, { bind, type: QueryTypes.SELECT, transaction: transaction ?? null });
}

/** Runs a parameterized write; returns the rows of its RETURNING clause (empty without one). */
export async function execute<T extends object = Record<string, unknown>>(
  sequelize: Sequelize,
  sql: string,
  bind: unknown[] = [],
  transaction?: Transaction,
): Promise<T[]> {
  const [rows] = await sequelize.query(sql, { bind, transaction: transaction ?? null });
  return (Array.isArray(rows) ? rows : []) as T[];
}

/** A timestamp column as ISO 8601, or null. pg returns Date for timestamptz. */
export const isoOrNull = (value: Date | string | null | undefined): string | null =>
  value === null || value === undefined ? null : new Date(value).toISOString();
