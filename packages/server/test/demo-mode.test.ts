import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { QueryTypes } from "sequelize";
import { as, send, startHarness, type Harness } from "./support/harness.js";

// Demo mode: the server starts without JWT_SECRET, JWT_PUBLIC_KEY or
// JWT_KEYS_FILE. The demo page then gets short-lived tokens from the
// same-origin /demo endpoints (src/http/routes/demo-api.ts); with a real key
// those endpoints do not exist.

const LIVE_INTERVAL_MS = 150;
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const jwtPattern = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

let demo: Harness;
let keyed: Harness;
beforeAll(async () => {
  [demo, keyed] = await Promise.all([
    startHarness({ JWT_SECRET: "" }, { demo: { liveActivityIntervalMs: LIVE_INTERVAL_MS } }),
    startHarness(),
  ]);
}, 120_000);
afterAll(async () => {
  await Promise.all([demo?.close(), keyed?.close()]);
});

const demoToken = async (h: Harness, userId: string) => {
  const reply = await send(`${h.url}/demo/token`, "POST", { body: { userId } });
  expect(reply.status).toBe(200);
  return reply.body as { token: string; expiresAt: string; userId: string };
};

describe("demo mode (no JWT key configured)", () => {
  it("when the picker's users are listed, then they are exactly the seeded users, with the names their pages show", async () => {
    const reply = await send(`${demo.url}/demo/users`, "GET");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("cache-control")).toBe("no-store");
    const listed = reply.body.users as Array<{ id: string; displayName: string }>;
    expect(reply.body.defaultUserId).toBe("demo");
    const seeded = await demo.running.deps.database.sequelize.query<{ id: string; display_name: string }>("SELECT id, display_name FROM users", { type: QueryTypes.SELECT });
    expect(listed.map((u) => [u.id, u.displayName]).sort()).toEqual(seeded.map((u) => [u.id, u.display_name]).sort());
    for (const user of listed) {
      const { token } = await demoToken(demo, user.id);
      const page = await demo.call("GET", `/api/v1/intro-page/${user.id}?sections=personalization`, bearer(token));
      expect(page.status).toBe(200);
      expect(page.body.sections.personalization.data.displayName).toBe(user.displayName);
    }
  });

  it("when a demo token is issued, then it reads that user's page (not another's) and expires after 15 minutes, at expiresAt", async () => {
    const before = Date.now();
    const issued = await demoToken(demo, "alice");
    expect(issued.userId).toBe("alice");
    const claims = JSON.parse(Buffer.from(issued.token.split(".")[1]!, "base64url").toString("utf8"));
    expect(claims).toMatchObject({ sub: "alice", roles: ["user"] });
    expect(claims.exp - claims.iat).toBe(15 * 60);
    expect(Date.parse(issued.expiresAt)).toBe(claims.exp * 1000);
    expect(Date.parse(issued.expiresAt) - before).toBeGreaterThan(14 * 60_000);
    expect((await demo.call("GET", "/api/v1/intro-page/alice", bearer(issued.token))).status).toBe(200);
    expect((await demo.call("GET", "/api/v1/intro-page/demo", bearer(issued.token))).status).toBe(403);
  });

  it("when no userId is sent, then the token is for the demo user; an unknown user or a bad body is a 4xx problem, never a token", async () => {
    const plain = await send(`${demo.url}/demo/token`, "POST");
    expect(plain.status).toBe(200);
    expect(plain.body.userId).toBe("demo");
    for (const [options, status] of [
      [{ body: { userId: "mallory" } }, 422],
      [{ body: { userId: ["demo"] } }, 422],
      [{ raw: "{not json" }, 400],
      [{ raw: "userId=demo", contentType: "application/x-www-form-urlencoded" }, 415],
    ] as const) {
      const reply = await send(`${demo.url}/demo/token`, "POST", options);
      expect(reply.status).toBe(status);
      expect(reply.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(reply.text).not.toMatch(jwtPattern);
    }
  });

  it("when / and its script are opened, then no URL and no text on them carries a token or a token parameter", async () => {
    for (const path of ["/", "/demo.js"]) {
      const reply = await send(`${demo.url}${path}`, "GET");
      expect(reply.status).toBe(200);
      expect(reply.text).not.toMatch(jwtPattern);
      const urls = [...reply.text.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
      for (const url of urls) expect(url).not.toMatch(/token/i);
    }
  });

  it("when live activity is switched on for a user, then new events reach their activity through the API every interval; switched off, they stop", async () => {
    const { token } = await demoToken(demo, "carol");
    const total = async () =>
      Number((await demo.running.deps.database.sequelize.query<{ n: string }>("SELECT count(*) AS n FROM activity_events WHERE user_id = 'carol'", { type: QueryTypes.SELECT }))[0]!.n);
    const start = await total();

    const on = await send(`${demo.url}/demo/live-activity`, "PUT", { body: { enabled: true, userId: "carol" } });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ enabled: true, userId: "carol", intervalMs: LIVE_INTERVAL_MS });
    expect((await send(`${demo.url}/demo/live-activity`, "GET")).body).toMatchObject({ enabled: true, userId: "carol" });
    await vi.waitFor(async () => expect(await total()).toBeGreaterThanOrEqual(start + 3), { timeout: 15_000, interval: 100 });
    // Visible through the API: the newest activity is a demo event that happened just now.
    const newest = await demo.call("GET", "/api/v1/intro-page/carol/activity?limit=1", bearer(token));
    expect(newest.status).toBe(200);
    const [item] = newest.body.data.items;
    expect(item.actor.id).not.toBe("carol");
    expect(Date.parse(item.occurredAt)).toBeGreaterThan(Date.parse(on.headers.get("date")!) - 2000);

    const off = await send(`${demo.url}/demo/live-activity`, "PUT", { body: { enabled: false } });
    expect(off.body).toEqual({ enabled: false, intervalMs: LIVE_INTERVAL_MS });
    // The switch answers "off" only after its last write: from now on the count stays. Proving that nothing
    // more comes needs a window of time: ten intervals.
    const settled = await total();
    await new Promise((resolve) => setTimeout(resolve, LIVE_INTERVAL_MS * 10));
    expect(await total()).toBe(settled);
  });

  it("when the switch is sent something else than a boolean or names no demo user, then 422 problem+json and it stays off", async () => {
    for (const body of [{ enabled: "yes" }, { enabled: true, userId: "mallory" }]) {
      const reply = await send(`${demo.url}/demo/live-activity`, "PUT", { body });
      expect(reply.status).toBe(422);
      expect(reply.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    }
    expect((await send(`${demo.url}/demo/live-activity`, "GET")).body.enabled).toBe(false);
  });
});

describe("with a real key configured", () => {
  it.each([
    ["GET", "/demo/users"],
    ["POST", "/demo/token"],
    ["GET", "/demo/live-activity"],
    ["PUT", "/demo/live-activity"],
    ["GET", "/demo/anything"],
  ])("when %s %s is requested, then 404 problem+json, with or without a token", async (method, path) => {
    for (const caller of [null, as.admin()]) {
      const reply = await send(`${keyed.url}${path}`, method, { as: caller, ...(method === "GET" ? {} : { body: { userId: "demo", enabled: true } }) });
      expect(reply.status).toBe(404);
      expect(reply.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(reply.text).not.toMatch(jwtPattern);
    }
  });

  it("when / is opened, then the page carries the instructions: how to mint a token and how to embed the tag", async () => {
    const page = await send(`${keyed.url}/`, "GET");
    expect(page.status).toBe(200);
    expect(page.text).toContain("npm run token");
    expect(page.text).toContain("tokenProvider");
  });
});

describe("demo tokens expire", () => {
  let short: Harness;
  beforeAll(async () => {
    short = await startHarness({ JWT_SECRET: "", JWT_CLOCK_TOLERANCE_S: "0" }, { demo: { tokenTtlSeconds: 2 } });
  }, 120_000);
  afterAll(async () => short?.close());

  it("when a demo token's lifetime has passed, then the API refuses it with 401 and a fresh one from /demo/token works", async () => {
    const issued = await demoToken(short, "demo");
    const read = (token: string) => short.call("GET", "/api/v1/intro-page/demo?sections=personalization", bearer(token));
    expect((await read(issued.token)).status).toBe(200);
    await vi.waitFor(async () => expect((await read(issued.token)).status).toBe(401), { timeout: 15_000, interval: 250 });
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(issued.expiresAt));
    expect((await read((await demoToken(short, "demo")).token)).status).toBe(200);
  });
});
