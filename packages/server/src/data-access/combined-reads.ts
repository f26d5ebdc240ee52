import type { Sequelize, Transaction } from "sequelize";
import { isShapeError } from "./activity-shape.js";
import { selectRows } from "./sql.js";

/**
 * One read of the database that can run alone or together with other reads
 * as a single statement (`runReads`). The rows reach `decode` as JSON
 * (`row_to_json`): timestamps as ISO 8601 text, counts as numbers, jsonb as
 * it was stored. A `text` read's SQL writes its whole answer as one text
 * value (one row, one column), which reaches `decode` unparsed.
 */
export interface Read<T> {
  /** The database the read is for; reads run together only on the same one. */
  readonly sequelize: Sequelize;
  /** A SELECT with its own placeholders, `$1` to `$n` for `values`. An ORDER BY in it is kept for `many` (the rows arrive in that order). */
  readonly sql: string;
  readonly values: readonly unknown[];
  /** `one`: the first row or null; `many`: every row, as an array; `text`: the one value of its one row, a string (null without a row). */
  readonly rows: "one" | "many" | "text";
  decode(json: unknown): T;
  /** The same read rebuilt for the schema a migration has just changed (see `data-access/activity-shape.ts`), when it depends on it. */
  readonly again?: (() => Promise<Read<T>>) | undefined;
  /** The same read on another database, for when this one failed under the statement (a read replica, `read-replicas.ts`). */
  readonly elsewhere?: ((err: unknown) => Read<T> | Promise<Read<T>>) | undefined;
}

/** Whether a repository method's answer is a `Read` (to run) rather than a value. */
export const isRead = (value: unknown): value is Read<unknown> =>
  typeof value === "object" && value !== null && "sql" in value && "decode" in value && "sequelize" in value;

/** The value of each read in a tuple of reads. */
export type ReadValues<R extends readonly Read<unknown>[]> = { -readonly [K in keyof R]: R[K] extends Read<infer T> ? T : never };

/**
 * The statement that answers every read in one row, one JSON column per
 * read. Each read keeps its own placeholders, shifted past the reads before
 * it. Its rows come from a subquery, so its own ORDER BY and LIMIT decide
 * what `json_agg` collects and in which order.
 */
function statementText(reads: readonly Read<unknown>[]): string {
  let offset = 0;
  const columns = reads.map((read, i) => {
    const sql = offset === 0 ? read.sql : read.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    offset += read.values.length;
    if (read.rows === "text") return `(${sql}) AS r${i}`;
    return read.rows === "one" ? `(SELECT row_to_json(r) FROM (${sql}) r LIMIT 1) AS r${i}` : `(SELECT coalesce(json_agg(r), '[]'::json) FROM (${sql}) r) AS r${i}`;
  });
  return `SELECT ${columns.join(", ")}`;
}

/** A node of `knownStatements`: the statement for the reads that lead to it, and the next read's branches. */
interface KnownStatement {
  text?: string;
  readonly next: Readonly<Record<Read<unknown>["rows"], Map<string, KnownStatement>>>;
}
const knownStatement = (): KnownStatement => ({ next: { one: new Map(), many: new Map(), text: new Map() } });
/**
 * Statement texts already built, as a trie over the reads' SQL in statement
 * order: the same reads (eight page loads' forty, say) make the same text on
 * every call, and building it renumbers every read's placeholders, kilobytes
 * of strings each time. Bounded in nodes and in texts (at most 256 of up to
 * ~16 KB, as many as `sql.ts` prepares); past a bound new texts are built
 * each time.
 */
const knownStatements = knownStatement();
const maxKnownStatementNodes = 4_096;
const maxKnownStatementTexts = 256;
let knownStatementNodes = 0;
let knownStatementTexts = 0;

/** The combined statement for `reads` (in statement order) and its values. */
function combine(reads: readonly Read<unknown>[]): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  let node: KnownStatement | undefined = knownStatements;
  for (const read of reads) {
    values.push(...read.values);
    if (!node) continue;
    const branch: Map<string, KnownStatement> = node.next[read.rows];
    let next = branch.get(read.sql);
    if (!next && knownStatementNodes < maxKnownStatementNodes) {
      knownStatementNodes++;
      branch.set(read.sql, (next = knownStatement()));
    }
    node = next;
  }
  if (node?.text !== undefined) return { sql: node.text, values };
  const sql = statementText(reads);
  if (node && knownStatementTexts < maxKnownStatementTexts) {
    knownStatementTexts++;
    node.text = sql;
  }
  return { sql, values };
}

/** What one read of a combined statement came to: its value, or the error its `decode` threw. */
export type ReadOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Runs `reads` as one statement (one round trip, one connection of the pool:
 * a page load's six reads cost PostgreSQL one parse, bind and snapshot and
 * the server one write and one result, docs/performance.md) and decodes each
 * read's answer on its own, so a read whose rows its decoder refuses fails
 * alone. The statement failing fails them all (the promise rejects). When a
 * migration changed the tables under a read that depends on them, the reads
 * are rebuilt and run once more.
 */
export async function settleReads(reads: readonly Read<unknown>[], transaction?: Transaction): Promise<ReadOutcome[]> {
  if (reads.length === 0) return [];
  const { sequelize } = reads[0]!;
  const run = async (list: readonly Read<unknown>[]) => {
    // In a fixed order (by SQL text), so the same reads asked for in another order are the same prepared statement.
    const order = list.map((_, i) => i).sort((a, b) => (list[a]!.sql < list[b]!.sql ? -1 : list[a]!.sql > list[b]!.sql ? 1 : 0));
    const { sql, values } = combine(order.map((i) => list[i]!));
    const [row] = await selectRows<Record<string, unknown>>(sequelize, sql, values, transaction);
    const outcomes = new Array<ReadOutcome>(list.length);
    order.forEach((i, column) => {
      const read = list[i]!;
      try {
        outcomes[i] = { ok: true, value: read.decode(row?.[`r${column}`] ?? (read.rows === "many" ? [] : null)) };
      } catch (error) {
        outcomes[i] = { ok: false, error };
      }
    });
    return outcomes;
  };
  try {
    return await run(reads);
  } catch (err) {
    if (isShapeError(err) && reads.some((read) => read.again)) {
      return await run(await Promise.all(reads.map((read) => (read.again ? read.again() : read))));
    }
    if (!reads.some((read) => read.elsewhere)) throw err;
    // Elsewhere, the reads have no `elsewhere` of their own, so this runs once more at most.
    return settleReads(await Promise.all(reads.map((read) => (read.elsewhere ? read.elsewhere(err) : read))));
  }
}

/** Runs `reads` as one statement (`settleReads`); the first read that failed fails the call. */
export async function runReads<const R extends readonly Read<unknown>[]>(reads: R, transaction?: Transaction): Promise<ReadValues<R>> {
  const outcomes = await settleReads(reads, transaction);
  return outcomes.map((outcome) => {
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }) as ReadValues<R>;
}
