import { createParser } from "eventsource-parser";
import type { IntroPageError } from "../errors.js";
import type { components } from "../generated/openapi.js";
import type { IntroPageClient } from "../types.js";

/** The `data` of a page stream's `sync` and `change` events: the page's new ETag and the changed sections' ETags. */
export type PageChangeEvent = components["schemas"]["PageChangeEvent"];

/** Options of {@link openPageStream}. */
export interface PageStreamOptions {
  client: Pick<IntroPageClient, "streamIntroPage">;
  userId: string;
  /** A stream silent (no event, no `: ping`) for this long is taken as dead. */
  heartbeatTimeoutMs: number;
  /** The stream is open: changes now arrive as events. */
  onOpen(): void;
  /** A `sync` or `change` event. */
  onChange(change: PageChangeEvent): void;
  /**
   * The stream could not be opened or broke; it is retried with backoff.
   * `unsupported` when the server does not offer it (404, 405, 406, 501 or
   * another content type), which is retried only rarely.
   */
  onDown(unsupported: boolean, error: unknown): void;
}

/** Statuses meaning "this server has no page stream", not "try again soon". */
const unsupportedStatuses = [404, 405, 406, 501];
/** How long to wait before asking a server that has no stream again. */
const unsupportedRetryMs = 300_000;
/** Upper bound of the wait between failed attempts. */
const maxBackoffMs = 60_000;

/**
 * Holds a page's server-sent event stream open: reconnects after the
 * server's `retry:` hint when the server ends it, with exponential backoff
 * and jitter when it fails, always resuming with `Last-Event-ID`; takes a
 * stream silent for `heartbeatTimeoutMs` as dead. Returns `close()`.
 */
export function openPageStream(options: PageStreamOptions): { close(): void } {
  const { client, userId, heartbeatTimeoutMs } = options;
  let lastEventId: string | undefined;
  let retryMs = 3_000;
  let failures = 0;
  let closed = false;
  let controller: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function connect(): Promise<void> {
    const abort = (controller = new AbortController());
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const feedWatchdog = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => abort.abort(), heartbeatTimeoutMs);
    };
    let unsupported = false;
    try {
      const response = await client.streamIntroPage(
        { userId },
        { signal: abort.signal, ...(lastEventId ? { headers: { "Last-Event-ID": lastEventId } } : {}) },
      );
      if (!response.headers.get("Content-Type")?.startsWith("text/event-stream") || !response.body) {
        unsupported = true;
        await response.body?.cancel();
        throw new Error(`the server answered the page stream with ${response.headers.get("Content-Type") ?? "no content type"}`);
      }
      failures = 0;
      options.onOpen();
      const parser = createParser({
        onEvent: (message) => {
          if (message.id) lastEventId = message.id;
          if (message.event === "sync" || message.event === "change") options.onChange(JSON.parse(message.data) as PageChangeEvent);
        },
        onRetry: (ms) => (retryMs = ms),
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      feedWatchdog();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        feedWatchdog();
        parser.feed(chunk.value);
      }
      // The server ended the stream on purpose (shutdown, token expiry): come back after its hint.
      clearTimeout(watchdog);
      if (!closed) timer = setTimeout(connect, retryMs);
      return;
    } catch (error) {
      clearTimeout(watchdog);
      if (closed) return;
      unsupported ||= unsupportedStatuses.includes((error as IntroPageError).status ?? 0);
      failures++;
      options.onDown(unsupported, error);
      const backoff = Math.min(maxBackoffMs, retryMs * 2 ** (failures - 1)) * (0.5 + Math.random() / 2);
      const retryAfterMs = ((error as IntroPageError).retryAfter ?? 0) * 1000;
      timer = setTimeout(connect, unsupported ? unsupportedRetryMs : Math.max(backoff, retryAfterMs));
    }
  }

  void connect();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      controller?.abort();
    },
  };
}
