import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";

/** A listening HTTP server and its base URL. */
export interface Listening {
  server: Server;
  /** `http://host:port`, with the real port when 0 was asked for. */
  url: string;
}

/** Starts listening on `host:port` (0 picks a free port). */
export function listen(app: Express, host: string, port: number): Promise<Listening> {
  const server = createServer(app);
  // Slowloris guard and keep-alive slightly above typical load-balancer idle timeouts.
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;
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
