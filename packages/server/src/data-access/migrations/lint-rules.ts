import type { MigrationFile } from "./migration-files.js";
import { analyzeStatement } from "./statement-analysis.js";

/** One finding: which rule, where, and what to do instead. */
export interface Finding {
  migration: string;
  line: number;
  rule: string;
  message: string;
  /** "squawk" for squawk's rules, "intro-page" for ours. */
  source: "squawk" | "intro-page";
  /** Set when the migration overrides the rule; the finding then does not fail validation. */
  overriddenBecause?: string | undefined;
}

/** Our rules, each about an operation that locks or rewrites a busy table (docs/migrations.md lists the safe alternative). */
export const ruleHelp = {
  "index-not-concurrent": "CREATE INDEX on an existing table blocks its writes while it builds: use CREATE INDEX CONCURRENTLY in a `-- migrate:no-transaction` migration",
  "not-null-without-default": "a NOT NULL column without a default (or SET NOT NULL) scans the table under ACCESS EXCLUSIVE: add it nullable, backfill, add a CHECK … NOT VALID, validate, then SET NOT NULL",
  "column-type-change": "changing a column's type rewrites the table under ACCESS EXCLUSIVE: add a new column, dual-write, backfill, switch reads, drop the old one (expand/contract)",
  "rename-or-drop-outside-contract": "renaming or dropping breaks the release still running: do it only in the contract step of an expand/contract pair (`-- migrate:phase contract <expand>`)",
  "volatile-default": "a volatile default (random(), clock_timestamp(), gen_random_uuid() …) rewrites the table under ACCESS EXCLUSIVE: add the column without it and backfill",
  "missing-lock-timeout": "set `SET lock_timeout = '…'` before the first statement that locks an existing table, so a busy table does not queue traffic behind a waiting ALTER",
} as const;
/** The name of one of our own rules. */
export type RuleName = keyof typeof ruleHelp;

const volatileCall = /\bDEFAULT\s+(?:[^,]*?\b)?(random|clock_timestamp|timeofday|gen_random_uuid|uuid_generate_v[14]|nextval|txid_current)\s*\(/i;

/**
 * Runs our rules over every up migration in order, knowing which tables
 * earlier migrations made (a table created in the same migration is new:
 * nobody reads it yet, so its locks cost nothing).
 */
export function lintMigrations(migrations: MigrationFile[]): Finding[] {
  const findings: Finding[] = [];
  const existing = new Set<string>();
  for (const migration of migrations) {
    const createdHere = new Set<string>();
    const found = (line: number, rule: RuleName) => {
      const override = migration.directives.overrides.find((o) => o.rule === rule);
      findings.push({ migration: migration.name, line, rule, message: ruleHelp[rule], source: "intro-page", overriddenBecause: override?.reason });
    };
    let lockTimeoutSet = false;
    let lockTimeoutReported = false;
    for (const statement of migration.up) {
      const facts = analyzeStatement(statement);
      const text = statement.text;
      const old = (table: string | undefined) => table !== undefined && existing.has(table) && !createdHere.has(table);
      if (facts.kind === "set" && /^SET\s+(?:LOCAL\s+|SESSION\s+)?lock_timeout\b/i.test(text)) lockTimeoutSet = true;
      if (!lockTimeoutSet && !lockTimeoutReported && facts.locks.some((lock) => old(lock.table))) {
        found(statement.line, "missing-lock-timeout");
        lockTimeoutReported = true;
      }
      if (facts.kind === "create-table" && facts.table) createdHere.add(facts.table);
      if (facts.kind === "create-index" && old(facts.table) && !/\bCONCURRENTLY\b/i.test(text)) found(statement.line, "index-not-concurrent");
      if (facts.kind === "alter-table" && old(facts.table)) {
        const addsRequiredColumn = /\bADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?\S+\s+[^,]*\bNOT\s+NULL\b/i.test(text) && !/\bDEFAULT\b/i.test(text);
        if (addsRequiredColumn || /\bALTER\s+(?:COLUMN\s+)?\S+\s+SET\s+NOT\s+NULL\b/i.test(text)) found(statement.line, "not-null-without-default");
        if (/\bALTER\s+(?:COLUMN\s+)?\S+\s+(?:SET\s+DATA\s+)?TYPE\b/i.test(text)) found(statement.line, "column-type-change");
        if (/\bADD\s+(?:COLUMN\s+)?/i.test(text) && volatileCall.test(text)) found(statement.line, "volatile-default");
        const renamesOrDrops = /\bRENAME\b/i.test(text) || /\bDROP\s+(?:COLUMN\s+)?(?!CONSTRAINT\b|DEFAULT\b|NOT\s+NULL\b)/i.test(text);
        if (renamesOrDrops && migration.directives.phase !== "contract") found(statement.line, "rename-or-drop-outside-contract");
      }
      if (facts.kind === "drop-table" && old(facts.table) && migration.directives.phase !== "contract") found(statement.line, "rename-or-drop-outside-contract");
      if (facts.kind === "drop-table" && facts.table) existing.delete(facts.table);
    }
    for (const table of createdHere) existing.add(table);
  }
  return findings;
}
