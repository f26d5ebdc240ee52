import type { MigrationSession } from "./session.js";

/** The bookkeeping tables are the runner's, not the schema's: left out of comparisons and checksums. */
const bookkeeping = ["intro_page_migrations", "intro_page_migration_audit", "intro_page_backfills"];

/** Every user table of the public schema, by name, without the migrator's own. */
export async function userTables(session: MigrationSession): Promise<string[]> {
  const { rows } = await session.query<{ name: string }>(
    "SELECT c.relname AS name FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') ORDER BY c.relname",
  );
  return rows.map((row) => row.name).filter((name) => !bookkeeping.includes(name));
}

/** The live (not dropped) columns of a table, in their order. */
export async function tableColumns(session: MigrationSession, table: string): Promise<string[]> {
  const { rows } = await session.query<{ name: string }>(
    "SELECT attname AS name FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
    [table],
  );
  return rows.map((row) => row.name);
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A table's row count and an order-independent checksum over the given columns (sum of per-row md5 prefixes, columns by name). */
export interface TableChecksum {
  rows: number;
  checksum: string;
}

/** Counts and checksums `table` over `columns` (all of its columns by default). */
export async function checksumTable(session: MigrationSession, table: string, columns?: string[]): Promise<TableChecksum> {
  // By name, not position: a column dropped and added back (a reverted contract) lands last but holds the same data.
  const cols = [...(columns ?? (await tableColumns(session, table)))].sort();
  const row = cols.length === 0 ? "''" : `ROW(${cols.map(quoteIdent).join(", ")})::text`;
  const [result] = (
    await session.query<{ rows: string; checksum: string }>(
      `SELECT count(*)::text AS rows, coalesce(sum(('x' || substr(md5(${row}), 1, 15))::bit(60)::bigint::numeric), 0)::text AS checksum FROM ${quoteIdent(table)}`,
    )
  ).rows;
  return { rows: Number(result?.rows ?? 0), checksum: result?.checksum ?? "0" };
}

/** Row count and checksum of every user table. */
export async function checksumAll(session: MigrationSession): Promise<Record<string, TableChecksum>> {
  const result: Record<string, TableChecksum> = {};
  for (const table of await userTables(session)) result[table] = await checksumTable(session, table);
  return result;
}

/**
 * The schema as the catalog describes it — tables, columns (name, type,
 * nullability, default, generation), constraints and indexes with their
 * definitions — as sorted text lines, so two databases (or one database
 * before and after up → down → up) compare with a plain equality.
 */
export async function describeSchema(session: MigrationSession): Promise<string[]> {
  const lines: string[] = [];
  const exclude = bookkeeping;
  const columns = await session.query<{ line: string }>(
    `SELECT format('column %s.%s %s%s%s%s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                   CASE WHEN a.attnotnull THEN ' not null' ELSE '' END,
                   coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), ''),
                   CASE WHEN a.attgenerated <> '' THEN ' generated' ELSE '' END) AS line
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        AND NOT (c.relname = ANY($1))`,
    [exclude],
  );
  const constraints = await session.query<{ line: string }>(
    `SELECT format('constraint %s.%s %s%s', c.relname, k.conname, pg_get_constraintdef(k.oid), CASE WHEN k.convalidated THEN '' ELSE ' (not valid)' END) AS line
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
      WHERE c.relnamespace = 'public'::regnamespace AND NOT (c.relname = ANY($1))`,
    [exclude],
  );
  const indexes = await session.query<{ line: string }>(
    `SELECT format('index %s %s%s', i.relname, pg_get_indexdef(x.indexrelid), CASE WHEN x.indisvalid THEN '' ELSE ' (invalid)' END) AS line
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
      WHERE t.relnamespace = 'public'::regnamespace AND NOT (t.relname = ANY($1))`,
    [exclude],
  );
  for (const { rows } of [columns, constraints, indexes]) for (const row of rows) lines.push(row.line);
  return lines.sort();
}
