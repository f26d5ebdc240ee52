import { checksumTable, tableColumns, userTables, type TableChecksum } from "./catalog.js";
import type { Expectation } from "./migration-files.js";
import type { MigrationSession } from "./session.js";

/** One failed check: which and why, in words an operator can act on. */
export interface VerifyProblem {
  check: "foreign-key orphans" | "invalid index" | "unvalidated constraint" | "expected schema" | "row count" | "data checksum";
  detail: string;
}

/** The tables a step touches as they were before it: columns, row count and checksum over those columns. */
export type TableSnapshot = Map<string, { columns: string[] } & TableChecksum>;

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Rows whose foreign key points at nothing, for every foreign key (also NOT VALID ones, which PostgreSQL has not checked). */
async function orphans(session: MigrationSession): Promise<VerifyProblem[]> {
  const { rows: keys } = await session.query<{ name: string; child: string; parent: string; child_cols: string[]; parent_cols: string[] }>(
    `SELECT k.conname AS name, c.relname AS child, p.relname AS parent,
            (SELECT array_agg(a.attname::text ORDER BY u.ord) FROM unnest(k.conkey) WITH ORDINALITY u(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum) AS child_cols,
            (SELECT array_agg(a.attname::text ORDER BY u.ord) FROM unnest(k.confkey) WITH ORDINALITY u(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum) AS parent_cols
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
      WHERE k.contype = 'f' AND c.relnamespace = 'public'::regnamespace
      ORDER BY c.relname, k.conname`,
  );
  const problems: VerifyProblem[] = [];
  for (const key of keys) {
    const notNull = key.child_cols.map((col) => `c.${quoteIdent(col)} IS NOT NULL`).join(" AND ");
    const joined = key.child_cols.map((col, i) => `p.${quoteIdent(key.parent_cols[i]!)} = c.${quoteIdent(col)}`).join(" AND ");
    const [row] = (
      await session.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM ${quoteIdent(key.child)} c WHERE ${notNull} AND NOT EXISTS (SELECT 1 FROM ${quoteIdent(key.parent)} p WHERE ${joined})`,
      )
    ).rows;
    const n = Number(row?.n ?? 0);
    if (n > 0) problems.push({ check: "foreign-key orphans", detail: `${n} rows of ${key.child} point at no ${key.parent} row (${key.name})` });
  }
  return problems;
}

/** Indexes a failed CREATE INDEX CONCURRENTLY left invalid, and constraints added NOT VALID and never validated. */
async function invalidObjects(session: MigrationSession): Promise<VerifyProblem[]> {
  const { rows: indexes } = await session.query<{ name: string }>(
    `SELECT i.relname AS name FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE i.relnamespace = 'public'::regnamespace AND NOT (x.indisvalid AND x.indisready) ORDER BY 1`,
  );
  const { rows: constraints } = await session.query<{ name: string; table: string }>(
    `SELECT k.conname AS name, c.relname AS table FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
      WHERE c.relnamespace = 'public'::regnamespace AND NOT k.convalidated ORDER BY 2, 1`,
  );
  return [
    ...indexes.map((row) => ({ check: "invalid index" as const, detail: `index ${row.name} is invalid (drop it and build it again)` })),
    ...constraints.map((row) => ({ check: "unvalidated constraint" as const, detail: `constraint ${row.table}.${row.name} is NOT VALID (run VALIDATE CONSTRAINT)` })),
  ];
}

/** Whether one expected object exists. */
async function exists(session: MigrationSession, { kind, name }: Expectation): Promise<boolean> {
  const [table, member] = name.includes(".") ? (name.split(".", 2) as [string, string]) : [name, ""];
  const sql = {
    table: "SELECT 1 FROM pg_class WHERE oid = to_regclass($1) AND relkind IN ('r', 'p')",
    index: "SELECT 1 FROM pg_class WHERE oid = to_regclass($1) AND relkind IN ('i', 'I')",
    column: "SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = $2 AND attnum > 0 AND NOT attisdropped",
    constraint: "SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass($1) AND conname = $2",
  }[kind];
  const params = kind === "column" || kind === "constraint" ? [table, member] : [name];
  return (await session.query(sql, params)).rows.length > 0;
}

/** Expectations of several migrations folded in order: a later one about the same object wins. */
export function foldExpectations(lists: Expectation[][]): Expectation[] {
  const byObject = new Map<string, Expectation>();
  for (const expectation of lists.flat()) byObject.set(`${expectation.kind} ${expectation.name}`, expectation);
  return [...byObject.values()];
}

/**
 * The integrity checks that need no "before": no foreign-key orphans, every
 * index and constraint valid, and each expected table, column, constraint
 * and index present (or absent, as declared).
 */
export async function checkIntegrity(session: MigrationSession, expectations: Expectation[]): Promise<VerifyProblem[]> {
  const problems = [...(await orphans(session)), ...(await invalidObjects(session))];
  for (const expectation of expectations) {
    if ((await exists(session, expectation)) !== expectation.present) {
      problems.push({ check: "expected schema", detail: `${expectation.kind} ${expectation.name} should ${expectation.present ? "exist" : "be gone"}` });
    }
  }
  return problems;
}

/**
 * Columns, row count and checksum of each of `tables` that exists now,
 * leaving out the columns the step is about to drop (`dropping`).
 */
export async function snapshotTables(session: MigrationSession, tables: string[], dropping: Record<string, string[]> = {}): Promise<TableSnapshot> {
  const existing = new Set(await userTables(session));
  const snapshot: TableSnapshot = new Map();
  for (const table of tables.filter((t) => existing.has(t))) {
    const columns = (await tableColumns(session, table)).filter((column) => !dropping[table]?.includes(column));
    snapshot.set(table, { columns, ...(await checksumTable(session, table, columns)) });
  }
  return snapshot;
}

/**
 * What a step must not have changed: every table it touched that still
 * exists has as many rows as before and the same data in the columns it
 * had before (minus those the step drops); added columns are the step's business.
 */
export async function compareWithSnapshot(session: MigrationSession, before: TableSnapshot): Promise<VerifyProblem[]> {
  const problems: VerifyProblem[] = [];
  const existing = new Set(await userTables(session));
  for (const [table, then] of before) {
    if (!existing.has(table)) continue;
    const now = await tableColumns(session, table);
    const vanished = then.columns.filter((column) => !now.includes(column));
    if (vanished.length > 0) {
      problems.push({ check: "data checksum", detail: `${table} lost column(s) ${vanished.join(", ")} that the step does not drop` });
      continue;
    }
    const after = await checksumTable(session, table, then.columns);
    if (after.rows !== then.rows) problems.push({ check: "row count", detail: `${table} had ${then.rows} rows, now ${after.rows}` });
    else if (after.checksum !== then.checksum) problems.push({ check: "data checksum", detail: `data in ${table} (${then.columns.join(", ")}) changed` });
  }
  return problems;
}
