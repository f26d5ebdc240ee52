// Abuse: rate limits that cannot be dodged with a spoofed X-Forwarded-For or
// fresh tokens for the same subject, CORS for unlisted origins, and
// slow-loris clients cut off by the configured header and request timeouts.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signToken } from "../../src/auth/jwt.js";
import { startHarness, testSecret, type Harness } from "../support/harness.js";

describe("abuse", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ RATE_LIMIT_READ: "5", CORS_ORIGINS: "https://app.example.com", HTTP_HEADERS_TIMEOUT_MS: "1000", HTTP_REQUEST_TIMEOUT_MS: "2000" });
  });
  afterAll(() => harness?.close());

  const read = (headers: Record<string, string>) => fetch(`${harness.url}/api/v1/system/overview`, { headers });

  it("when one subject rotates fresh tokens and spoofs X-Forwarded-For (trust proxy off), then its sixth read is still 429", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      // A new token every time (different iat/exp, jti-like noise), the same subject.
      const token = signToken("rotator", ["user"], 600 + i, { key: testSecret, algorithm: "HS256", issuer: "intro-page", audience: "intro-page" });
      const reply = await read({ authorization: `Bearer ${token}`, "x-forwarded-for": `203.0.113.${i}`, "x-real-ip": `198.51.100.${i}`, forwarded: `for=192.0.2.${i}` });
      statuses.push(reply.status);
      await reply.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
  });

  it("when an unlisted origin reads or preflights, then no CORS header allows it; a listed one is allowed", async () => {
    const token = signToken("cors", ["user"], 600, { key: testSecret, algorithm: "HS256", issuer: "intro-page", audience: "intro-page" });
    for (const origin of ["https://evil.example.net", "https://app.example.com.evil.net", "null", "https://APP.example.com:444"]) {
      const preflight = await fetch(`${harness.url}/api/v1/system/overview`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" } });
      expect(preflight.headers.get("access-control-allow-origin"), origin).toBeNull();
      const reply = await read({ origin, authorization: `Bearer ${token}` });
      expect(reply.headers.get("access-control-allow-origin"), origin).toBeNull();
    }
    const allowed = await read({ origin: "https://app.example.com", authorization: `Bearer ${token}` });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
  });

  /** Opens a raw connection, writes `first`, then trickles a byte every 200 ms; resolves with when the server closed it and what it said. */
  function trickle(first: string): Promise<{ closedAfterMs: number; response: string }> {
    const { port } = new URL(harness.url);
    return new Promise((resolve) => {
      const started = performance.now();
      const socket = connect(Number(port), "127.0.0.1", () => socket.write(first));
      let response = "";
      const timer = setInterval(() => socket.write("x"), 200);
      socket.on("data", (chunk: Buffer) => (response += chunk.toString()));
      socket.on("error", () => undefined);
      socket.on("close", () => {
        clearInterval(timer);
        resolve({ closedAfterMs: Math.round(performance.now() - started), response });
      });
      setTimeout(() => socket.destroy(), 15_000);
    });
  }

  it("when a client trickles its headers (slow-loris), then the connection is cut after HTTP_HEADERS_TIMEOUT_MS", async () => {
    const { closedAfterMs, response } = await trickle("GET /api/v1/health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    console.log(`slow-loris headers: cut after ${closedAfterMs} ms (HTTP_HEADERS_TIMEOUT_MS 1000)`);
    expect(closedAfterMs).toBeGreaterThanOrEqual(900);
    expect(closedAfterMs).toBeLessThan(5_000);
    expect(response).toMatch(/^HTTP\/1\.1 408|^$/);
  });

  it("when a client trickles its body, then the connection is cut after HTTP_REQUEST_TIMEOUT_MS", async () => {
    const token = signToken("slow", ["service"], 600, { key: testSecret, algorithm: "HS256", issuer: "intro-page", audience: "intro-page" });
    const { closedAfterMs, response } = await trickle(
      `POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"events":[`,
    );
    console.log(`slow-loris body: cut after ${closedAfterMs} ms (HTTP_REQUEST_TIMEOUT_MS 2000)`);
    expect(closedAfterMs).toBeGreaterThanOrEqual(1_900);
    expect(closedAfterMs).toBeLessThan(6_000);
    expect(response).toMatch(/^HTTP\/1\.1 408|^$/);
  });
});
