import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tokenFor, type Caller } from "./tokens.js";

/** A response with its body read: parsed when JSON, else the text, undefined when empty. */
export interface Reply {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** `fetch` that reads the body, so tests can assert on everything at once. */
export async function request(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, init);
  const type = response.headers.get("content-type") ?? "";
  // An event stream never ends by itself: keep its status and headers, leave its events to test/support/event-stream.ts.
  if (type.startsWith("text/event-stream")) {
    await response.body?.cancel();
    return { status: response.status, headers: response.headers, body: "", text: "" };
  }
  const text = await response.text();
  const body = type.includes("json") && text !== "" ? (JSON.parse(text) as unknown) : text === "" ? undefined : text;
  return { status: response.status, headers: response.headers, body, text };
}

/** Options of one {@link send}. */
export interface CallOptions {
  as?: Caller | null;
  /** JSON body (serialized for you). */
  body?: unknown;
  /** A raw body, sent as is. */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** Sends one HTTP request as `options.as` (redirects are returned, not followed) and reads the reply. */
export function send(url: string, method: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.as) headers.authorization = `Bearer ${tokenFor(options.as)}`;
  let payload: string | undefined = options.raw;
  if (options.body !== undefined) payload = JSON.stringify(options.body);
  if (payload !== undefined) headers["content-type"] = options.contentType ?? "application/json";
  return request(url, { method, headers, body: payload, redirect: "manual" });
}

/** A plain HTTP server on 127.0.0.1 port 0, and how to stop it. */
export interface PlainServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Serves `handler` on loopback, port 0 (for tests of the HTTP plumbing without the app). */
export async function listen(handler: RequestListener): Promise<PlainServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
