import type { Middleware } from "openapi-fetch";

/** What is remembered of a GET response: its validator and its body as received. */
interface CachedResponse {
  etag: string;
  body: string;
  type: string;
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

/** The entry each request was revalidated against, so eviction mid-flight cannot lose it. */
const revalidated = new WeakMap<Request, CachedResponse>();
/** Responses rebuilt from the cache after a 304. */
const replayedResponses = new WeakSet<Response>();
/** Bodies parsed from a replayed response. */
const notModifiedBodies = new WeakSet<object>();

/** Whether a response was rebuilt from the cache after a `304 Not Modified`. */
export const isReplayed = (response: Response): boolean => replayedResponses.has(response);

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
 * openapi-fetch middleware for conditional GETs: sends `If-None-Match` with the
 * remembered ETag, remembers each 200 that has an ETag, and turns a 304 into a
 * 200 carrying the remembered body, so callers never see the difference.
 */
export function conditionalRequests(cache: ConditionalCache): Middleware {
  return {
    onRequest({ request }) {
      // A caller's own If-None-Match means they manage validators themselves.
      if (request.method !== "GET" || request.headers.has("If-None-Match")) return;
      const entry = cache.get(request.url);
      if (!entry) return;
      request.headers.set("If-None-Match", entry.etag);
      revalidated.set(request, entry);
    },
    async onResponse({ request, response }) {
      const entry = revalidated.get(request);
      if (response.status === 304 && entry) {
        const headers = new Headers(response.headers);
        headers.set("Content-Type", entry.type);
        // The 304's own length (0) would make openapi-fetch skip the replayed body.
        headers.delete("Content-Length");
        const replay = new Response(entry.body, { status: 200, headers });
        replayedResponses.add(replay);
        return replay;
      }
      const etag = response.headers.get("ETag");
      if (request.method === "GET" && response.status === 200 && etag && !/no-store/.test(response.headers.get("Cache-Control") ?? "")) {
        cache.set(request.url, { etag, body: await response.clone().text(), type: response.headers.get("Content-Type") ?? "" });
      }
      return undefined;
    },
  };
}
