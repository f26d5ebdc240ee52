import type { MigrationFile } from "./migration-files.js";
import type { SqlStatement } from "./sql-statements.js";
import { analyzeStatement, blocks, type LockMode } from "./statement-analysis.js";

/** One statement of a plan and the table locks it takes. */
export interface PlannedStatement {
  line: number;
  sql: string;
  locks: Array<{ table: string; mode: LockMode; blocks: ReturnType<typeof blocks> | "nothing (new table)" }>;
}

/** One migration a run would apply or revert, and what happens around it. */
export interface PlannedStep {
  migration: string;
  direction: "up" | "down";
  /** Whether all statements share one transaction (else each commits alone). */
  transactional: boolean;
  /** Runs before the step: the backfill it needs, the backup it takes. */
  before: string[];
  statements: PlannedStatement[];
}

/** The statements of one step with the locks each takes; tables the step itself creates are marked new. */
export function planStep(migration: MigrationFile, direction: "up" | "down", requiredBackfill?: string, backupFirst = false): PlannedStep {
  const statements: SqlStatement[] = direction === "up" ? migration.up : migration.down;
  const created = new Set<string>();
  const planned = statements.map((statement) => {
    const facts = analyzeStatement(statement);
    const locks = facts.locks.map((lock) => ({
      table: lock.table,
      mode: lock.mode,
      blocks: created.has(lock.table) || (facts.kind === "create-table" && lock.table === facts.table) ? ("nothing (new table)" as const) : blocks(lock.mode),
    }));
    if (facts.kind === "create-table" && facts.table) created.add(facts.table);
    return { line: statement.line, sql: statement.text, locks };
  });
  const before: string[] = [];
  if (direction === "up" && requiredBackfill) before.push(`backfill ${requiredBackfill} runs to the end (batched, resumable)`);
  if (direction === "up" && backupFirst) before.push("a backup is taken (contract step)");
  return { migration: migration.name, direction, transactional: !migration.directives.noTransaction, before, statements: planned };
}
