// Starts the reference server in this process on 127.0.0.1:0 with the demo
// data, on its own PostgreSQL database when TEST_DATABASE_URL is set, else on
// embedded PGlite; tokens are signed with the server's own signing code.
import { randomBytes } from "node:crypto";
import { loadConfig, signToken, startServer } from "@intro-page/server";
import type { RunningServer } from "@intro-page/server";
// The server suite's own helper: a fresh PostgreSQL database per file, or none for PGlite.
import { createTestDatabase } from "../../../server/test/support/database.js";

const secret = `contract-test-secret-${randomBytes(16).toString("hex")}`;

/** A running reference server and tokens it accepts. */
export interface ReferenceServer {
  url: string;
  tokens: { user: string; admin: string; service: string };
  /** A user token the server accepts for another user (alice). */
  otherUserToken: string;
  running: RunningServer;
  close(): Promise<void>;
}

/** Starts the server; `env` overrides its configuration. */
export async function startReferenceServer(env: Record<string, string> = {}): Promise<ReferenceServer> {
  const database = await createTestDatabase();
  const databaseUrl = database.url;
  const running = await startServer(
    loadConfig({
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "silent",
      JWT_SECRET: secret,
      SEED_DEMO: "true",
      // The run shares two cores with other suites: budgets made for production would flake.
      SECTION_TIMEOUT_MS: "3000",
      // A contract run sends about a thousand requests as three subjects within a minute.
      RATE_LIMIT_READ: "1000000",
      RATE_LIMIT_WRITE: "1000000",
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...env,
    }),
  );
  const sign = (sub: string, role: "user" | "admin" | "service") =>
    signToken(sub, [role], 3600, { key: secret, algorithm: "HS256", issuer: "intro-page", audience: "intro-page" });
  return {
    url: running.url,
    tokens: { user: sign("demo", "user"), admin: sign("root", "admin"), service: sign("host-backend", "service") },
    otherUserToken: sign("alice", "user"),
    running,
    async close() {
      await running.close();
      await database.drop();
    },
  };
}
