import { readFileSync } from "node:fs";
import { Sequelize } from "sequelize";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepositories } from "../src/data-access/repositories.js";
import { createPageWrites } from "../src/domain/page-writes.js";
import { createUserDirectory } from "../src/domain/user-directory.js";
import express from "express";
import { createApp } from "../src/http/app.js";
import type { AppDeps } from "../src/http/app-deps.js";
import { demoRoutes } from "../src/http/routes/demo.js";
import { listen, stopListening } from "../src/http/server.js";
import { createLogger } from "../src/start/logger.js";
import { specPath } from "./support/repository.js";
import { assertMatchesContract } from "../../../test/support/contract-validator.js";
import { as, send, startHarness, type Harness } from "./support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("the contract and its docs", () => {
  it("when /openapi.json is read without a token, then it is the parsed openapi.yaml", async () => {
    const reply = await h.call("GET", "/openapi.json");
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(parse(readFileSync(specPath(), "utf8")));
  });

  it("when /openapi.yaml is read, then it is the file, as application/yaml", async () => {
    const reply = await h.call("GET", "/openapi.yaml");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toMatch(/^application\/yaml/);
    expect(reply.text).toBe(readFileSync(specPath(), "utf8"));
  });

  it("when /docs is opened, then Swagger UI is served", async () => {
    const reply = await send(`${h.url}/docs/`, "GET");
    expect(reply.status).toBe(200);
    expect(reply.text).toContain("swagger-ui");
  });

  it("when / is opened, then the widget demo page is served under a strict CSP, with its script and bundle", async () => {
    const page = await send(`${h.url}/`, "GET");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.text).toContain("<intro-page");
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const script = await send(`${h.url}/demo.js`, "GET");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    const bundle = await send(`${h.url}/dist/intro-page.standalone.js`, "GET");
    expect(bundle.status).toBe(200);
    expect(bundle.text).toContain("intro-page");
    expect((await send(`${h.url}/favicon.ico`, "GET")).status).toBe(204);
  });

  it("when the widget is not built, then / redirects to /docs", async () => {
    const { server, url } = await listen(express().use(demoRoutes(undefined)), "127.0.0.1", 0);
    try {
      const reply = await fetch(`${url}/`, { redirect: "manual" });
      expect(reply.status).toBe(302);
      expect(reply.headers.get("location")).toBe("/docs");
    } finally {
      await stopListening(server);
    }
  });

  it("when an unknown path is requested with a token, then 404 problem+json whose instance leaves out the query", async () => {
    const reply = await send(`${h.url}/api/v1/nothing-here?note=secret`, "GET", { as: as.admin() });
    expect(reply.status).toBe(404);
    expect(reply.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(reply.body).toMatchObject({ status: 404, instance: "/api/v1/nothing-here" });
  });

  it.each([
    ["DELETE", "/api/v1/intro-page/demo", "GET, HEAD"],
    ["PUT", "/api/v1/events", "POST"],
    ["GET", "/api/v1/intro-page/demo/preferences", "PATCH"],
    ["PATCH", "/api/v1/system/overview?x=1", "GET, HEAD"],
  ])("when %s %s is requested, then 405 problem+json with Allow: %s", async (method, path, allow) => {
    const reply = await send(`${h.url}${path}`, method, { as: as.admin() });
    expect(reply.status).toBe(405);
    expect(reply.headers.get("allow")).toBe(allow);
    expect(reply.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });
});

describe("request logs", () => {
  it("when a request is served, then one JSON log line carries its request id, method, URL and status, never the token", async () => {
    const lines: string[] = [];
    const logger = createLogger({ LOG_LEVEL: "info" }, { write: (line: string) => void lines.push(line) });
    const { server, url } = await listen(createApp({ ...h.running.deps, logger }), "127.0.0.1", 0);
    try {
      const reply = await send(`${url}/api/v1/intro-page/demo/actions`, "GET", { as: as.user("demo"), headers: { "x-request-id": "log-probe-1" } });
      expect(reply.status).toBe(200);
      const entries = lines.map((line) => JSON.parse(line) as { reqId?: string; req?: { method: string; url: string; headers: Record<string, string> }; res?: { statusCode: number } });
      const entry = entries.find((e) => e.reqId === "log-probe-1" && e.res);
      expect(entry).toMatchObject({ req: { method: "GET", url: "/api/v1/intro-page/demo/actions" }, res: { statusCode: 200 } });
      expect(entry!.req!.headers.authorization).toBe("[redacted]");
    } finally {
      await stopListening(server);
    }
  });
});

describe("server-side failures", () => {
  /** Serves the real app with some dependencies replaced, on its own port. */
  async function withDeps(replaced: Partial<AppDeps>, run: (url: string) => Promise<void>) {
    const { server, url } = await listen(createApp({ ...h.running.deps, ...replaced }), "127.0.0.1", 0);
    try {
      await run(url);
    } finally {
      await stopListening(server);
    }
  }

  /** Every operation of the core with a request that reaches its handler. */
  const operations = [
    { method: "GET", path: "/api/v1/intro-page/demo", template: "/api/v1/intro-page/{userId}", caller: as.user("demo") },
    ...["statistics", "actions", "activity", "personalization"].map((name) => ({
      method: "GET",
      path: `/api/v1/intro-page/demo/${name}`,
      template: `/api/v1/intro-page/{userId}/${name}`,
      caller: as.user("demo"),
    })),
    ...["complete", "dismiss"].map((verb) => ({
      method: "POST",
      path: `/api/v1/intro-page/demo/actions/act_demo_001/${verb}`,
      template: `/api/v1/intro-page/{userId}/actions/{itemId}/${verb}`,
      caller: as.user("demo"),
    })),
    { method: "PATCH", path: "/api/v1/intro-page/demo/preferences", template: "/api/v1/intro-page/{userId}/preferences", caller: as.user("demo"), body: { locale: "fr" } },
    {
      method: "POST",
      path: "/api/v1/events",
      template: "/api/v1/events",
      caller: as.service(),
      body: { events: [{ type: "activity", eventId: "e-500", userId: "demo", actor: { id: "a", name: "A" }, verb: "saw", object: { type: "doc", id: "d", title: "D" }, occurredAt: "2026-11-25T09:00:00Z" }] },
    },
  ];

  it.each(operations)("when $method $template hits a bug, then 500 problem+json with the request id and no stack trace or message", async (op) => {
    const bug = async (): Promise<never> => (undefined as never as { x: () => never }).x();
    const syncBug = (): never => (undefined as never as { x: () => never }).x();
    const buggy: Partial<AppDeps> = {
      users: { lookup: bug, knows: syncBug, record: syncBug, remember: syncBug },
      writes: { settleItem: bug, updatePreferences: bug, ingestEvents: bug },
    };
    await withDeps(buggy, async (url) => {
      const reply = await send(`${url}${op.path}`, op.method, { as: op.caller, body: op.body });
      assertMatchesContract(op.method, op.template, reply);
      expect(reply.status).toBe(500);
      expect(Object.keys(reply.body).sort()).toEqual(["detail", "instance", "requestId", "status", "title", "type"]);
      expect(reply.text).not.toMatch(/TypeError|at .*\.ts|undefined/);
      expect(reply.body.requestId).toBe(reply.headers.get("x-request-id"));
    });
  });

  it.each(operations)("when the database is down, then $method $template answers 503 with Retry-After", async (op) => {
    // Real connection attempts to a port nothing listens on.
    const unreachable = new Sequelize("postgres://postgres@127.0.0.1:1/none", { dialect: "postgres", logging: false, pool: { max: 1, acquire: 2000 } });
    try {
      const repositories = createRepositories(unreachable);
      await withDeps({ writes: createPageWrites(repositories, h.running.deps.cache), users: createUserDirectory(repositories.users) }, async (url) => {
        const reply = await send(`${url}${op.path}`, op.method, { as: op.caller, body: op.body });
        assertMatchesContract(op.method, op.template, reply);
        expect(reply.status).toBe(503);
        expect(reply.headers.get("retry-after")).toBe("5");
      });
    } finally {
      await unreachable.close();
    }
  });
});
