import { request as httpRequest } from "node:http";
import { describe, expect, it, vi } from "vitest";
import { GracefulShutdown } from "../../src/http/shutdown.js";
import { listen } from "../support/http.js";

/** A GET that resolves with status, Connection header and body, or rejects on a socket error. */
function get(url: string): Promise<{ status: number; connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent: false }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("GracefulShutdown", () => {
  it("when shutdown starts while a request is in flight, then readiness fails first, the request completes with Connection: close, new connections are refused and resources close last", async () => {
    const events: string[] = [];
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const { server, url } = await listen((req, res) => {
      if (req.url === "/slow") void released.then(() => res.end("done"));
      else res.end("fast");
    });
    const shutdown = new GracefulShutdown({
      server,
      drainTimeoutMs: 5_000,
      preStopDelayMs: 0,
      onDrainStart: () => events.push("drain"),
      closeResources: async () => void events.push("resources"),
    });
    const slow = get(`${url}/slow`);
    // The request is in flight once the server has it (a fixed sleep is too short on a loaded machine).
    await vi.waitFor(() => expect(shutdown.inFlightCount).toBe(1), { timeout: 10_000, interval: 10 });

    const done = shutdown.shutdown("test");
    expect(events).toEqual(["drain"]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(get(`${url}/fast`)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    events.push("released");
    release();
    expect(await slow).toEqual({ status: 200, connection: "close", body: "done" });
    expect(await done).toMatchObject({ abandoned: 0 });
    expect(events).toEqual(["drain", "released", "resources"]);
    expect(shutdown.shutdown("again")).toBe(done);
  });

  it("when a request outlives the drain timeout, then its connection is cut, it is reported abandoned and resources still close", async () => {
    let closed = false;
    const { server, url } = await listen(() => undefined); // never answers
    const shutdown = new GracefulShutdown({ server, drainTimeoutMs: 100, preStopDelayMs: 0, onDrainStart: () => undefined, closeResources: async () => void (closed = true) });
    const hung = get(`${url}/hang`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const outcome = await shutdown.shutdown("test");
    expect(outcome.abandoned).toBe(1);
    await expect(hung).rejects.toMatchObject({ code: "ECONNRESET" });
    expect(closed).toBe(true);
  });

  it("when idle keep-alive connections are open, then shutdown does not wait for their idle timeout", async () => {
    const { server, url } = await listen((_req, res) => res.end("ok"));
    server.keepAliveTimeout = 60_000;
    const response = await fetch(url); // undici keeps the socket alive
    await response.text();
    const shutdown = new GracefulShutdown({ server, drainTimeoutMs: 10_000, preStopDelayMs: 0, onDrainStart: () => undefined, closeResources: async () => undefined });
    expect(await shutdown.shutdown("test")).toMatchObject({ abandoned: 0 });
  });
});
