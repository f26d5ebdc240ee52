import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startChildServer } from "../support/child-server.js";
import { createTestDatabase, databaseEnv, type TestDatabase } from "../support/database.js";
import { testSecret } from "../support/harness.js";

/**
 * An orchestrator or script that waits for "running at" may stop the server at once. The signal handlers used to be
 * installed after that line was printed, and one start in three ended by the signal's default action instead of a
 * drain (exit code null) when SIGTERM came right on the banner.
 */
describe("SIGTERM as soon as the server says it is running", () => {
  let database: TestDatabase | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), "intro-page-sigterm-"));
  afterAll(async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("when SIGTERM is sent the moment the banner is read, then the server drains and exits 0, start after start", { timeout: 180_000 }, async () => {
    database = await createTestDatabase("sigterm_at_start");
    const env = {
      HOST: "127.0.0.1",
      PORT: "0",
      JWT_SECRET: testSecret,
      LOG_LEVEL: "warn",
      ...databaseEnv(database, dataDir),
    };
    const exitCodes: (number | null)[] = [];
    for (let start = 0; start < 6; start++) {
      const server = await startChildServer(env, 90_000);
      exitCodes.push(await server.terminate());
    }
    expect(exitCodes).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
