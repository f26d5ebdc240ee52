import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import express from "express";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { requestLogging } from "./request-logging.js";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

/** An app behind `requestLogging(sampleRate)` answering `/ok` 200 and `/fail` 500; returns its URL and the log lines. */
async function serve(sampleRate: number) {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const app = express();
  app.use(requestLogging(pino({ level: "info" }, sink), sampleRate));
  app.get("/ok", (_req, res) => res.send("ok"));
  app.get("/fail", (_req, res) => res.status(500).send("no"));
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, lines };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("requestLogging", () => {
  it("when the sample rate is 0, then successes are not logged, failures are, and every response carries a request id", async () => {
    const { url, lines } = await serve(0);
    const ok = await fetch(`${url}/ok`);
    const fail = await fetch(`${url}/fail`, { headers: { "x-request-id": "fail-1" } });
    await settle();
    expect(ok.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(fail.headers.get("x-request-id")).toBe("fail-1");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, reqId: "fail-1", msg: "request errored", res: { statusCode: 500 } });
  });

  it("when the sample rate is 1, then every request is logged with its id", async () => {
    const { url, lines } = await serve(1);
    await fetch(`${url}/ok`, { headers: { "x-request-id": "ok-1" } });
    await settle();
    expect(lines).toEqual([expect.objectContaining({ level: 30, reqId: "ok-1", msg: "request completed" })]);
  });
});
