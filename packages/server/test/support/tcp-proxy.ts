import { createServer, connect, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

/** A loopback TCP proxy whose link can be cut and restored, to simulate a dependency going away without stopping it. */
export interface TcpProxy {
  /** `host:port` of the proxy. */
  port: number;
  /** Drops every open connection and refuses new ones until {@link TcpProxy.restore}. */
  cut(): void;
  /** Accepts and forwards connections again. */
  restore(): void;
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 port 0 forwarding to `target` (`host:port`). */
export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let broken = false;
  const server = createServer((client) => {
    if (broken) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
      socket.on("error", () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cut() {
      broken = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      broken = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
