import { authorize, type TokenProvider } from "./auth.js";
import { sleep, withTimeout } from "./cancellation.js";
import { ConditionalCache, markNotModified, revalidate, settle } from "./conditional-cache.js";
import { httpError, IntroPageError } from "./errors.js";
import { createRequest, readBody } from "./http.js";
import { isRetrySafe, isTransient, retryDefaults, retryDelay, type RetryOptions } from "./retry.js";
import { requestTypes, routes } from "./generated/contract.js";
import type { CallOptions, IntroPageClient, OperationId } from "./types.js";

/** Options of {@link createIntroPageClient}. */
export interface IntroPageClientOptions {
  /** Where the API is served, e.g. `https://intro.example.com` (paths start with `/api/v1`). */
  baseUrl: string;
  /** A fixed bearer token. Prefer `tokenProvider` for tokens that expire. */
  token?: string;
  /** Returns the bearer token; called before every request and once more after a 401. Wins over `token`. */
  tokenProvider?: TokenProvider;
  /** The fetch to use; defaults to the global fetch at call time (so MSW and other interceptors apply). */
  fetch?: typeof fetch;
  /** Milliseconds one attempt may take before it fails with kind `timeout`. Default 10000. */
  timeoutMs?: number;
  /** Retry policy for transient failures, or `false` for a single attempt. */
  retry?: RetryOptions | false;
  /** How many GET responses to remember for conditional requests; 0 turns them off. Default 50. */
  etagCacheSize?: number;
}

/** The operation answered with a server-sent event stream: its method resolves with the open `Response`. */
const streamedOperation: OperationId = "streamIntroPage";

/** Any value the methods accept as parameters, before its type was checked. */
type LooseParams = Record<string, unknown> & { body?: unknown };

/**
 * Creates the typed client: one method per operation in openapi.yaml, named by
 * its operationId, taking path and query parameters (and `body`) in one object.
 * Each method resolves with the success body or rejects with an {@link IntroPageError}.
 */
export function createIntroPageClient(options: IntroPageClientOptions): IntroPageClient {
  const { token, tokenProvider, timeoutMs = 10_000, etagCacheSize = 50 } = options;
  const retry = retryDefaults(options.retry);
  const credentials = tokenProvider ?? (token === undefined ? undefined : () => token);
  // Capacity 0 remembers nothing, so no validator is ever sent.
  const cache = new ConditionalCache(etagCacheSize);

  /** One attempt: send, wait at most `timeoutMs`, parse the success body or throw. */
  const attempt = (operation: OperationId, method: string, path: string, input: LooseParams, { signal, headers }: CallOptions) =>
    withTimeout(timeoutMs, signal, async (attemptSignal) => {
      const { body, ...params } = input;
      const streamed = operation === streamedOperation;
      // A stream is left unread and stays cancellable by the caller's signal after this attempt (and its timeout) is over.
      const request = createRequest(options.baseUrl, {
        method,
        path,
        params,
        body,
        contentType: (requestTypes as Partial<Record<OperationId, string>>)[operation],
        headers,
        signal: streamed && signal ? AbortSignal.any([attemptSignal, signal]) : attemptSignal,
      });
      if (credentials) await authorize(request, credentials);
      const revalidated = revalidate(cache, request);
      // The global fetch is looked up at call time, so MSW and other interceptors apply.
      const response = await (options.fetch ?? fetch)(request);
      // Read as text so non-JSON operations (Prometheus text, YAML) come back as strings.
      const data = await readBody(response, streamed);
      if (streamed) {
        if (!response.ok) throw httpError(response, data);
        return response;
      }
      const replay = settle(cache, request, response, data as string | undefined, revalidated);
      if (!replay && !response.ok) throw httpError(response, data);
      const [text, type] = replay ? [replay.body, replay.type] : [data as string | undefined, response.headers.get("Content-Type")];
      const result: unknown = text && (!type || type.includes("json")) ? JSON.parse(text) : text;
      if (replay) markNotModified(result);
      return result;
    });

  /** One call: attempts, a token refresh after a 401, and retries of transient failures. */
  async function call(operation: OperationId, input: LooseParams = {}, callOptions: CallOptions = {}) {
    const [method, path] = routes[operation].split(" ") as [string, string];
    const started = Date.now();
    let refreshed = !tokenProvider;
    for (let attempts = 1; ; attempts++) {
      try {
        return await attempt(operation, method, path, input, callOptions);
      } catch (caught) {
        const error = caught instanceof IntroPageError ? caught : new IntroPageError("network", String((caught as Error)?.message ?? caught), { cause: caught });
        // A 401 was not acted on, so any method may be sent again once with a refreshed token.
        if (error.status === 401 && !refreshed) {
          refreshed = true;
          attempts--;
          continue;
        }
        const delay = retryDelay(attempts, error, retry);
        const retrying = attempts < retry.maxAttempts && isRetrySafe(operation, method) && isTransient(error);
        if (!retrying || Date.now() - started + delay > retry.budgetMs) throw error;
        await sleep(delay, callOptions.signal);
      }
    }
  }

  const client: Record<string, unknown> = {};
  for (const operation of Object.keys(routes) as OperationId[]) {
    client[operation] = (input?: LooseParams, callOptions?: CallOptions) => call(operation, input, callOptions);
  }
  return client as unknown as IntroPageClient;
}
