import { LRUCache } from "lru-cache";
import type { CachedSection, SectionCache } from "../cache/section-cache.js";
import { sectionKey } from "../cache/cache-keys.js";
import type { SectionName } from "../vocabulary/section-names.js";

/**
 * An intro page assembled from cached sections, kept as the bytes that go on
 * the wire. `encodings` holds compressed copies (e.g. `br`, `gzip`) made the
 * first time a client asks for one, so a cached read never compresses again.
 */
export interface AssembledPage {
  /** Weak ETag over the page's sections' data (see `pageEtag`). */
  etag: string;
  /** The `IntroPage` JSON as UTF-8. */
  body: Buffer;
  /** Compressed copies of `body` by content coding, filled on demand by the HTTP layer. */
  encodings: Map<string, Buffer>;
}

/**
 * Which page a request reads: the cache key of an assembled page. Everything
 * that changes a page's bytes for the same sections must be part of it.
 */
export function pageKey(userId: string, names: ReadonlyArray<SectionName>, flagState: string): string {
  return `${userId}|${names.join(",")}|${flagState}`;
}

interface Entry {
  page: AssembledPage;
  /** The section cache entries the page was built from, in `names` order. */
  sources: ReadonlyArray<CachedSection>;
  /** Their keys in the section cache, made once here rather than on every read. */
  keys: ReadonlyArray<string>;
}

/**
 * Assembled pages, valid exactly as long as every section they were built
 * from is still the current fresh entry in the section cache: an
 * invalidation (local or from another instance) or a TTL expiry replaces or
 * drops a section entry, and the page built on it is then no longer served.
 * So a poll whose sections are all cached costs a few map lookups — no
 * promises, no splicing, no hashing — and its `If-None-Match` is answered
 * before any page is assembled.
 */
export class PageCache {
  private readonly pages: LRUCache<string, Entry>;

  /** `maxBytes` bounds the bodies kept (compressed copies are counted as half a body more). */
  constructor(
    private readonly sections: Pick<SectionCache, "stillFresh">,
    maxBytes = 32 * 2 ** 20,
  ) {
    this.pages = new LRUCache<string, Entry>({ maxSize: maxBytes, sizeCalculation: (entry) => Math.ceil(entry.page.body.length * 1.5) + 64 });
  }

  /** The current assembled page for `userId` and `names`, or undefined (then assemble it from the sections). */
  get(userId: string, names: ReadonlyArray<SectionName>, flagState: string): AssembledPage | undefined {
    const key = pageKey(userId, names, flagState);
    const entry = this.pages.get(key);
    if (!entry) return undefined;
    if (this.sections.stillFresh(entry.keys, entry.sources)) return entry.page;
    this.pages.delete(key);
    return undefined;
  }

  /** Keeps a page assembled from `sources` (the fresh section entries, in `names` order). */
  set(userId: string, names: ReadonlyArray<SectionName>, flagState: string, sources: ReadonlyArray<CachedSection>, page: AssembledPage): void {
    // Bounded: past the limit the least recently read pages go; each is rebuilt on its next read.
    this.pages.set(pageKey(userId, names, flagState), { page, sources, keys: names.map((name) => sectionKey(userId, name)) });
  }

  /** Number of pages kept. */
  get size(): number {
    return this.pages.size;
  }
}
