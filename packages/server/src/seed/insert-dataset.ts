import type { Sequelize, Transaction } from "sequelize";
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
  { name: "actor_name", type: "text", value: (a) => a.actorName },
  { name: "verb", type: "text", value: (a) => a.verb },
  { name: "object_type", type: "text", value: (a) => a.objectType },
  { name: "object_id", type: "text", value: (a) => a.objectId },
  { name: "object_title", type: "text", value: (a) => a.objectTitle },
  { name: "object_href", type: "text", value: (a) => a.objectHref },
  { name: "occurred_at", type: "timestamptz", value: (a) => a.occurredAt },
];

/** Inserts users, their items and activity (users first, for the foreign keys); existing rows are kept. */
export async function insertDataset(
  sequelize: Sequelize,
  data: { users: SeedUser[]; items: SeedItem[]; activity: SeedActivity[] },
  transaction?: Transaction,
): Promise<void> {
  await bulkInsert(sequelize, "users", userColumns, data.users, transaction);
  await bulkInsert(sequelize, "action_items", itemColumns, data.items, transaction);
  await bulkInsert(sequelize, "activity_events", activityColumns, data.activity, transaction);
}
