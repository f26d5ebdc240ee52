import type { Sequelize, Transaction } from "sequelize";
import { settleReads, type Read, type ReadOutcome } from "./combined-reads.js";

/**
 * Most callers one statement serves. It bounds the statement (a page's reads
 * eight times over: ~40 subqueries, about 1.5 ms of one PostgreSQL backend)
 * and how many statements each kind of caller can make (one per count from
 * 1 to 8, each prepared once per connection); a larger batch is split, and
 * its parts run in parallel on the pool's other connections.
 */
const maxCallers = 8;

interface Caller {
  reads: readonly Read<unknown>[];
  settle(outcomes: ReadOutcome[]): void;
  fail(reason: unknown): void;
}

/** Callers waiting for the next flush, by database, then by the kind of reads they asked for (`kindOf`). */
let waiting = new Map<Sequelize, Map<string, Caller[]>>();
/** Callers that hand in their reads when the flush starts (`beforeNextBatch`). */
let gatherers: (() => void)[] = [];
let scheduled = false;

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  // setImmediate runs after this turn's I/O callbacks and promise jobs: every request read off the sockets in this
  // turn has asked by then.
  setImmediate(flush);
}

/**
 * A short name for each statement text, so that a kind is a few characters: a page's reads are kilobytes of SQL,
 * which the kind once joined and a Map then hashed on every page load. The texts are the repositories' constants
 * (each built once), whose hashes V8 keeps; past the bound, a text is its own name, as before.
 */
const textNames = new Map<string, string>();
const maxTextNames = 1_024;
function nameOf(sql: string): string {
  let name = textNames.get(sql);
  if (name === undefined && textNames.size < maxTextNames) textNames.set(sql, (name = `#${textNames.size}`));
  return name ?? sql;
}

/** Callers with the same reads (by SQL text, whatever their values) make the same combined statement, so they go together. */
const kindOf = (reads: readonly Read<unknown>[]) => (reads.length === 1 ? nameOf(reads[0]!.sql) : reads.map((read) => nameOf(read.sql)).sort().join("\0"));

/**
 * Runs `reads` (all on one database) together with the reads other callers
 * ask for in this turn of the event loop: the page loads of several users
 * that missed the cache at once become one statement instead of one each.
 * Only callers asking for the same kinds of reads are combined, so the
 * statements stay few and each is prepared once per connection. Each read
 * gets its own outcome (`settleReads`); a statement that fails fails every
 * caller in it.
 *
 * Under load this is what keeps a burst from costing more per page than a
 * trickle: the more page loads wait, the more each statement serves
 * (docs/performance.md, "Sixth round").
 */
export function readTogether(reads: readonly Read<unknown>[]): Promise<ReadOutcome[]> {
  if (reads.length === 0) return Promise.resolve([]);
  return new Promise<ReadOutcome[]>((settle, fail) => {
    schedule();
    const { sequelize } = reads[0]!;
    let kinds = waiting.get(sequelize);
    if (!kinds) waiting.set(sequelize, (kinds = new Map()));
    const kind = kindOf(reads);
    const callers = kinds.get(kind);
    const caller = { reads, settle, fail };
    if (callers) callers.push(caller);
    else kinds.set(kind, [caller]);
  });
}

/**
 * Calls `gather` when the next batch is made, before it is split into
 * statements, so reads it hands to `readTogether` then are part of it. A
 * caller that collects its reads over a turn (`PageReads`: a page's sections
 * ask one after another) registers here instead of waiting for a turn of its
 * own, which would send its statement one turn of the event loop later.
 */
export function beforeNextBatch(gather: () => void): void {
  gatherers.push(gather);
  schedule();
}

/** Runs one read: inside a transaction on its connection, else together with the turn's other reads of its kind. */
export async function runRead<T>(read: Read<T>, transaction?: Transaction): Promise<T> {
  const [outcome] = transaction ? await settleReads([read], transaction) : await readTogether([read]);
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.value as T;
}

function flush(): void {
  const gathering = gatherers;
  gatherers = [];
  try {
    for (const gather of gathering) gather();
  } finally {
    // Reads the gatherers handed in join this flush; any asked from here on wait for the next.
    scheduled = false;
  }
  const batches = waiting;
  waiting = new Map();
  for (const kinds of batches.values()) {
    for (const callers of kinds.values()) {
      for (let i = 0; i < callers.length; i += maxCallers) run(callers.slice(i, i + maxCallers));
    }
  }
}

function run(callers: Caller[]): void {
  const reads = callers.length === 1 ? callers[0]!.reads : callers.flatMap((caller) => caller.reads);
  settleReads(reads).then(
    (outcomes) => {
      let at = 0;
      for (const caller of callers) {
        caller.settle(outcomes.slice(at, at + caller.reads.length));
        at += caller.reads.length;
      }
    },
    (err: unknown) => {
      for (const caller of callers) caller.fail(err);
    },
  );
}
