// The reads whose JSON text PostgreSQL writes (jsonObjectSql in src/data-access/sql.ts): the activity feed's and the
// open action items'. Their text goes to the cache unparsed, so the text itself must be what the contract says an
// item is, for any text a user's events carry, and as compact as JSON.stringify writes it. Over the file's own
// database: PostgreSQL when TEST_DATABASE_URL is set, else embedded PGlite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createActionItemRepository, type ActionItemRepository } from "../src/data-access/action-item-repository.js";
import { createActivityRepository, type ActivityRepository } from "../src/data-access/activity-repository.js";
import { openDatabase, type Database } from "../src/data-access/database.js";
import { migrateUp } from "../src/data-access/migrator.js";
import { runRead } from "../src/data-access/read-batches.js";
import { execute } from "../src/data-access/sql.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";

let testDatabase: TestDatabase;
let database: Database;
let activity: ActivityRepository;
let actionItems: ActionItemRepository;
beforeAll(async () => {
  testDatabase = await createTestDatabase("feed");
  database = await openDatabase({ DATABASE_URL: testDatabase.url, PGLITE_DATA_DIR: undefined, DATABASE_POOL_MAX: 2 });
  await migrateUp(database.sequelize);
  await execute(database.sequelize, "INSERT INTO users (id, display_name) VALUES ('feed-user', 'Feed User'), ('empty-user', 'Empty')");
  activity = createActivityRepository(database.sequelize);
  actionItems = createActionItemRepository(database.sequelize);
}, 120_000);
afterAll(async () => {
  await database?.close();
  await testDatabase?.drop();
});

/** What a user's events may carry that JSON must escape, or that a careless writer would mangle. */
const awkward = ['quote " and backslash \\', "line\nbreak\ttab\r\u0001\u001f", "emoji 🚀 and é, 漢字", "</script><!--", "\u2028\u2029"];

const item = (n: number, title: string, href: string | undefined, occurredAt: string) => ({
  id: `evt_${String(n).padStart(3, "0")}`,
  actor: { id: `actor-${n}`, name: `Actor "${n}" ${awkward[n % awkward.length]}` },
  verb: "commented",
  object: { type: "task", id: `task-${n}`, title, ...(href === undefined ? {} : { href }) },
  occurredAt,
});

const feed = async (limit: number, cursor?: { occurredAt: string; id: string }) => runRead(await activity.feed("feed-user", limit, cursor));

describe("the activity feed's text", () => {
  const stored = awkward.map((title, i) => item(i + 1, title, i % 2 === 0 ? `/tasks/${i}?q="a b"` : undefined, `2026-03-0${i + 1}T10:00:00.${String(i + 1).padStart(3, "0")}Z`));

  beforeAll(async () => {
    await database.sequelize.transaction(async (transaction) => {
      for (const entry of stored) await activity.insert("feed-user", entry, transaction);
    });
    // An empty href is no link (the item has none), and microseconds are cut to milliseconds, as Date keeps them.
    await execute(database.sequelize, "INSERT INTO actors (id, name, name_as_of) VALUES ('actor-x', 'X', now())");
    await execute(
      database.sequelize,
      `INSERT INTO activity_events (user_id, id, actor_id, verb, object_type, object_id, object_title, object_href, occurred_at)
       VALUES ('feed-user', 'evt_micro', 'actor-x', 'created', 'doc', 'doc-1', 'Micro', '', '2026-03-09T23:59:59.999999Z')`,
    );
  });

  it("when every item fits, then the text is compact JSON of the items, newest first, each as the contract's ActivityItem, and no cursor follows", async () => {
    const page = await feed(20);
    const text = page.items.text;
    expect(text).toBe(JSON.stringify(JSON.parse(text)));
    expect(page.items.parse()).toEqual([
      { id: "evt_micro", actor: { id: "actor-x", name: "X" }, verb: "created", object: { type: "doc", id: "doc-1", title: "Micro" }, occurredAt: "2026-03-09T23:59:59.999Z" },
      ...stored.slice().reverse(),
    ]);
    expect(page.next).toBeNull();
  });

  it("when more items exist than the limit, then the page ends at the limit and the cursor names its last item; the next page continues after it", async () => {
    const first = await feed(2);
    expect(first.items.parse().map((entry) => entry.id)).toEqual(["evt_micro", "evt_005"]);
    expect(first.next).toEqual({ occurredAt: "2026-03-05T10:00:00.005Z", id: "evt_005" });
    const second = await feed(3, first.next!);
    expect(second.items.parse().map((entry) => entry.id)).toEqual(["evt_004", "evt_003", "evt_002"]);
    expect(second.next).toEqual({ occurredAt: "2026-03-02T10:00:00.002Z", id: "evt_002" });
    const last = await feed(3, second.next!);
    expect(last.items.parse().map((entry) => entry.id)).toEqual(["evt_001"]);
    expect(last.next).toBeNull();
  });

  it("when the limit equals the number of items, then no cursor is given (there is no next page)", async () => {
    const page = await feed(stored.length + 1);
    expect(page.items.parse()).toHaveLength(stored.length + 1);
    expect(page.next).toBeNull();
  });

  it("when a user has no activity, then the items are an empty array and no cursor is given", async () => {
    const page = await runRead(await activity.feed("empty-user", 20));
    expect(page.items.text).toBe("[]");
    expect(page.next).toBeNull();
  });
});

describe("the open action items' text", () => {
  const stored = [
    { id: "item-urgent", kind: "approval", title: awkward[0]!, priority: "urgent", href: "/approvals/1?x=\"y\"" },
    { id: "item-due", kind: "task", title: awkward[1]!, priority: "normal", dueAt: "2026-04-01T09:30:00.250Z" },
    { id: "item-empty-href", kind: "review", title: awkward[2]!, priority: "high", href: "" },
    { id: "item-low", kind: "task", title: awkward[3]!, priority: "low", dueAt: "2026-03-20T00:00:00.000Z", href: "/t/low" },
  ] as const;

  beforeAll(async () => {
    await database.sequelize.transaction(async (transaction) => {
      for (const [i, entry] of stored.entries()) await actionItems.upsert("feed-user", entry, new Date(Date.UTC(2026, 2, 1, 0, 0, i)), transaction);
    });
    // Microseconds in a stored instant are cut to milliseconds, as Date keeps them.
    await execute(database.sequelize, "UPDATE action_items SET created_at = '2026-03-01T00:00:03.456789Z' WHERE id = 'item-low'");
  });

  const created = (i: number) => new Date(Date.UTC(2026, 2, 1, 0, 0, i)).toISOString();
  const expected = {
    "item-urgent": { id: "item-urgent", kind: "approval", title: awkward[0], priority: "urgent", href: '/approvals/1?x="y"', createdAt: created(0) },
    "item-due": { id: "item-due", kind: "task", title: awkward[1], priority: "normal", dueAt: "2026-04-01T09:30:00.250Z", createdAt: created(1) },
    "item-empty-href": { id: "item-empty-href", kind: "review", title: awkward[2], priority: "high", createdAt: created(2) },
    "item-low": { id: "item-low", kind: "task", title: awkward[3], priority: "low", dueAt: "2026-03-20T00:00:00.000Z", href: "/t/low", createdAt: "2026-03-01T00:00:03.456Z" },
  };

  it("when they are read most pressing first, then the text is compact JSON of each as the contract's ActionItem, in that order", async () => {
    const items = await runRead(actionItems.openItems("feed-user", 10));
    expect(items.text).toBe(JSON.stringify(JSON.parse(items.text)));
    expect(items.parse()).toEqual([expected["item-urgent"], expected["item-empty-href"], expected["item-due"], expected["item-low"]]);
  });

  it("when they are read soonest due first and fewer than there are, then the text holds the first ones in that order", async () => {
    const items = await runRead(actionItems.openItems("feed-user", 3, "due-first"));
    expect(items.parse()).toEqual([expected["item-low"], expected["item-due"], expected["item-urgent"]]);
  });

  it("when a user has no open items, then the text is an empty array", async () => {
    expect((await runRead(actionItems.openItems("empty-user", 10))).text).toBe("[]");
  });
});
