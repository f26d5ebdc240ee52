import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";

/** A listening HTTP server and its base URL. */
export interface Listening {
  server: Server;
  /** `http://host:port`, with the real port when 0 was asked for. */
  url: string;
}

/** How long a client may take to send a request (HTTP_HEADERS_TIMEOUT_MS, HTTP_REQUEST_TIMEOUT_MS). */
export interface RequestTimeouts {
  headersMs: number;
  requestMs: number;
}

/** Starts listening on `host:port` (0 picks a free port). */
export function listen(app: Express, host: string, port: number, timeouts: RequestTimeouts = { headersMs: 20_000, requestMs: 30_000 }): Promise<Listening> {
  const server = createServer(
    {
      // Slow-loris guard: a client trickling headers or its body is cut off (408, connection closed).
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      // Node checks those timeouts on this interval (default 30 s); check often so they fire close to their value.
      connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs),
    },
    app,
  );
  // Keep-alive slightly above typical load-balancer idle timeouts.
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve({ server, url: `http://${shownHost}:${address.port}` });
    });
  });
}

/** Stops accepting connections and resolves once in-flight requests have finished. */
export function stopListening(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
