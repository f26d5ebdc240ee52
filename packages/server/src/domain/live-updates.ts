import type { Logger } from "pino";
import type { InvalidationSelector } from "../cache/cache-keys.js";
import { combineEtags } from "../cache/etag.js";
import type { PageVersion, PageVersionLog } from "../cache/page-versions.js";
import type { components } from "../generated/openapi.js";
import { sectionNames, type SectionName } from "../vocabulary/section-names.js";
import { afterPendingIo } from "./after-pending-io.js";
import type { SectionResult } from "./section-envelope.js";

/** The `data` of a `sync` or `change` event (the contract's `PageChangeEvent`). */
export type PageChangeEvent = components["schemas"]["PageChangeEvent"];

/** One event for a page's streams: its name, its id (the page version) and its data. */
export interface LiveEvent {
  event: "sync" | "change";
  id: string;
  data: PageChangeEvent;
}

/** Where sections come from (the coordinator) and where invalidations are heard (the section cache). */
export interface LiveUpdatesOptions {
  sections: { section(userId: string, name: SectionName): Promise<SectionResult> };
  invalidations: { onInvalidate(listener: (selector: InvalidationSelector) => void): () => void };
  versions: PageVersionLog;
  /** Invalidations of one page heard within this many ms make one event (a write touches several sections). */
  coalesceMs: number;
  /** Called with the ms from hearing an invalidation to handing its event to the streams. */
  onPush?: (ms: number) => void;
  logger?: Logger | undefined;
}

/** A stream's hold on a page's changes. */
export interface LiveWatch {
  /** The event the stream starts with: `sync`, the `change` since `Last-Event-ID`, or none when nothing changed since. */
  first: LiveEvent | undefined;
  /** Stops the listener; the page is no longer tracked once its last watch stopped. */
  stop(): void;
}

/** A page some stream on this instance watches. */
interface WatchedPage {
  listeners: Set<(event: LiveEvent) => void>;
  /** The version last told to the listeners; settles once the page has been read. */
  current: Promise<PageVersion>;
  dirty: Set<SectionName>;
  /** When the oldest invalidation not yet turned into an event was heard (performance.now()). */
  heardAt: number | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** The recomputation running now, if any. */
  running: Promise<void> | undefined;
}

/** The page version for a full set of section ETags: the same value the page's `ETag` is made of. */
export function pageVersionOf(sections: Record<SectionName, string>): PageVersion & { etag: string } {
  const etag = combineEtags(sectionNames.map((name) => `${name}:${sections[name]}`));
  return { id: etag.slice(3, -1), etag, sections };
}

const pick = (sections: Record<SectionName, string>, names: Iterable<SectionName>): PageChangeEvent["sections"] =>
  Object.fromEntries([...names].map((name) => [name, sections[name]]));

/**
 * Live push for one instance: turns the cache invalidations this instance
 * applies (its own writes and, over the bus, every other instance's) into
 * `change` events for the pages its streams watch. Each event names only the
 * sections whose ETag really changed, re-read through the coordinator (which
 * caches them again for the reads the event triggers). Event ids are page
 * versions, the same on every instance, so a stream resumes anywhere.
 */
export class LiveUpdates {
  private readonly pages = new Map<string, WatchedPage>();
  private readonly unsubscribe: () => void;

  constructor(private readonly options: LiveUpdatesOptions) {
    this.unsubscribe = options.invalidations.onInvalidate((selector) => this.heard(selector));
  }

  /** Pages watched on this instance right now. */
  get watchedPages(): number {
    return this.pages.size;
  }

  /**
   * Starts telling `listener` about changes to `userId`'s page. With a
   * `lastEventId` the first event names what changed since that version
   * (every section when it is not remembered); without one it is a `sync`.
   */
  async watch(userId: string, lastEventId: string | undefined, listener: (event: LiveEvent) => void): Promise<LiveWatch> {
    const page = this.pages.get(userId) ?? this.track(userId);
    // Held while the first event is worked out so the page is not dropped meanwhile; swapped for the real listener below.
    const placeholder = () => undefined;
    page.listeners.add(placeholder);
    try {
      const previous = lastEventId ? await this.options.versions.find(userId, lastEventId).catch(() => undefined) : undefined;
      const current = await page.current;
      // No await from here on: a change heard now reaches the listener after this first event.
      page.listeners.add(listener);
      return { first: firstEvent(userId, current, lastEventId, previous), stop: () => this.release(userId, page, listener) };
    } finally {
      this.release(userId, page, placeholder);
    }
  }

  /** Stops listening to invalidations and drops every watched page. */
  close(): void {
    this.unsubscribe();
    for (const page of this.pages.values()) clearTimeout(page.timer);
    this.pages.clear();
  }

  private track(userId: string): WatchedPage {
    const page: WatchedPage = { listeners: new Set(), current: this.read(userId, sectionNames, undefined), dirty: new Set(), heardAt: undefined, timer: undefined, running: undefined };
    page.current.catch(() => this.pages.get(userId) === page && this.pages.delete(userId));
    this.pages.set(userId, page);
    return page;
  }

  private release(userId: string, page: WatchedPage, listener: (event: LiveEvent) => void): void {
    page.listeners.delete(listener);
    if (page.listeners.size > 0 || this.pages.get(userId) !== page) return;
    clearTimeout(page.timer);
    this.pages.delete(userId);
  }

  /** Reads `names` (the others are taken from `base`), remembers the version for resumes, and returns it. */
  private async read(userId: string, names: ReadonlyArray<SectionName>, base: PageVersion | undefined): Promise<PageVersion> {
    const results = await Promise.all(names.map((name) => this.options.sections.section(userId, name)));
    const sections = { ...base?.sections } as Record<SectionName, string>;
    names.forEach((name, i) => (sections[name] = results[i]!.etag));
    const version = pageVersionOf(sections);
    if (version.id !== base?.id) {
      await this.options.versions.record(userId, { id: version.id, sections }).catch((err: unknown) => this.options.logger?.warn({ err, userId }, "live: page version not recorded"));
    }
    return { id: version.id, sections };
  }

  private heard(selector: InvalidationSelector): void {
    const touched = selector.section ? [selector.section] : sectionNames;
    for (const [userId, page] of this.pages) {
      // A selector with a user but no section, or with neither (`all`), touches every section of that page.
      if (!selector.all && selector.userId !== undefined && selector.userId !== userId) continue;
      for (const name of touched) page.dirty.add(name);
      page.heardAt ??= performance.now();
      // The window closes after the invalidations already in the socket are read: after a busy moment the rest of one
      // write's invalidations would otherwise make a second event.
      page.timer ??= afterPendingIo(() => this.pages.get(userId) === page && this.flush(userId, page), this.options.coalesceMs);
    }
  }

  private flush(userId: string, page: WatchedPage): void {
    page.timer = undefined;
    if (page.running) return; // the running one flushes again when it is done
    page.running = this.recompute(userId, page).finally(() => {
      page.running = undefined;
      if (page.dirty.size > 0 && this.pages.get(userId) === page) this.flush(userId, page);
    });
  }

  private async recompute(userId: string, page: WatchedPage): Promise<void> {
    const names = [...page.dirty];
    const heardAt = page.heardAt;
    page.dirty.clear();
    page.heardAt = undefined;
    try {
      const before = await page.current;
      const after = await this.read(userId, names, before);
      page.current = Promise.resolve(after);
      const changed = names.filter((name) => after.sections[name] !== before.sections[name]);
      if (changed.length === 0) return;
      const event: LiveEvent = { event: "change", id: after.id, data: { userId, etag: pageVersionOf(after.sections).etag, sections: pick(after.sections, changed) } };
      for (const listener of page.listeners) listener(event);
      if (heardAt !== undefined) this.options.onPush?.(performance.now() - heardAt);
    } catch (err) {
      // The coordinator serves stale or unavailable instead of throwing; this is a bug or the page's first read failing.
      this.options.logger?.error({ err, userId }, "live: page change not computed");
    }
  }
}

/** The event a stream starts with, given the page now and the version the client says it has. */
function firstEvent(userId: string, current: PageVersion, lastEventId: string | undefined, previous: PageVersion | undefined): LiveEvent | undefined {
  const { etag } = pageVersionOf(current.sections);
  if (!lastEventId) return { event: "sync", id: current.id, data: { userId, etag, sections: pick(current.sections, sectionNames) } };
  if (lastEventId === current.id) return undefined;
  const changed = sectionNames.filter((name) => previous?.sections[name] !== current.sections[name]);
  return { event: "change", id: current.id, data: { userId, etag, sections: pick(current.sections, changed) } };
}
