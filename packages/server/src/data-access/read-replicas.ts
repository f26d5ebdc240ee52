import type { Logger } from "pino";
import { QueryTypes, Sequelize } from "sequelize";
import type { Config } from "../config/config.js";
import { isRead, type Read } from "./combined-reads.js";
import { createRepositories, type Repositories } from "./repositories.js";
import { usePreparedStatements } from "./sql.js";

/** What the router knows about one replica, for metrics and health. */
export interface ReplicaState {
  /** host:port/database of the replica (no credentials). */
  name: string;
  /** The last lag check reached the replica. */
  up: boolean;
  /** How far its replay is behind the primary (ms): 0 when it has replayed everything; undefined when unknown. */
  lagMs: number | undefined;
  /** Up and within DATABASE_READ_MAX_LAG_MS: section reads may go there. */
  usable: boolean;
  /** Why it is not up, when it is not. */
  error?: string | undefined;
}

type ReplicaConfig = Pick<Config, "DATABASE_READ_URL" | "DATABASE_READ_MAX_LAG_MS" | "DATABASE_READ_YOUR_WRITES_MS" | "DATABASE_READ_LAG_CHECK_MS" | "DATABASE_POOL_MAX"> &
  Partial<Pick<Config, "DATABASE_PREPARED_STATEMENTS">>;

interface Replica extends ReplicaState {
  sequelize: Sequelize;
  repositories: Repositories;
}

/** Read routing counters, for metrics. */
export interface ReadRoutingCounts {
  replica: number;
  primary: number;
  /** Reads that failed on a replica and were answered by the primary. */
  fallbacks: number;
}

const repositoryNames = ["users", "actionItems", "activity", "preferences", "announcements", "processedEvents"] as const;

/** A replica's URL without its credentials, for logs and metric labels. */
const displayName = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
};

/**
 * Which of `count` replicas serves `userId`'s reads: the same one for as long
 * as the set of usable replicas stays the same (FNV-1a of the id). All the
 * reads of one page load then combine into one statement on one replica
 * (`combined-reads.ts` groups them by connection pool), and one user's
 * successive reads never go back in time by landing on a replica that has
 * replayed less than the last one. Users spread evenly over the replicas.
 */
export function replicaIndexFor(userId: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) hash = Math.imul(hash ^ userId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % count;
}

/**
 * Sends section reads to PostgreSQL read replicas (DATABASE_READ_URL) and
 * everything else to the primary, each user's to one replica
 * (`replicaIndexFor`), shared reads in turn. A user who wrote within
 * DATABASE_READ_YOUR_WRITES_MS reads from the primary, so they see their own
 * write whatever the replica's lag (`noteWrite`; the composition root calls
 * it for writes on this instance and for invalidations other instances
 * announce). A timer measures each replica's replay lag against the
 * primary's WAL position; a replica that is down or lags more than
 * DATABASE_READ_MAX_LAG_MS is skipped, and a read that fails on a replica is
 * retried on the primary, so losing a replica costs no request.
 */
export class ReadRouter {
  /** Repositories whose read methods go where `route` says; hand them to the section services. */
  readonly repositories: Repositories;
  private readonly recentWriters = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private next = 0;
  private readonly counts: ReadRoutingCounts = { replica: 0, primary: 0, fallbacks: 0 };

  private constructor(
    private readonly primary: Repositories,
    private readonly replicas: Replica[],
    private readonly config: ReplicaConfig,
    private readonly logger?: Logger,
  ) {
    this.repositories = this.routedRepositories();
    this.timer = setInterval(() => void this.checkLag(), config.DATABASE_READ_LAG_CHECK_MS);
    this.timer.unref();
  }

  /**
   * Connects to every DATABASE_READ_URL and measures their lag once.
   * Undefined when none is configured (all reads then use the primary).
   */
  static async open(config: ReplicaConfig, primary: Repositories, logger?: Logger): Promise<ReadRouter | undefined> {
    if (config.DATABASE_READ_URL.length === 0) return undefined;
    const replicas = config.DATABASE_READ_URL.map((url): Replica => {
      const sequelize = new Sequelize(url, {
        dialect: "postgres",
        logging: false,
        pool: { max: config.DATABASE_POOL_MAX, min: 0, idle: 10_000, acquire: 2_000 },
        dialectOptions: { statement_timeout: 5_000, application_name: "intro-page-read", connectionTimeoutMillis: 2_000 },
      });
      usePreparedStatements(sequelize, config.DATABASE_PREPARED_STATEMENTS, () =>
        logger?.warn({ replica: displayName(url) }, "prepared statements are not kept by this read replica's sessions: its reads now run unnamed"),
      );
      return { name: displayName(url), sequelize, repositories: createRepositories(sequelize), up: false, lagMs: undefined, usable: false };
    });
    const router = new ReadRouter(primary, replicas, config, logger);
    await router.checkLag();
    logger?.info({ replicas: router.states() }, "read replicas configured");
    return router;
  }

  /** Routes `userId`'s reads to the primary for DATABASE_READ_YOUR_WRITES_MS from now. */
  noteWrite(userId: string): void {
    this.recentWriters.set(userId, Date.now() + this.config.DATABASE_READ_YOUR_WRITES_MS);
  }

  /** The repositories a read for `userId` (or for shared data) should use now. */
  route(userId?: string): Repositories {
    if (userId !== undefined) {
      const until = this.recentWriters.get(userId);
      if (until !== undefined) {
        if (until > Date.now()) return this.primary;
        this.recentWriters.delete(userId);
      }
    }
    const usable = this.replicas.filter((replica) => replica.usable);
    if (usable.length === 0) return this.primary;
    if (userId !== undefined) return usable[replicaIndexFor(userId, usable.length)]!.repositories;
    this.next = (this.next + 1) % usable.length;
    return usable[this.next]!.repositories;
  }

  /** Every replica's state, for metrics and health. */
  states(): ReplicaState[] {
    return this.replicas.map(({ name, up, lagMs, usable, error }) => ({ name, up, lagMs, usable, error }));
  }

  /** How many reads went where since start. */
  routingCounts(): ReadRoutingCounts {
    return { ...this.counts };
  }

  /** Measures every replica's replay lag against the primary's current WAL position. */
  async checkLag(): Promise<void> {
    let primaryLsn: string | undefined;
    try {
      const [row] = await this.primary.sequelize.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn", { type: QueryTypes.SELECT });
      primaryLsn = row?.lsn;
    } catch {
      // Without the primary's position the replicas cannot be judged; keep their last state.
      return;
    }
    await Promise.all(this.replicas.map((replica) => this.checkReplica(replica, primaryLsn!)));
    this.dropExpiredWriters();
  }

  /** Stops the lag checks and closes the replica pools. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.replicas.map((replica) => replica.sequelize.close()));
  }

  private async checkReplica(replica: Replica, primaryLsn: string): Promise<void> {
    try {
      // Caught up (nothing left to replay): lag 0, even when the primary is idle. Behind: the time since
      // the last transaction it replayed, an upper bound on how stale its answers are.
      const [row] = await replica.sequelize.query<{ behind_bytes: string | null; since_replay_ms: string | null }>(
        `SELECT pg_wal_lsn_diff(:primaryLsn::pg_lsn, pg_last_wal_replay_lsn())::text AS behind_bytes,
                (EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) * 1000)::text AS since_replay_ms`,
        { type: QueryTypes.SELECT, replacements: { primaryLsn } },
      );
      const behind = Number(row?.behind_bytes ?? 0);
      const lagMs = behind <= 0 ? 0 : Math.max(0, Math.round(Number(row?.since_replay_ms ?? Number.POSITIVE_INFINITY)));
      this.setState(replica, { up: true, lagMs, error: undefined });
    } catch (err) {
      this.setState(replica, { up: false, lagMs: undefined, error: (err as Error).message.slice(0, 200) });
    }
  }

  private setState(replica: Replica, state: Pick<ReplicaState, "up" | "lagMs" | "error">): void {
    const usable = state.up && state.lagMs !== undefined && state.lagMs <= this.config.DATABASE_READ_MAX_LAG_MS;
    if (usable !== replica.usable) {
      this.logger?.[usable ? "info" : "warn"]({ replica: replica.name, ...state }, usable ? "read replica in use" : "read replica skipped; reads go to the primary");
    }
    Object.assign(replica, state, { usable });
  }

  private dropExpiredWriters(): void {
    const now = Date.now();
    for (const [userId, until] of this.recentWriters) if (until <= now) this.recentWriters.delete(userId);
  }

  /**
   * Repositories whose every method picks its target per call: the first
   * argument of a read is the user it is for (see the repositories in this
   * folder), which decides read-your-writes.
   */
  private routedRepositories(): Repositories {
    const routed = { sequelize: this.primary.sequelize } as Repositories;
    for (const name of repositoryNames) {
      const methods = this.primary[name] as unknown as Record<string, unknown>;
      const wrapped: Record<string, unknown> = {};
      for (const method of Object.keys(methods)) {
        wrapped[method] = (...args: unknown[]) => this.read(name, method, args);
      }
      (routed as unknown as Record<string, unknown>)[name] = wrapped;
    }
    return routed;
  }

  /**
   * Calls `method` on the repositories `route` picks. A method that reads
   * returns a promise (a failure on a replica is retried on the primary) or a
   * `Read` to run with others (`combined-reads.ts`; it carries the same read on
   * the primary, run when the replica fails under the statement).
   */
  private read(name: (typeof repositoryNames)[number], method: string, args: unknown[]): unknown {
    const call = (repositories: Repositories) => (repositories[name] as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!(...args);
    const target = this.route(typeof args[0] === "string" ? args[0] : undefined);
    if (target === this.primary) {
      this.counts.primary++;
      return call(target);
    }
    this.counts.replica++;
    const replica = this.replicas.find((candidate) => candidate.repositories === target);
    // The replica failed under us (stopped, restarted, network): skip it until a lag check says it is back.
    const fallBack = (err: unknown) => {
      if (replica) this.setState(replica, { up: false, lagMs: undefined, error: (err as Error).message.slice(0, 200) });
      this.counts.fallbacks++;
      return call(this.primary);
    };
    const onReplica = (value: unknown) => (isRead(value) ? { ...value, elsewhere: fallBack as (err: unknown) => Read<unknown> | Promise<Read<unknown>> } : value);
    try {
      const result = call(target);
      return result instanceof Promise ? result.then(onReplica, fallBack) : onReplica(result);
    } catch (err) {
      return fallBack(err);
    }
  }
}
