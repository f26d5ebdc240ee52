// A deliberately broken server: a proxy in front of a correct one that
// injects one fault into requests or responses, for the mutation suite.
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A request on its way to the real server. */
export interface ForwardedRequest {
  method: string;
  path: string;
  headers: Headers;
  body: Buffer;
}

/** A response on its way back; `json` is the parsed body when it is JSON (edit it, and it is re-serialized). */
export interface ProxiedResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  json?: any;
}

/** One fault: change the request, answer instead of the server, change the response, or any mix. */
export interface Fault {
  request?(request: ForwardedRequest): ForwardedRequest | ProxiedResponse | Promise<ForwardedRequest | ProxiedResponse>;
  response?(request: ForwardedRequest, response: ProxiedResponse): ProxiedResponse | void | Promise<ProxiedResponse | void>;
}

/** The proxy; `fault` may be swapped between runs. */
export interface FaultProxy {
  url: string;
  fault: Fault | undefined;
  close(): Promise<void>;
}

/** Starts a proxy to `upstream` on 127.0.0.1:0. */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const proxy: FaultProxy = { url: "", fault: undefined, close: async () => {} };
  const server: Server = createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && name !== "host") headers.set(name, String(value));
      let forwarded: ForwardedRequest = { method: req.method ?? "GET", path: req.url ?? "/", headers, body: Buffer.concat(chunks) };
      const fault = proxy.fault;
      const early = fault?.request ? await fault.request(forwarded) : forwarded;
      let reply: ProxiedResponse;
      if ("status" in early) reply = early;
      else {
        forwarded = early;
        forwarded.headers.delete("content-length");
        const response = await fetch(upstream + forwarded.path, {
          method: forwarded.method,
          headers: forwarded.headers,
          body: ["GET", "HEAD"].includes(forwarded.method) || forwarded.body.length === 0 ? undefined : new Uint8Array(forwarded.body),
          redirect: "manual",
        });
        // An event stream never ends by itself: pass it through as it comes (faults fake whole streams in `request`).
        if (/^text\/event-stream/.test(response.headers.get("content-type") ?? "") && response.body) {
          const out: Record<string, string> = {};
          response.headers.forEach((value, name) => name !== "content-length" && name !== "transfer-encoding" && (out[name] = value));
          res.writeHead(response.status, out);
          res.once("close", () => void response.body?.cancel().catch(() => undefined));
          try {
            for await (const chunk of response.body) res.write(chunk);
          } catch {
            // The client hung up (the checks do), or the server ended it.
          }
          res.end();
          return;
        }
        const body = Buffer.from(await response.arrayBuffer());
        reply = { status: response.status, headers: new Headers(response.headers), body };
        if (/json/.test(response.headers.get("content-type") ?? "") && body.length > 0) reply.json = JSON.parse(body.toString("utf8"));
      }
      const original = reply.json === undefined ? undefined : JSON.stringify(reply.json);
      reply = (fault?.response ? await fault.response(forwarded, reply) : undefined) ?? reply;
      if (reply.json !== undefined && JSON.stringify(reply.json) !== original) reply.body = Buffer.from(JSON.stringify(reply.json));
      const out: Record<string, string> = {};
      reply.headers.forEach((value, name) => {
        if (!["content-length", "transfer-encoding", "content-encoding", "connection", "keep-alive"].includes(name)) out[name] = value;
      });
      res.writeHead(reply.status, out);
      res.end(forwarded.method === "HEAD" ? undefined : reply.body);
    } catch (error) {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`fault proxy: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return proxy;
}

/** A JSON response made up by the proxy (the real server never sees the request). */
export function fakeJson(status: number, body: unknown, headers: Record<string, string> = {}): ProxiedResponse {
  const json = JSON.parse(JSON.stringify(body));
  return { status, headers: new Headers({ "content-type": "application/json; charset=utf-8", ...headers }), body: Buffer.from(JSON.stringify(json)), json };
}
