import type { SectionName } from "../vocabulary/section-names.js";

/** One version of a user's whole page: its id (the opaque part of the page ETag) and every section's ETag. */
export interface PageVersion {
  id: string;
  sections: Record<SectionName, string>;
}

/**
 * The short per-user memory behind `Last-Event-ID`: recent page versions,
 * so a stream resumed with an older id can name exactly the sections that
 * changed since. Forgetting is safe (the stream then names every section and
 * unchanged ones answer 304), so implementations may drop entries freely.
 */
export interface PageVersionLog {
  /** Remembers `version` as one of `userId`'s recent versions. */
  record(userId: string, version: PageVersion): Promise<void>;
  /** The version with this id, if it is still remembered. */
  find(userId: string, id: string): Promise<PageVersion | undefined>;
}

/** How many users' versions an in-memory log keeps before forgetting the least recently written. */
const maxUsers = 10_000;

/** A {@link PageVersionLog} in process memory: single-instance mode (no Redis). */
export class MemoryPageVersionLog implements PageVersionLog {
  private readonly byUser = new Map<string, PageVersion[]>();

  /** @param perUser versions kept per user, newest first. */
  constructor(private readonly perUser: number) {}

  async record(userId: string, version: PageVersion): Promise<void> {
    const kept = this.byUser.get(userId) ?? [];
    this.byUser.delete(userId); // re-inserted below: Map order is the least-recently-written order
    this.byUser.set(userId, [version, ...kept.filter((old) => old.id !== version.id)].slice(0, this.perUser));
    if (this.byUser.size > maxUsers) this.byUser.delete(this.byUser.keys().next().value!);
  }

  async find(userId: string, id: string): Promise<PageVersion | undefined> {
    return this.byUser.get(userId)?.find((version) => version.id === id);
  }
}
