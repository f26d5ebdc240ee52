// Data: idempotent writes, and a write acknowledged with 2xx survives a SIGKILL
// of the server right after the response (restart, read) — on PostgreSQL and
// on the embedded, file-backed PGlite that `npm start` uses.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { afterAll, describe, expect, it } from "vitest";
import { as, send, testSecret } from "../support/harness.js";
import { startChildServer, type ChildServer } from "../support/child-server.js";
import { TEST_DATABASE_URL, createTestDatabase } from "../support/database.js";

const demo = as.user("demo");
const env = { HOST: "127.0.0.1", PORT: "0", JWT_SECRET: testSecret, LOG_LEVEL: "warn", SEED_DEMO: "true", SECTION_TIMEOUT_MS: "3000", RATE_LIMIT_READ: "100000", RATE_LIMIT_WRITE: "100000" };

async function sigkill(child: ChildServer): Promise<void> {
  const exited = once(child.process, "exit");
  child.process.kill("SIGKILL");
  await exited;
}

/** Writes through one process, SIGKILLs it the moment the 2xx arrives, starts another on the same data and reads back. */
async function survivesSigkill(storage: Record<string, string>) {
  const first = await startChildServer({ ...env, ...storage }, 180_000);
  const actions = await send(`${first.url}/api/v1/intro-page/demo/actions`, "GET", { as: demo });
  const [completed, dismissed] = (actions.body.data.items as { id: string }[]).map((item) => item.id);
  const acknowledged = [
    await send(`${first.url}/api/v1/intro-page/demo/actions/${completed}/complete`, "POST", { as: demo }),
    await send(`${first.url}/api/v1/intro-page/demo/actions/${dismissed}/dismiss`, "POST", { as: demo }),
    await send(`${first.url}/api/v1/intro-page/demo/preferences`, "PATCH", { as: demo, body: { locale: "ja-JP" }, contentType: "application/merge-patch+json" }),
  ];
  await sigkill(first);
  expect(acknowledged.map((reply) => reply.status)).toEqual([200, 200, 200]);

  const second = await startChildServer({ ...env, ...storage }, 180_000);
  try {
    const after = await send(`${second.url}/api/v1/intro-page/demo/actions`, "GET", { as: demo });
    const ids = (after.body.data.items as { id: string }[]).map((item) => item.id);
    const personalization = await send(`${second.url}/api/v1/intro-page/demo/personalization`, "GET", { as: demo });
    return { ids, completed: completed!, dismissed: dismissed!, locale: personalization.body.data.locale as string };
  } finally {
    await second.terminate();
  }
}

describe("durability of acknowledged writes", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it.skipIf(!TEST_DATABASE_URL)("when the server is SIGKILLed right after acknowledging writes on PostgreSQL, then a restarted server reads them back", async () => {
    const database = await createTestDatabase("durable");
    cleanups.push(() => database.drop());
    const { ids, completed, dismissed, locale } = await survivesSigkill({ DATABASE_URL: database.url! });
    expect(ids).not.toContain(completed);
    expect(ids).not.toContain(dismissed);
    expect(locale).toBe("ja-JP");
  }, 420_000);

  it("when the server is SIGKILLed right after acknowledging writes on file-backed PGlite, then a restarted server reads them back", async () => {
    const dir = mkdtempSync(join(tmpdir(), "intro-page-pglite-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const { ids, completed, dismissed, locale } = await survivesSigkill({ DATABASE_URL: "", PGLITE_DATA_DIR: dir });
    expect(ids).not.toContain(completed);
    expect(ids).not.toContain(dismissed);
    expect(locale).toBe("ja-JP");
  }, 420_000);
});

describe("idempotent writes", () => {
  it.skipIf(!TEST_DATABASE_URL)("when an event batch, a complete and a dismiss are each sent twice, then the second answers the same and nothing is applied twice", async () => {
    const database = await createTestDatabase("idem");
    const server = await startChildServer({ ...env, DATABASE_URL: database.url! }, 180_000);
    try {
      const batch = { events: [{ type: "activity", eventId: "idem-1", userId: "demo", actor: { id: "alice", name: "Alice" }, verb: "shared", object: { type: "document", id: "doc_9", title: "Doc" }, occurredAt: new Date().toISOString() }] };
      const first = await send(`${server.url}/api/v1/events`, "POST", { as: as.service(), body: batch });
      const again = await send(`${server.url}/api/v1/events`, "POST", { as: as.service(), body: batch });
      expect(first.body).toEqual({ accepted: 1, duplicates: 0 });
      expect(again.body).toEqual({ accepted: 0, duplicates: 1 });

      const items = (await send(`${server.url}/api/v1/intro-page/demo/actions`, "GET", { as: demo })).body.data.items as { id: string }[];
      for (const [verb, item] of [["complete", items[0]!.id], ["dismiss", items[1]!.id]] as const) {
        const once1 = await send(`${server.url}/api/v1/intro-page/demo/actions/${item}/${verb}`, "POST", { as: demo });
        const twice = await send(`${server.url}/api/v1/intro-page/demo/actions/${item}/${verb}`, "POST", { as: demo });
        expect(once1.status).toBe(200);
        expect(twice.status).toBe(200);
        expect(twice.body).toEqual(once1.body);
      }
    } finally {
      await server.terminate();
      await database.drop();
    }
  }, 420_000);
});
