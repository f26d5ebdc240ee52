import openapiFetch from "openapi-fetch";
import { bearerAuth, type TokenProvider } from "./auth.js";
import { sleep, withTimeout } from "./cancellation.js";
import { ConditionalCache, conditionalRequests, markNotModified } from "./conditional-cache.js";
import { httpError, IntroPageError } from "./errors.js";
import type { paths } from "./generated/openapi.js";
import { isRetrySafe, isTransient, retryDefaults, retryDelay, type RetryOptions } from "./retry.js";
import { routes } from "./generated/contract.js";
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

// openapi-fetch's CommonJS build sets `exports.default` without `__esModule`, so
// under require() the default import is the module object, not the function.
// A function, not a constant: a top-level property read counts as a side effect,
// which kept openapi-fetch in bundles that import only `watchIntroPage`.
const createClient: typeof openapiFetch = (options) => ((openapiFetch as unknown as { default?: typeof openapiFetch }).default ?? openapiFetch)(options);

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
  const raw = createClient<paths>({
    baseUrl: options.baseUrl,
    fetch: (request) => (options.fetch ?? fetch)(request),
    // The spec's only array parameter (`sections`) is comma-separated (form, explode: false).
    querySerializer: { array: { style: "form", explode: false } },
  });
  const credentials = tokenProvider ?? (token === undefined ? undefined : () => token);
  if (credentials) raw.use(bearerAuth(credentials));
  const conditional = conditionalRequests(new ConditionalCache(etagCacheSize));
  if (etagCacheSize > 0) raw.use(conditional.middleware);

  /** One attempt: send, wait at most `timeoutMs`, parse the success body or throw. */
  const attempt = (operation: OperationId, method: string, path: string, input: LooseParams, { signal, headers }: CallOptions) =>
    withTimeout(timeoutMs, signal, async (attemptSignal) => {
      const { body, ...params } = input;
      const pathParams: Record<string, unknown> = {};
      const query: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(params)) (path.includes(`{${name}}`) ? pathParams : query)[name] = value;
      const streamed = operation === streamedOperation;
      // Parsed as text here so non-JSON operations (Prometheus text, YAML) come back as strings; a stream is left
      // unread and stays cancellable by the caller's signal after this attempt (and its timeout) is over.
      const { data, error, response } = await (raw.request as (...args: unknown[]) => Promise<{ data?: string; error?: unknown; response: Response }>)(
        method,
        path,
        {
          params: { path: pathParams, query },
          body,
          headers,
          signal: streamed && signal ? AbortSignal.any([attemptSignal, signal]) : attemptSignal,
          parseAs: streamed ? "stream" : "text",
        },
      );
      if (streamed) {
        if (!response.ok) throw httpError(response, error);
        return response;
      }
      const replay = conditional.settle(response, data);
      if (!replay && !response.ok) throw httpError(response, error);
      const [text, type] = replay ? [replay.body, replay.type] : [data, response.headers.get("Content-Type")];
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
