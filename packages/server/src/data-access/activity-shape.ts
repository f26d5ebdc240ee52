import type { Sequelize, Transaction } from "sequelize";
import { selectRows } from "./sql.js";

/**
 * Where an activity item's actor name lives, during the expand/contract
 * change that moves it into the `actors` table (migrations 0010 and 0011,
 * docs/migrations.md):
 * - `legacy`: only `activity_events.actor_name` (before the expand);
 * - `transition`: both; `actors` may still lack old actors until the backfill ends;
 * - `normalized`: only `actors` (after the contract).
 */
export type ActivityShape = "legacy" | "transition" | "normalized";

/** Reads the shape from the catalog (to_regclass needs no lock and sees the latest committed DDL). */
export async function probeActivityShape(sequelize: Sequelize, transaction?: Transaction): Promise<ActivityShape> {
  const [row] = await selectRows<{ has_actors: boolean; has_actor_name: boolean }>(
    sequelize,
    `SELECT to_regclass('actors') IS NOT NULL AS has_actors,
            EXISTS (SELECT 1 FROM pg_attribute
                     WHERE attrelid = to_regclass('activity_events') AND attname = 'actor_name' AND NOT attisdropped) AS has_actor_name`,
    [],
    transaction,
  );
  if (!row?.has_actors) return "legacy";
  return row.has_actor_name ? "transition" : "normalized";
}

/** SQLSTATEs a query written for another shape fails with: undefined_table, undefined_column. */
const shapeErrors = new Set(["42P01", "42703"]);

/** Whether `err` says the schema changed under a query (so the shape must be probed again). */
export function isShapeError(err: unknown): boolean {
  const code = (err as { parent?: { code?: string }; original?: { code?: string } } | undefined)?.parent?.code;
  return code !== undefined && shapeErrors.has(code);
}

/**
 * The shape for reads: probed once and kept, probed again when a read failed
 * because a migration changed the tables under it (`isShapeError`). Reads are
 * idempotent, so the failed one is simply run again for the new shape
 * (`combined-reads.ts`).
 */
export class ActivityShapeTracker {
  private known: Promise<ActivityShape> | undefined;

  constructor(private readonly sequelize: Sequelize) {}

  /** The shape as last probed. */
  current(): Promise<ActivityShape> {
    return (this.known ??= this.probe());
  }

  /** Probes again: a read written for the last shape failed with a shape error. */
  changed(): Promise<ActivityShape> {
    return (this.known = this.probe());
  }

  /** A probe that failed (the database was unreachable) is not kept: the next read probes again. */
  private probe(): Promise<ActivityShape> {
    const probe = probeActivityShape(this.sequelize);
    probe.catch(() => {
      if (this.known === probe) this.known = undefined;
    });
    return probe;
  }

  /**
   * The shape for a write in `transaction`: the table is locked as the write
   * will lock it anyway (ROW EXCLUSIVE), so no migration can change it
   * between the probe and the write; probed once per transaction.
   */
  async forWrite(transaction: Transaction): Promise<ActivityShape> {
    let shape = this.perTransaction.get(transaction);
    if (!shape) {
      await this.sequelize.query("LOCK TABLE activity_events IN ROW EXCLUSIVE MODE", { transaction });
      shape = probeActivityShape(this.sequelize, transaction);
      this.perTransaction.set(transaction, shape);
    }
    return shape;
  }

  private readonly perTransaction = new WeakMap<Transaction, Promise<ActivityShape>>();
}
