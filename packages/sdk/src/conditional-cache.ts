/** What is remembered of a GET response: its validator and its body as received. */
interface CachedResponse {
  etag: string;
  body: string;
  type: string | null;
}

/**
 * A bounded least-recently-used map from request URL to the last response's
 * ETag and body. Bodies are kept as text so each 304 yields a fresh object the
 * caller may mutate without corrupting the cache.
 */
export class ConditionalCache {
  readonly #entries = new Map<string, CachedResponse>();

  /** @param capacity how many URLs to remember; the least recently used is dropped first. */
  constructor(readonly capacity: number) {}

  /** How many responses are remembered. */
  get size(): number {
    return this.#entries.size;
  }

  /** The remembered response for a URL, which becomes the most recently used. */
  get(url: string): CachedResponse | undefined {
    const entry = this.#entries.get(url);
    if (entry) this.set(url, entry);
    return entry;
  }

  /** Remembers a response, dropping the least recently used one when over capacity. */
  set(url: string, entry: CachedResponse): void {
    this.#entries.delete(url);
    this.#entries.set(url, entry);
    // A Map iterates in insertion order, so its first key is the least recently used.
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }
}

/** Bodies the client returned for a 304: the remembered ones. */
const notModifiedBodies = new WeakSet<object>();

/** Marks a body as the remembered one a `304` confirmed. */
export function markNotModified(body: unknown): void {
  if (typeof body === "object" && body) notModifiedBodies.add(body);
}

/**
 * True when this value came from a `304 Not Modified`: the server confirmed the
 * body the client remembered, so nothing changed since the previous call.
 */
export function isNotModified(value: unknown): boolean {
  return typeof value === "object" && value !== null && notModifiedBodies.has(value);
}

/**
 * Before a GET is sent: sets `If-None-Match` to the remembered ETag of its URL
 * and returns that entry, which the request is revalidated against (kept by the
 * caller, so an eviction while the request is in flight cannot lose it).
 */
export function revalidate(cache: ConditionalCache, request: Request): CachedResponse | undefined {
  // A caller's own If-None-Match means they manage validators themselves.
  if (request.method !== "GET" || request.headers.has("If-None-Match")) return undefined;
  const entry = cache.get(request.url);
  if (entry) request.headers.set("If-None-Match", entry.etag);
  return entry;
}

/**
 * After the response's text was read: a 304 to our validator is answered with
 * the remembered response (`revalidated`); a cacheable 200 with an ETag is
 * remembered, and undefined returned. Working on the text the client reads
 * anyway means no cloned or rebuilt Response on either path.
 */
export function settle(
  cache: ConditionalCache,
  request: Request,
  response: Response,
  body: string | undefined,
  revalidated: CachedResponse | undefined,
): CachedResponse | undefined {
  if (response.status === 304) return revalidated;
  const etag = response.headers.get("ETag");
  if (request.method === "GET" && response.status === 200 && etag && body !== undefined && !/no-store/.test(response.headers.get("Cache-Control") ?? "")) {
    cache.set(request.url, { etag, body, type: response.headers.get("Content-Type") });
  }
  return undefined;
}
