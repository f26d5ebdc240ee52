import type { Sequelize, Transaction } from "sequelize";
import { execute } from "../data-access/sql.js";

/** A column to fill and its PostgreSQL array type for `unnest`. */
export interface BulkColumn<Row> {
  name: string;
  type: "text" | "timestamptz";
  value: (row: Row) => string | Date | null;
}

/**
 * Inserts many rows with one statement and one parameter per column:
 * `INSERT … SELECT * FROM unnest($1::text[], …)`, so batch size is not
 * limited by PostgreSQL's 65 535 bind parameters.
 */
export async function bulkInsert<Row>(
  sequelize: Sequelize,
  table: string,
  columns: ReadonlyArray<BulkColumn<Row>>,
  rows: ReadonlyArray<Row>,
  transaction?: Transaction,
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map((c) => c.name).join(", ");
  const arrays = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(", ");
  const bind = columns.map((c) => rows.map((row) => c.value(row)));
  await execute(sequelize, `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays}) ON CONFLICT DO NOTHING`, bind, transaction);
}
