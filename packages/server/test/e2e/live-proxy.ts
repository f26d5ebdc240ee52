// Test support for the live-push browser tests (live-*.test.ts): an HTTP
// proxy in front of the real server that serves the host page, records every
// request the browser makes, and can cut the page streams as a failing
// network path would, while every other request still gets through.
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the browser made through the proxy. */
export interface SeenRequest {
  method: string;
  path: string;
  status?: number;
}

export interface LiveProxy {
  /** The proxy's origin; the host page is at `${url}/host?…`. */
  url: string;
  /** Every request so far, in arrival order. */
  log: SeenRequest[];
  /** Page streams currently open through the proxy. */
  openStreams(): number;
  /** `: ping` heartbeats that reached the browser so far, over all streams. */
  heartbeats(): number;
  /** While down, open streams are cut and new ones fail at the network level; everything else passes. */
  setStreamsDown(down: boolean): void;
  close(): Promise<void>;
}

const isStream = (path: string) => /^\/api\/v1\/intro-page\/[^/?]+\/stream(\?|$)/.test(path);

/** The host page: the standalone bundle and one `<intro-page>` with the attributes of the page's query string. */
function hostPage(query: URLSearchParams): string {
  const attributes = [...query].map(([name, value]) => ` ${name}="${value.replace(/[&"<]/g, (c) => `&#${c.charCodeAt(0)};`)}"`).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title>
<script type="module" src="/dist/intro-page.standalone.js"></script></head>
<body><main><intro-page${attributes}></intro-page></main></body></html>`;
}

/** Starts the proxy on 127.0.0.1:0 in front of `target` (the server's URL). */
export async function startLiveProxy(target: string): Promise<LiveProxy> {
  const upstream = new URL(target);
  const log: SeenRequest[] = [];
  const streams = new Set<ServerResponse>();
  let down = false;
  let pings = 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? "/";
    const seen: SeenRequest = { method: req.method ?? "GET", path };
    log.push(seen);
    if (path.startsWith("/host")) {
      seen.status = 200;
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }).end(hostPage(new URL(path, "http://x").searchParams));
      return;
    }
    const stream = isStream(path);
    if (stream && down) {
      seen.status = 0;
      req.socket.destroy();
      return;
    }
    const outgoing = forward(
      { host: upstream.hostname, port: upstream.port, method: req.method, path, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        seen.status = answer.statusCode;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        if (stream && answer.statusCode === 200) {
          streams.add(res);
          res.once("close", () => streams.delete(res));
          answer.on("data", (chunk: Buffer) => (pings += chunk.toString("utf8").split(": ping").length - 1));
        }
        answer.pipe(res);
        res.once("close", () => answer.destroy());
      },
    );
    outgoing.on("error", () => res.destroy());
    req.pipe(outgoing);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    log,
    openStreams: () => streams.size,
    heartbeats: () => pings,
    setStreamsDown(value) {
      down = value;
      if (value) for (const res of streams) res.socket?.destroy();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
