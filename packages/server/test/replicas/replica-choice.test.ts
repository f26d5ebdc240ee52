import { Sequelize } from "sequelize";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReadRouter, replicaIndexFor } from "../../src/data-access/read-replicas.js";
import { createRepositories, type Repositories } from "../../src/data-access/repositories.js";
import { TEST_DATABASE_URL } from "../support/database.js";

const users = Array.from({ length: 2_000 }, (_, i) => `user-${String(i + 1).padStart(6, "0")}`);

describe("replicaIndexFor", () => {
  it("gives each user one replica, and spreads users evenly", () => {
    for (const count of [2, 3, 5]) {
      const perReplica = new Array<number>(count).fill(0);
      for (const user of users) {
        const index = replicaIndexFor(user, count);
        expect(replicaIndexFor(user, count)).toBe(index);
        perReplica[index]!++;
      }
      for (const share of perReplica) expect(Math.abs(share - users.length / count)).toBeLessThan(users.length / count / 5);
    }
  });
});

// Two "replicas" that are one PostgreSQL server under two host names: the router judges them by their replay
// position (a primary has none, so their lag reads as 0) and treats them as two.
describe.skipIf(!TEST_DATABASE_URL)("ReadRouter's choice among replicas", () => {
  let primary: Sequelize;
  let router: ReadRouter;

  beforeAll(async () => {
    primary = new Sequelize(TEST_DATABASE_URL!, { dialect: "postgres", logging: false });
    const second = new URL(TEST_DATABASE_URL!);
    second.hostname = second.hostname === "localhost" ? "127.0.0.1" : "localhost";
    router = (await ReadRouter.open(
      {
        DATABASE_READ_URL: [TEST_DATABASE_URL!, second.toString()],
        DATABASE_READ_MAX_LAG_MS: 1_000,
        DATABASE_READ_YOUR_WRITES_MS: 3_000,
        DATABASE_READ_LAG_CHECK_MS: 60_000,
        DATABASE_POOL_MAX: 2,
      },
      createRepositories(primary),
    ))!;
  });
  afterAll(async () => {
    await router?.close();
    await primary?.close();
  });

  it("sends every read of one user to the same replica, and users to both", () => {
    expect(router.states().map((state) => state.usable)).toEqual([true, true]);
    const chosen = new Map<Repositories, number>();
    for (const user of users.slice(0, 200)) {
      const first = router.route(user);
      for (let i = 0; i < 5; i++) expect(router.route(user)).toBe(first);
      chosen.set(first, (chosen.get(first) ?? 0) + 1);
    }
    expect(chosen.size).toBe(2);
  });

  it("takes shared reads (no user) to the replicas in turn", () => {
    expect(router.route()).not.toBe(router.route());
  });

  it("sends a user who just wrote to the primary", () => {
    router.noteWrite("user-000001");
    expect(router.route("user-000001").sequelize).toBe(primary);
    expect(router.route("user-000002").sequelize).not.toBe(primary);
  });
});
