/**
 * The SDK's own request plumbing (docs/decisions/0020-sdk-own-request-function.md):
 * only what the client needs for the operations in openapi.yaml, nothing generic.
 */

/** What one request is made of, before it is sent. */
export interface RequestParts {
  /** The path template, e.g. `/api/v1/intro-page/{userId}`. */
  path: string;
  /** Lower or upper case; sent upper case (`new Request` upper-cases only some methods, not PATCH). */
  method: string;
  /** Path and query parameters together: a name in the template fills it, every other one goes in the query. */
  params: Record<string, unknown>;
  /** Sent as JSON when present. */
  body?: unknown;
  /** The body's media type, from the contract (`requestTypes`); `application/json` when not given. The caller's `Content-Type` header wins. */
  contentType?: string | undefined;
  headers?: HeadersInit;
  signal: AbortSignal;
}

/**
 * The URL of a request: each path parameter percent-encoded into its `{name}`,
 * the other parameters as the query in the order given. `undefined`, `null` and
 * empty arrays are left out; an array is one comma-separated value (the spec's
 * only array parameter, `sections`, is `style: form, explode: false`).
 */
export function requestUrl(baseUrl: string, { path, params }: Pick<RequestParts, "path" | "params">): string {
  const query: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value == null || (Array.isArray(value) && !value.length)) continue;
    const encoded = Array.isArray(value) ? value.map(encodeURIComponent).join(",") : encodeURIComponent(value as string);
    if (path.includes(`{${name}}`)) path = path.replace(`{${name}}`, encoded);
    else query.push(`${name}=${encoded}`);
  }
  return baseUrl.replace(/\/$/, "") + path + (query.length ? `?${query.join("&")}` : "");
}

/**
 * Builds the `Request`. A body is JSON sent as the operation's media type
 * (`application/merge-patch+json` for the merge-patch operations), unless the
 * caller's headers name another type.
 */
export function createRequest(baseUrl: string, parts: RequestParts): Request {
  const { method, body, signal } = parts;
  const headers = new Headers(parts.headers);
  if (body !== undefined && !headers.has("Content-Type")) headers.set("Content-Type", parts.contentType ?? "application/json");
  return new Request(requestUrl(baseUrl, parts), {
    method: method.toUpperCase(),
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
}

/**
 * Reads a response's body: the text of a success (left unread for a stream,
 * which the caller reads), the parsed JSON (or text) of an error. `undefined`
 * when there is nothing to read: a 204, or an announced empty body that is not chunked.
 */
export async function readBody(response: Response, stream: boolean): Promise<unknown> {
  const { headers, ok, status } = response;
  if (status === 204 || (headers.get("Content-Length") === "0" && !headers.get("Transfer-Encoding")?.includes("chunked"))) return undefined;
  if (ok) return stream ? undefined : response.text();
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
