import type { Middleware } from "openapi-fetch";

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
 * Conditional GETs for one client. `middleware` (openapi-fetch) sends
 * `If-None-Match` with the remembered ETag; the client then passes every
 * response and its text to `settle`, which remembers a 200 that has an ETag and
 * answers a 304 with the remembered response. Working on the text the client
 * reads anyway means no cloned or rebuilt Response on either path.
 */
export function conditionalRequests(cache: ConditionalCache) {
  /** The entry each request was revalidated against, so eviction mid-flight cannot lose it. */
  const revalidated = new WeakMap<Request, CachedResponse>();
  const requestOf = new WeakMap<Response, Request>();
  const middleware: Middleware = {
    onRequest({ request }) {
      // A caller's own If-None-Match means they manage validators themselves.
      if (request.method !== "GET" || request.headers.has("If-None-Match")) return;
      const entry = cache.get(request.url);
      if (!entry) return;
      request.headers.set("If-None-Match", entry.etag);
      revalidated.set(request, entry);
    },
    onResponse({ request, response }) {
      requestOf.set(response, request);
      return undefined;
    },
  };

  /** For a 304 to our validator, the remembered response; otherwise remembers a cacheable 200 and returns undefined. */
  function settle(response: Response, body: string | undefined): CachedResponse | undefined {
    const request = requestOf.get(response);
    if (!request) return undefined;
    if (response.status === 304) return revalidated.get(request);
    const etag = response.headers.get("ETag");
    if (request.method === "GET" && response.status === 200 && etag && body !== undefined && !/no-store/.test(response.headers.get("Cache-Control") ?? "")) {
      cache.set(request.url, { etag, body, type: response.headers.get("Content-Type") });
    }
    return undefined;
  }

  return { middleware, settle };
}
