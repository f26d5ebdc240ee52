// The mock over real HTTP: a node:http server that hands each request to the
// same msw handlers (`getResponse`), so teams on any stack, and tools like
// intro-page-contract, talk to the mock as to a server.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getResponse } from "msw";
import { createIntroPageMock } from "../create-intro-page-mock.js";
import type { IntroPageMock, IntroPageMockOptions } from "../create-intro-page-mock.js";
import { openapiDocument } from "../generated/openapi-document.js";

/** Where to listen, plus the options of the mock itself. */
export interface MockHttpServerOptions extends Omit<IntroPageMockOptions, "baseUrl"> {
  /** Port; 0 picks a free one. */
  port: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
}

/** A listening mock server. */
export interface MockHttpServer {
  /** Base URL, e.g. `http://127.0.0.1:4010`. */
  url: string;
  server: Server;
  mock: IntroPageMock;
  close(): Promise<void>;
}

/** Bodies above this are refused before they are buffered (the handlers' own limit is 1 MB). */
const maxBufferedBytes = 8 * 1024 * 1024;

/** The spec's path templates as patterns, with the methods each documents. */
const documentedPaths = Object.entries<Record<string, unknown>>((openapiDocument as { paths: Record<string, Record<string, unknown>> }).paths).map(
  ([template, item]) => ({
    pattern: new RegExp(`^${template.replace(/\{\w+\}/g, "[^/]+")}$`),
    methods: ["get", "put", "post", "patch", "delete"].filter((method) => item[method]).map((method) => method.toUpperCase()),
  }),
);

/** Starts the mock on `host:port`; resolves once it listens. */
export async function startMockHttpServer(options: MockHttpServerOptions): Promise<MockHttpServer> {
  const { port, host = "127.0.0.1", ...mockOptions } = options;
  const mock = createIntroPageMock(mockOptions);
  const server = createServer((req, res) => {
    answer(mock, req, res).catch((error: unknown) => {
      console.error(`[intro-page mock] ${req.method} ${req.url} failed:`, error);
      if (!res.headersSent) sendProblem(res, 500, "Something went wrong on our side.", req.url ?? "/");
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`,
    server,
    mock,
    close: () =>
      new Promise<void>((resolve) => {
        mock.stopLive();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(mock: IntroPageMock, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = req.url ?? "/";
  const origin = req.headers.origin;
  // Any origin may call the mock from a browser: it holds no one's data.
  if (origin) {
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Vary", "Origin");
    res.setHeader("Access-Control-Expose-Headers", "ETag, X-Request-Id, RateLimit, RateLimit-Policy, Retry-After");
  }
  if (req.method === "OPTIONS" && origin && req.headers["access-control-request-method"]) {
    res.writeHead(204, {
      "Access-Control-Allow-Methods": "GET, HEAD, POST, PATCH, OPTIONS",
      "Access-Control-Allow-Headers": "Authorization, Content-Type, If-None-Match, X-Request-Id",
      "Access-Control-Max-Age": "600",
    });
    res.end();
    return;
  }
  const body = await readBody(req);
  if (body === "too-large") return sendProblem(res, 413, "The body exceeds the limit of 1 MB.", path);
  const head = req.method === "HEAD";
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const request = new Request(new URL(path, `http://${req.headers.host ?? "localhost"}`), {
    method: head ? "GET" : req.method,
    headers,
    body: head || req.method === "GET" || body.length === 0 ? undefined : new Uint8Array(body),
  });
  const response = await getResponse(mock.handlers, request);
  if (!response) return unhandled(req, res, path);
  // The `offline` scenario answers with a network error: drop the connection, as a dead server would.
  if (response.type === "error") {
    req.socket.destroy();
    return;
  }
  const outgoing: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    outgoing[name] = value;
  });
  if (!head && response.body && response.headers.get("content-type")?.startsWith("text/event-stream")) {
    // A page stream: pass each event on as it comes, until either side ends it.
    res.writeHead(response.status, outgoing);
    const reader = response.body.getReader();
    res.once("close", () => void reader.cancel());
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) res.write(chunk.value);
    res.end();
    return;
  }
  const payload = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, outgoing);
  res.end(head ? undefined : payload);
}

/** No handler matched: 405 with `Allow` for a documented path, else 404; both as problem+json. */
function unhandled(req: IncomingMessage, res: ServerResponse, path: string): void {
  const pathname = new URL(path, "http://localhost").pathname;
  const documented = documentedPaths.find(({ pattern }) => pattern.test(pathname));
  if (documented) {
    const allow = documented.methods.includes("GET") ? [...documented.methods, "HEAD"] : documented.methods;
    return sendProblem(res, 405, `${req.method} is not allowed here; use ${allow.join(", ")}.`, pathname, { Allow: allow.join(", ") });
  }
  sendProblem(res, 404, `Nothing at ${pathname}.`, pathname);
}

const titles: Record<number, [slug: string, title: string]> = {
  404: ["not-found", "Not found"],
  405: ["method-not-allowed", "Method not allowed"],
  413: ["payload-too-large", "Payload too large"],
  500: ["internal", "Internal server error"],
};

function sendProblem(res: ServerResponse, status: number, detail: string, instance: string, headers: Record<string, string> = {}): void {
  const requestId = randomUUID();
  const [slug, title] = titles[status] ?? ["error", "Error"];
  res.writeHead(status, { "Content-Type": "application/problem+json", "X-Request-Id": requestId, ...headers });
  res.end(JSON.stringify({ type: `https://intro-page.dev/problems/${slug}`, title, status, detail, instance, requestId }));
}

/** Reads the whole body, or reports it too large without buffering the rest. */
function readBody(req: IncomingMessage): Promise<Buffer | "too-large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBufferedBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(tooLarge ? "too-large" : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
