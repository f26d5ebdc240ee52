import type { SqlStatement } from "./sql-statements.js";

/** PostgreSQL's table lock modes, weakest first (docs: "Explicit Locking"). */
export const lockModes = [
  "ACCESS SHARE",
  "ROW SHARE",
  "ROW EXCLUSIVE",
  "SHARE UPDATE EXCLUSIVE",
  "SHARE",
  "SHARE ROW EXCLUSIVE",
  "EXCLUSIVE",
  "ACCESS EXCLUSIVE",
] as const;
/** One of PostgreSQL's table lock modes. */
export type LockMode = (typeof lockModes)[number];

/** A table lock a statement takes, and what application traffic it stops while held. */
export interface TableLock {
  table: string;
  mode: LockMode;
}

/** What traffic a lock mode blocks: reads and writes, writes only, or neither. */
export function blocks(mode: LockMode): "reads and writes" | "writes" | "nothing" {
  if (mode === "ACCESS EXCLUSIVE") return "reads and writes";
  if (mode === "SHARE" || mode === "SHARE ROW EXCLUSIVE" || mode === "EXCLUSIVE") return "writes";
  return "nothing";
}

/** The stronger of two lock modes. */
export const stronger = (a: LockMode, b: LockMode): LockMode => (lockModes.indexOf(a) >= lockModes.indexOf(b) ? a : b);

const ident = String.raw`(?:"[^"]+"|[a-z_][a-z0-9_$]*)(?:\.(?:"[^"]+"|[a-z_][a-z0-9_$]*))?`;
const unquote = (name: string) => name.replace(/^public\./i, "").replaceAll('"', "").toLowerCase();
const re = (source: string) => new RegExp(source, "i");

/** A statement's kind and the tables it names, as the linter and the planner need them. */
export interface StatementFacts {
  kind:
    | "create-table"
    | "alter-table"
    | "create-index"
    | "drop-index"
    | "drop-table"
    | "insert"
    | "update"
    | "delete"
    | "truncate"
    | "set"
    | "lock"
    | "do"
    | "create-trigger"
    | "other";
  /** The table the statement acts on, when it has one. */
  table?: string | undefined;
  /** Tables a foreign key in it refers to. */
  references: string[];
  /** The table locks the statement takes (on tables that exist before it runs). */
  locks: TableLock[];
}

/** Reads what a statement does from its text (no SQL parser: the patterns migrations use). */
export function analyzeStatement(statement: SqlStatement): StatementFacts {
  const text = statement.text;
  const references = [...text.matchAll(new RegExp(String.raw`REFERENCES\s+(${ident})`, "gi"))].map((m) => unquote(m[1]!));
  const facts = (kind: StatementFacts["kind"], table: string | undefined, locks: TableLock[]): StatementFacts => ({ kind, table, references, locks });
  let match: RegExpExecArray | null;
  if ((match = re(String.raw`^CREATE\s+(?:UNLOGGED\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(${ident})`).exec(text))) {
    return facts("create-table", unquote(match[1]!), references.map((table) => ({ table, mode: "SHARE ROW EXCLUSIVE" })));
  }
  if ((match = re(String.raw`^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(${ident})\s+(.*)$`).exec(text))) {
    const table = unquote(match[1]!);
    const action = match[2]!;
    const onlyForeignKeys = /^ADD\s+(?:CONSTRAINT\s+\S+\s+)?FOREIGN\s+KEY/i.test(action) && !/,\s*(ADD|DROP|ALTER)\s/i.test(action);
    const mode: LockMode = /^VALIDATE\s+CONSTRAINT/i.test(action)
      ? "SHARE UPDATE EXCLUSIVE"
      : onlyForeignKeys
        ? "SHARE ROW EXCLUSIVE"
        : "ACCESS EXCLUSIVE";
    const referenced: TableLock[] = references.map((ref) => ({ table: ref, mode: "SHARE ROW EXCLUSIVE" }));
    // Validating a foreign key reads the referenced table under ROW SHARE.
    return facts("alter-table", table, [{ table, mode }, ...referenced]);
  }
  if ((match = re(String.raw`^CREATE\s+(?:UNIQUE\s+)?INDEX\s+(CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(?:${ident}\s+)?ON\s+(?:ONLY\s+)?(${ident})`).exec(text))) {
    const table = unquote(match[2]!);
    return facts("create-index", table, [{ table, mode: match[1] ? "SHARE UPDATE EXCLUSIVE" : "SHARE" }]);
  }
  if ((match = re(String.raw`^DROP\s+INDEX\s+(CONCURRENTLY\s+)?(?:IF\s+EXISTS\s+)?(${ident})`).exec(text))) {
    // The lock is on the index's table, which the text does not name; the index name stands in for it.
    return facts("drop-index", unquote(match[2]!), [{ table: unquote(match[2]!), mode: match[1] ? "SHARE UPDATE EXCLUSIVE" : "ACCESS EXCLUSIVE" }]);
  }
  if ((match = re(String.raw`^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(${ident})`).exec(text))) {
    return facts("drop-table", unquote(match[1]!), [{ table: unquote(match[1]!), mode: "ACCESS EXCLUSIVE" }]);
  }
  if ((match = re(String.raw`^(?:WITH\s.*?\)\s*)?INSERT\s+INTO\s+(${ident})`).exec(text))) return facts("insert", unquote(match[1]!), [{ table: unquote(match[1]!), mode: "ROW EXCLUSIVE" }]);
  if ((match = re(String.raw`^(?:WITH\s.*?\)\s*)?UPDATE\s+(?:ONLY\s+)?(${ident})`).exec(text))) return facts("update", unquote(match[1]!), [{ table: unquote(match[1]!), mode: "ROW EXCLUSIVE" }]);
  if ((match = re(String.raw`^(?:WITH\s.*?\)\s*)?DELETE\s+FROM\s+(?:ONLY\s+)?(${ident})`).exec(text))) return facts("delete", unquote(match[1]!), [{ table: unquote(match[1]!), mode: "ROW EXCLUSIVE" }]);
  if ((match = re(String.raw`^TRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?(${ident})`).exec(text))) return facts("truncate", unquote(match[1]!), [{ table: unquote(match[1]!), mode: "ACCESS EXCLUSIVE" }]);
  if ((match = re(String.raw`^LOCK\s+(?:TABLE\s+)?(?:ONLY\s+)?(${ident})(?:\s+IN\s+([A-Z ]+?)\s+MODE)?`).exec(text))) {
    const mode = (match[2]?.toUpperCase() ?? "ACCESS EXCLUSIVE") as LockMode;
    return facts("lock", unquote(match[1]!), [{ table: unquote(match[1]!), mode: lockModes.includes(mode) ? mode : "ACCESS EXCLUSIVE" }]);
  }
  if ((match = re(String.raw`^CREATE\s+(?:OR\s+REPLACE\s+)?(?:CONSTRAINT\s+)?TRIGGER\s+\S+\s+.*?\sON\s+(${ident})`).exec(text))) {
    return facts("create-trigger", unquote(match[1]!), [{ table: unquote(match[1]!), mode: "SHARE ROW EXCLUSIVE" }]);
  }
  if (/^SET\s/i.test(text)) return facts("set", undefined, []);
  if (/^DO\s/i.test(text)) return facts("do", undefined, []);
  return facts("other", undefined, []);
}

/** The tables a list of statements changes or reads for a change (what verify compares before and after). */
export function touchedTables(statements: SqlStatement[]): string[] {
  const tables = new Set<string>();
  for (const facts of statements.map(analyzeStatement)) {
    if (facts.kind === "drop-index" || facts.kind === "set" || facts.kind === "do" || facts.kind === "other") continue;
    if (facts.table) tables.add(facts.table);
    for (const ref of facts.references) tables.add(ref);
  }
  return [...tables].sort();
}

/** The columns each ALTER TABLE … DROP COLUMN removes, by table. */
export function droppedColumns(statements: SqlStatement[]): Record<string, string[]> {
  const dropped: Record<string, string[]> = {};
  for (const statement of statements) {
    const facts = analyzeStatement(statement);
    if (facts.kind !== "alter-table" || !facts.table) continue;
    for (const match of statement.text.matchAll(/DROP\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?("[^"]+"|[a-z_][a-z0-9_$]*)/gi)) {
      const column = match[1]!.replaceAll('"', "").toLowerCase();
      if (column !== "constraint") (dropped[facts.table] ??= []).push(column);
    }
  }
  return dropped;
}
