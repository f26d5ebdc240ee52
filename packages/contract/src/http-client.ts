// Sends the checks' requests: one at a time, each with a timeout, counted
// against the request budget, and remembered well enough to print as curl.
import { UsageError } from "./errors.js";

/** Who a request claims to be; the client adds the matching `Authorization` header. */
export type Caller = "user" | "admin" | "service" | "anonymous" | "malformed";

/** The bearer tokens of a run; an absent one means checks that need it are skipped. */
export type Tokens = Partial<Record<"user" | "admin" | "service", string>>;

/** A request as the checks describe it. */
export interface OutgoingRequest {
  method: string;
  /** Path and query, e.g. `/api/v1/intro-page/demo?sections=actions`. */
  path: string;
  caller: Caller;
  headers?: Record<string, string>;
  body?: string;
  /** How the body reads in the curl reproducer when it is too long to print (e.g. the oversized one). */
  curlBody?: string;
  /** The values the request was built from, for links' `$request.…` expressions. */
  values?: RequestValues;
}

/** Parameter values and the body of a request, before serialization. */
export interface RequestValues {
  path: Record<string, string>;
  query: Record<string, unknown>;
  header: Record<string, string>;
  body?: unknown;
}

/** A request and the response it got. */
export interface Exchange {
  request: OutgoingRequest;
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  ms: number;
}

/** Why a request got no response. */
export class RequestFailed extends Error {
  constructor(
    readonly kind: "timeout" | "network",
    message: string,
    readonly request: OutgoingRequest,
  ) {
    super(message);
  }
}

/** Thrown instead of sending once `maxRequests` have been sent. */
export class BudgetExhausted extends Error {
  constructor() {
    super("the request budget (--max-requests) is used up");
  }
}

/** The CLI option that gives the token of `caller`. */
export function tokenFlag(caller: Caller): string {
  return caller === "user" ? "--token" : `--${caller}-token`;
}

const tokenVariables: Record<"user" | "admin" | "service", string> = { user: "TOKEN", admin: "ADMIN_TOKEN", service: "SERVICE_TOKEN" };

/** A token that no server can accept: not a JWT at all. */
export const malformedToken = "not-a-jwt";

/** The HTTP side of a run. */
export class HttpClient {
  /** Requests sent so far. */
  sent = 0;

  constructor(
    readonly baseUrl: string,
    private readonly tokens: Tokens,
    private readonly timeoutMs: number,
    private readonly maxRequests: number,
  ) {}

  /** Requests still allowed by the budget. */
  get remaining(): number {
    return Math.max(0, this.maxRequests - this.sent);
  }

  /** True when a token for `caller` was given (anonymous and malformed always are). */
  has(caller: Caller): boolean {
    return caller === "anonymous" || caller === "malformed" || Boolean(this.tokens[caller]);
  }

  /** Spends one request of the budget (throws {@link BudgetExhausted} past it); returns the request's headers with its caller's token. */
  private prepare(request: OutgoingRequest): Record<string, string> {
    if (this.sent >= this.maxRequests) throw new BudgetExhausted();
    this.sent++;
    const headers: Record<string, string> = { ...request.headers };
    const authorization = this.authorization(request.caller);
    if (authorization) headers.authorization = authorization;
    return headers;
  }

  /** Sends one request; throws {@link RequestFailed} on a timeout or network error, {@link BudgetExhausted} past the budget. */
  async send(request: OutgoingRequest): Promise<Exchange> {
    const headers = this.prepare(request);
    const started = performance.now();
    try {
      const response = await fetch(this.baseUrl + request.path, {
        method: request.method,
        headers,
        body: request.body,
        redirect: "manual",
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = request.method === "HEAD" ? "" : isEventStream(response) ? await readStreamStart(response) : await response.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { request, status: response.status, headers: response.headers, text, json, ms: performance.now() - started };
    } catch (error) {
      const name = (error as Error).name;
      if (name === "TimeoutError" || name === "AbortError") {
        throw new RequestFailed("timeout", `no response within ${this.timeoutMs} ms`, request);
      }
      throw new RequestFailed("network", networkReason(error), request);
    }
  }

  /**
   * Opens an event stream and reads it until `enough(text so far)` holds or
   * `listenMs` passed, then hangs up. Counts against the budget like `send`;
   * a response that is not an event stream is read whole.
   */
  async listen(request: OutgoingRequest, listenMs: number, enough: (text: string) => boolean): Promise<Exchange> {
    const headers = this.prepare(request);
    const started = performance.now();
    const abort = new AbortController();
    // The response's head must come within the usual timeout; the body may then take `listenMs`.
    const headTimer = setTimeout(() => abort.abort(), this.timeoutMs);
    const timer = setTimeout(() => abort.abort(), listenMs);
    let response: Response;
    try {
      response = await fetch(this.baseUrl + request.path, { method: request.method, headers, redirect: "manual", signal: abort.signal });
      clearTimeout(headTimer);
    } catch (error) {
      clearTimeout(headTimer);
      clearTimeout(timer);
      throw new RequestFailed(abort.signal.aborted ? "timeout" : "network", networkReason(error), request);
    }
    let text = "";
    try {
      if (!isEventStream(response)) text = await response.text();
      else {
        const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
        abort.signal.addEventListener("abort", () => void reader.cancel().catch(() => undefined));
        try {
          for (let chunk = await reader.read(); !chunk.done && !enough((text += chunk.value)); chunk = await reader.read());
        } catch {
          // Hung up at the listening time's end, or the server cut it: what arrived is the answer.
        }
        await reader.cancel().catch(() => undefined);
      }
    } finally {
      clearTimeout(timer);
    }
    let json: unknown;
    try {
      json = text && !isEventStream(response) ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { request, status: response.status, headers: response.headers, text, json, ms: performance.now() - started };
  }

  /** A curl command that sends `request` again; tokens appear as shell variables, never in clear. */
  curl(request: OutgoingRequest): string {
    const parts = ["curl -i", `-X ${request.method}`, quote(this.baseUrl + request.path)];
    if (request.caller === "malformed") parts.push(`-H ${quote(`Authorization: Bearer ${malformedToken}`)}`);
    else if (request.caller !== "anonymous") parts.push(`-H "Authorization: Bearer $${tokenVariables[request.caller]}"`);
    for (const [name, value] of Object.entries(request.headers ?? {})) parts.push(`-H ${quote(`${name}: ${value}`)}`);
    if (request.curlBody) parts.push(`--data-binary ${request.curlBody}`);
    else if (request.body !== undefined) parts.push(`--data-raw ${quote(request.body)}`);
    return parts.join(" ");
  }

  private authorization(caller: Caller): string | undefined {
    if (caller === "anonymous") return undefined;
    if (caller === "malformed") return `Bearer ${malformedToken}`;
    const token = this.tokens[caller];
    if (!token) throw new UsageError(`a check needs ${tokenFlag(caller)}`);
    return `Bearer ${token}`;
  }
}

/** How long a check other than `stream` listens to an event stream before hanging up: long enough for its first event. */
const streamGlanceMs = 1000;

const isEventStream = (response: Response) => (response.headers.get("content-type") ?? "").toLowerCase().startsWith("text/event-stream");

/**
 * The start of an event stream, which never ends by itself: what arrives
 * until the first complete event (a block with `data:`) or for
 * {@link streamGlanceMs}, then the stream is cancelled. The `stream` check
 * (src/checks/stream.ts) listens longer with its own reader.
 */
async function readStreamStart(response: Response): Promise<string> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const timer = setTimeout(() => void reader.cancel().catch(() => undefined), streamGlanceMs);
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += chunk.value;
      if (/(^|\n)data:[^\n]*\n\n/.test(text)) break;
    }
  } catch {
    // Cancelled at the glance's end, or the server cut it: what arrived is the answer.
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => undefined);
  }
  return text;
}

/** Single-quotes a string for a POSIX shell. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Why fetch failed without an answer: the system error code (ECONNREFUSED, …) when there is one. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
