import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomSource } from "../src/seed/dataset.js";
import { as, startHarness, type CallOptions, type Harness } from "./support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const random = randomSource(1337);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const strings = ["", "a", "demo", "ü🙂", "\u0000", "x".repeat(5000), "<script>", "' OR 1=1 --", "actions", "2026-13-45T99:99:99Z", "null"];
const numbers = [0, -0, 1, -1, 1e308, -1e308, 2 ** 64, 0.1, Number.MAX_SAFE_INTEGER + 2];
const keys = ["layout", "order", "hidden", "locale", "timezone", "events", "type", "eventId", "userId", "item", "__proto__", "constructor", "prototype", "x"];

/** A random JSON value up to `depth` levels deep, biased towards the shapes our schemas expect. */
function value(depth: number): unknown {
  const roll = random();
  if (depth <= 0 || roll < 0.3) return pick<unknown>([null, true, false, pick(numbers), pick(strings)]);
  if (roll < 0.55) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth - 1));
  return Object.fromEntries(Array.from({ length: 1 + Math.floor(random() * 4) }, () => [pick(keys), value(depth - 1)]));
}

const rawBodies = ['{"locale":', "[]", '"just a string"', "1e999", "\uFEFF{}", "{'single':'quotes'}", "{\"a\":1}{\"b\":2}", "\u0000\u0001\u0002", "{".repeat(5000), "null"];

/** `ignoresBody`: the operation documents no body, so whatever is sent it answers as without one. */
const targets: Array<{ name: string; method: string; path: string; as: CallOptions["as"]; ignoresBody: boolean }> = [
  { name: "PATCH preferences", method: "PATCH", path: "/api/v1/intro-page/demo/preferences", as: as.user("demo"), ignoresBody: false },
  { name: "POST events", method: "POST", path: "/api/v1/events", as: as.service(), ignoresBody: false },
  { name: "POST complete", method: "POST", path: "/api/v1/intro-page/demo/actions/act_demo_001/complete", as: as.user("demo"), ignoresBody: true },
];

describe("no 5xx from anything a client can send", () => {
  it.each(targets)("when 60 random JSON bodies and 10 malformed ones hit $name, then every reply is a documented 2xx/4xx", async ({ method, path, as: caller, ignoresBody }) => {
    const statuses = new Set<number>();
    for (let i = 0; i < 60; i++) {
      const reply = await h.call(method, path, { as: caller, body: value(4) });
      statuses.add(reply.status);
      expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(500);
    }
    for (const raw of rawBodies) {
      const reply = await h.call(method, path, { as: caller, raw });
      statuses.add(reply.status);
      expect(reply.status, raw.slice(0, 40)).toBeLessThan(500);
    }
    if (ignoresBody) expect([...statuses]).toEqual([200]);
    else expect([...statuses].some((s) => s >= 400)).toBe(true);
  });

  it("when bodies try prototype pollution, then nothing leaks into Object.prototype", async () => {
    await h.call("PATCH", "/api/v1/intro-page/demo/preferences", { as: as.user("demo"), raw: '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}' });
    await h.call("POST", "/api/v1/events", { as: as.service(), raw: '{"events":[{"__proto__":{"polluted":true}}]}' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    "sections[]=actions",
    "sections[a][b]=c",
    "sections=",
    "sections=statistics,statistics",
    "sections=a,b,c,d,e,f",
    "fresh=maybe",
    "fresh=true&fresh=false",
    "%E0%A4%A",
    `sections=${"actions,".repeat(500)}`,
  ])("when the page query is %#: %s, then 4xx", async (query) => {
    const reply = await h.call("GET", `/api/v1/intro-page/demo?${query}`, { as: as.admin() });
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(reply.status).toBeLessThan(500);
  });

  it("when If-None-Match is longer than the contract allows, then 400 naming the header", async () => {
    const reply = await h.call("GET", "/api/v1/intro-page/demo", { as: as.user("demo"), headers: { "if-none-match": `W/"${"a".repeat(300)}"` } });
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0].pointer).toBe("/header/if-none-match");
  });

  it.each(["utf-16", "klingon"])("when the body declares charset=%s, then a 4xx problem", async (charset) => {
    const reply = await h.call("PATCH", "/api/v1/intro-page/demo/preferences", { as: as.user("demo"), raw: '{"locale":"fr"}', contentType: `application/json; charset=${charset}` });
    expect([400, 415]).toContain(reply.status);
  });
});
