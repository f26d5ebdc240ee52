// A server-sent events reader for the stream suites: real fetch, real parser
// (eventsource-parser, as the SDK uses), every line kept in arrival order.
import { createParser } from "eventsource-parser";

/** One thing read from a stream: an event, a comment (`: ping`) or a retry hint. */
export type StreamItem =
  | { kind: "event"; event: string | undefined; id: string | undefined; data: string }
  | { kind: "comment"; text: string }
  | { kind: "retry"; ms: number };

/** An open event stream being read in the background. */
export interface EventStreamReader {
  status: number;
  headers: Headers;
  /** Everything read so far. */
  items: StreamItem[];
  /** Resolves when the server ended the stream (or it broke). */
  ended: Promise<void>;
  /** The next item (after `from`, an index into `items`) that satisfies `match`, within `timeoutMs`. */
  next(match?: (item: StreamItem) => boolean, timeoutMs?: number, from?: number): Promise<StreamItem>;
  /** The next event named `name`, with its data parsed. */
  nextEvent(name: string, timeoutMs?: number): Promise<{ id: string | undefined; data: any }>;
  close(): void;
}

/** Opens `url` as an event stream with `headers`; a non-200 answer is returned with its body read and no items. */
export async function openEventStream(url: string, headers: Record<string, string>): Promise<EventStreamReader & { body?: any }> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: abort.signal });
  const items: StreamItem[] = [];
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((waiter) => waiter());
  let consumed = 0;
  const parser = createParser({
    onEvent: (message) => items.push({ kind: "event", event: message.event, id: message.id, data: message.data }),
    onComment: (text) => items.push({ kind: "comment", text: text.trim() }),
    onRetry: (ms) => items.push({ kind: "retry", ms }),
  });
  const isStream = response.status === 200 && (response.headers.get("content-type") ?? "").startsWith("text/event-stream");
  const body = isStream ? undefined : await response.json().catch(() => undefined);
  const ended = (async () => {
    if (!isStream || !response.body) return;
    const decoder = new TextDecoder();
    try {
      const reader = response.body.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        parser.feed(decoder.decode(chunk.value, { stream: true }));
        wake();
      }
    } catch {
      // aborted by close() or cut by the server
    } finally {
      wake();
    }
  })();
  let done = false;
  void ended.then(() => (done = true));

  const next: EventStreamReader["next"] = (match = () => true, timeoutMs = 5_000, from) => {
    if (from !== undefined) consumed = from;
    return new Promise((resolve, reject) => {
      const check = () => {
        for (let i = consumed; i < items.length; i++) {
          if (match(items[i]!)) {
            consumed = i + 1;
            cleanup();
            resolve(items[i]!);
            return;
          }
        }
        if (done) {
          cleanup();
          reject(new Error(`stream ended without the item; read ${JSON.stringify(items)}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching item within ${timeoutMs} ms; read ${JSON.stringify(items)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      void ended.then(check);
      check();
    });
  };
  return {
    status: response.status,
    headers: response.headers,
    body,
    items,
    ended,
    next,
    async nextEvent(name, timeoutMs) {
      const item = (await next((it) => it.kind === "event" && it.event === name, timeoutMs)) as Extract<StreamItem, { kind: "event" }>;
      return { id: item.id, data: JSON.parse(item.data) };
    },
    close: () => abort.abort(),
  };
}
