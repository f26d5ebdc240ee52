import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { MemoryStore, rateLimit } from "express-rate-limit";
import { describe, expect, it } from "vitest";
import { RateBudget } from "./rate-limit.js";

/** The headers express-rate-limit's own middleware sends for `count` requests counted under `key`. */
async function libraryHeaders(limit: number, windowMs: number, key: string, count: number): Promise<IncomingHttpHeaders> {
  const app = express();
  app.use(rateLimit({ windowMs, limit, identifier: "read", standardHeaders: "draft-8", legacyHeaders: false, keyGenerator: () => key, store: new MemoryStore() }));
  app.get("/", (_req, res) => void res.end());
  const server = createServer(app).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    let headers: IncomingHttpHeaders = {};
    for (let i = 0; i < count; i++) {
      const reply = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      headers = Object.fromEntries(reply.headers);
    }
    return headers;
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

describe("RateBudget", () => {
  it("when it counts a request, then its headers are exactly those of express-rate-limit's draft-8 middleware for the same key and count", async () => {
    const budget = new RateBudget("read", 5, 60_000, new MemoryStore());
    let verdict = await budget.take("sub:alice");
    verdict = await budget.take("sub:alice");
    const ours = Object.fromEntries(verdict.headers.map(([name, value]) => [name.toLowerCase(), value]));
    const library = await libraryHeaders(5, 60_000, "sub:alice", 2);
    expect(ours["ratelimit-policy"]).toBe(library["ratelimit-policy"]);
    expect(ours.ratelimit).toBe(library.ratelimit);
    expect(verdict.refused).toBeUndefined();
  });

  it("when the budget is spent, then the verdict is a 429 with Retry-After and remaining 0", async () => {
    const budget = new RateBudget("write", 1, 30_000, new MemoryStore());
    await budget.take("sub:bob");
    const verdict = await budget.take("sub:bob");
    expect(verdict.refused?.status).toBe(429);
    expect(Number(verdict.refused?.headers?.["Retry-After"])).toBeGreaterThan(0);
    expect(verdict.headers[0]![1]).toMatch(/^"write"; r=0; t=\d+$/);
    expect((await budget.take("sub:carol")).refused).toBeUndefined();
  });
});
