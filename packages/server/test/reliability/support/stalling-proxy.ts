import { connect, createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

/** A loopback TCP proxy that can stall (keep connections open but forward nothing), as a network partition does. */
export interface StallingProxy {
  port: number;
  /** From now on nothing is forwarded in either direction and new connections hang unanswered; nothing is closed. */
  stall(): void;
  /** Forwards again; connections that were stalled are cut (their peers have long given up), new ones work. */
  heal(): void;
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 port 0 in front of `targetHost:targetPort`. */
export async function startStallingProxy(targetHost: string, targetPort: number): Promise<StallingProxy> {
  const open = new Set<Socket>();
  let stalled = false;
  const track = (socket: Socket) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
    socket.on("error", () => undefined);
  };
  const server = createServer((client) => {
    track(client);
    // A stalled link accepts the TCP handshake (the kernel does) but never answers.
    if (stalled) return;
    const upstream = connect(targetPort, targetHost);
    track(upstream);
    const forward = (from: Socket, to: Socket) => from.on("data", (chunk: Buffer) => (stalled ? undefined : to.write(chunk)));
    forward(client, upstream);
    forward(upstream, client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stall() {
      stalled = true;
    },
    heal() {
      stalled = false;
      for (const socket of open) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
