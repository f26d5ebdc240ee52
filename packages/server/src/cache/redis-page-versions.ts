import { isSectionName } from "../vocabulary/section-names.js";
import type { PageVersion, PageVersionLog } from "./page-versions.js";
import type { RedisConnection } from "./redis-connection.js";

/**
 * A {@link PageVersionLog} in Redis, so a stream can resume on any instance:
 * one capped list per user (`<prefix>live:v1:<userId>`, newest first) that
 * expires when nobody has written to it for `ttlSeconds`. Failures reject;
 * the caller treats an unreachable log as "version unknown", which is safe.
 */
export class RedisPageVersionLog implements PageVersionLog {
  constructor(
    private readonly connection: RedisConnection,
    private readonly perUser: number,
    private readonly ttlSeconds: number,
  ) {}

  async record(userId: string, version: PageVersion): Promise<void> {
    const key = this.key(userId);
    await this.connection.command
      .multi()
      .lpush(key, JSON.stringify(version))
      .ltrim(key, 0, this.perUser - 1)
      .expire(key, this.ttlSeconds)
      .exec();
  }

  async find(userId: string, id: string): Promise<PageVersion | undefined> {
    const entries = await this.connection.command.lrange(this.key(userId), 0, this.perUser - 1);
    for (const entry of entries) {
      const version = parseVersion(entry);
      if (version?.id === id) return version;
    }
    return undefined;
  }

  private key(userId: string): string {
    return `${this.connection.keyPrefix}live:v1:${userId}`;
  }
}

/** Accepts only well-formed entries: another deployment's or a corrupted value must not name wrong sections. */
function parseVersion(text: string): PageVersion | undefined {
  try {
    const value = JSON.parse(text) as { id?: unknown; sections?: unknown };
    if (typeof value.id !== "string" || typeof value.sections !== "object" || value.sections === null) return undefined;
    const sections = Object.entries(value.sections as Record<string, unknown>);
    if (!sections.every(([name, etag]) => isSectionName(name) && typeof etag === "string")) return undefined;
    return value as PageVersion;
  } catch {
    return undefined;
  }
}
