import type { Sequelize, Transaction } from "sequelize";
import { probeActivityShape } from "../data-access/activity-shape.js";
import { bulkInsert, type BulkColumn } from "./bulk-insert.js";
import type { SeedActivity, SeedItem, SeedUser } from "./dataset.js";

const userColumns: BulkColumn<SeedUser>[] = [
  { name: "id", type: "text", value: (u) => u.id },
  { name: "display_name", type: "text", value: (u) => u.displayName },
  { name: "last_active_at", type: "timestamptz", value: (u) => u.lastActiveAt },
];

const itemColumns: BulkColumn<SeedItem>[] = [
  { name: "user_id", type: "text", value: (i) => i.userId },
  { name: "id", type: "text", value: (i) => i.id },
  { name: "kind", type: "text", value: (i) => i.kind },
  { name: "title", type: "text", value: (i) => i.title },
  { name: "priority", type: "text", value: (i) => i.priority },
  { name: "due_at", type: "timestamptz", value: (i) => i.dueAt },
  { name: "href", type: "text", value: (i) => i.href },
  { name: "state", type: "text", value: (i) => i.state },
  { name: "state_changed_at", type: "timestamptz", value: (i) => i.stateChangedAt },
  { name: "created_at", type: "timestamptz", value: (i) => i.createdAt },
  { name: "updated_at", type: "timestamptz", value: (i) => i.stateChangedAt ?? i.createdAt },
];

const activityColumns: BulkColumn<SeedActivity>[] = [
  { name: "user_id", type: "text", value: (a) => a.userId },
  { name: "id", type: "text", value: (a) => a.id },
  { name: "actor_id", type: "text", value: (a) => a.actorId },
  { name: "verb", type: "text", value: (a) => a.verb },
  { name: "object_type", type: "text", value: (a) => a.objectType },
  { name: "object_id", type: "text", value: (a) => a.objectId },
  { name: "object_title", type: "text", value: (a) => a.objectTitle },
  { name: "object_href", type: "text", value: (a) => a.objectHref },
  { name: "occurred_at", type: "timestamptz", value: (a) => a.occurredAt },
];

/** Where the actor name goes before the actors table is contracted (docs/migrations.md). */
const actorNameColumn: BulkColumn<SeedActivity> = { name: "actor_name", type: "text", value: (a) => a.actorName };

const actorColumns: BulkColumn<SeedActivity>[] = [
  { name: "id", type: "text", value: (a) => a.actorId },
  { name: "name", type: "text", value: (a) => a.actorName },
  { name: "name_as_of", type: "timestamptz", value: (a) => a.occurredAt },
];

/** Each actor once, with the name of its newest activity (as the backfill and the write path keep it). */
function newestPerActor(activity: ReadonlyArray<SeedActivity>): SeedActivity[] {
  const newest = new Map<string, SeedActivity>();
  for (const a of activity) {
    const seen = newest.get(a.actorId);
    if (!seen || new Date(seen.occurredAt) < new Date(a.occurredAt)) newest.set(a.actorId, a);
  }
  return [...newest.values()];
}

/** Inserts users, their items and activity (users first, for the foreign keys); existing rows are kept. */
export async function insertDataset(
  sequelize: Sequelize,
  data: { users: SeedUser[]; items: SeedItem[]; activity: SeedActivity[] },
  transaction?: Transaction,
): Promise<void> {
  await bulkInsert(sequelize, "users", userColumns, data.users, transaction);
  await bulkInsert(sequelize, "action_items", itemColumns, data.items, transaction);
  const shape = await probeActivityShape(sequelize, transaction);
  if (shape !== "legacy") await bulkInsert(sequelize, "actors", actorColumns, newestPerActor(data.activity), transaction);
  const columns = shape === "normalized" ? activityColumns : [...activityColumns, actorNameColumn];
  await bulkInsert(sequelize, "activity_events", columns, data.activity, transaction);
}
