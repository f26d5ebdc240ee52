import type { Repositories } from "../data-access/repositories.js";
import { execute } from "../data-access/sql.js";
import { activityFor, itemsFor, randomSource, type SeedUser } from "./dataset.js";
import { insertDataset } from "./insert-dataset.js";

const dayMs = 86_400_000;

/** The demo cast: `demo` is the one `npm start` prints a token for. */
export const demoUsers: ReadonlyArray<Pick<SeedUser, "id" | "displayName">> = [
  { id: "demo", displayName: "Dana Demo" },
  { id: "alice", displayName: "Alice Moreau" },
  { id: "bob", displayName: "Bob Okafor" },
  { id: "carol", displayName: "Carol Nguyen" },
  { id: "dave", displayName: "Dave Schmidt" },
];

/**
 * The demo dataset: five users; `demo` has 24 items (every kind and
 * priority; open, overdue, completed, dismissed) and 65 activity events
 * (more than three pages of 20); two current announcements.
 */
export async function seedDemo(repositories: Repositories, now = new Date()): Promise<void> {
  const random = randomSource(20_261_125);
  const users = demoUsers.map((u, i) => ({ ...u, lastActiveAt: new Date(now.getTime() - (i + 1) * 3_600_000) }));
  const items = users.flatMap((u) => itemsFor(u.id, u.id === "demo" ? 24 : 10, random, now));
  const activity = users.flatMap((u) => activityFor(u.id, u.id === "demo" ? 65 : 15, u.id === "demo" ? 12 : 5, random, now));
  const { sequelize } = repositories;
  await sequelize.transaction(async (transaction) => {
    await insertDataset(sequelize, { users, items, activity }, transaction);
    await execute(
      sequelize,
      `INSERT INTO preferences (user_id, locale, timezone) VALUES ('demo', 'en-US', 'America/New_York') ON CONFLICT (user_id) DO NOTHING`,
      [],
      transaction,
    );
    await execute(
      sequelize,
      `INSERT INTO announcements (id, title, body, severity, href, published_at, expires_at) VALUES
         ('ann_welcome', 'Welcome to intro-page', 'This is the demo dataset. Try completing an item or changing your layout.', 'info', NULL, $1, NULL),
         ('ann_maint', 'Scheduled maintenance', 'Sunday 02:00-03:00 UTC, read-only mode.', 'warning', 'https://status.example.com', $1, $2)
       ON CONFLICT (id) DO NOTHING`,
      [new Date(now.getTime() - dayMs), new Date(now.getTime() + 7 * dayMs)],
      transaction,
    );
  });
}

/** Seeds the demo data when there are no users yet; returns whether it did. */
export async function seedDemoIfEmpty(repositories: Repositories, now = new Date()): Promise<boolean> {
  if ((await repositories.users.count()) > 0) return false;
  await seedDemo(repositories, now);
  return true;
}
