// The server's one test harness: start a real server on 127.0.0.1:0 over the
// file's own database and call it over HTTP as a chosen caller, with every
// reply to a documented operation checked against openapi.yaml.
import { assertMatchesContract } from "../../../../test/support/contract-validator.js";
import { loadConfig } from "../../src/config/config.js";
import { startServer, type RunningServer, type StartOptions } from "../../src/start/start-server.js";
import { createTestDatabase, type TestDatabase } from "./database.js";
import { send, type CallOptions, type Reply } from "./http.js";
import { specPathTemplate } from "./spec-paths.js";
import { testSecret } from "./tokens.js";

export { as, authHeader, testSecret, tokenFor, type Caller } from "./tokens.js";
export { listen, request, send, type CallOptions, type Reply } from "./http.js";

/** The environment every test server starts from; tests add what they exercise. */
export function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    HOST: "127.0.0.1",
    PORT: "0",
    JWT_SECRET: testSecret,
    LOG_LEVEL: "silent",
    SEED_DEMO: "true",
    SHUTDOWN_DRAIN_TIMEOUT_MS: "5000",
    // Suites are not about section timeouts; a busy test machine must not turn loads into timeouts.
    SECTION_TIMEOUT_MS: "2000",
    ...extra,
  };
}

/** Starts a real server (real HTTP on loopback, port 0) with `env` on top of {@link baseEnv}. */
export function startTestServer(env: Record<string, string | undefined> = {}, options: StartOptions = {}): Promise<RunningServer> {
  return startServer(loadConfig(baseEnv(env)), options);
}

/** A running test server and a client that checks every documented response against the contract. */
export interface Harness {
  url: string;
  running: RunningServer;
  database: TestDatabase;
  /** Sends a request; when the path is in the contract the reply is validated against it (status, media type, schema). */
  call(method: string, path: string, options?: CallOptions): Promise<Reply>;
  close(): Promise<void>;
}

/**
 * Starts a real server on 127.0.0.1:0 over this file's own database
 * (PostgreSQL when TEST_DATABASE_URL is set, else in-memory PGlite), with the
 * demo data seeded.
 */
export async function startHarness(env: Record<string, string> = {}, options: StartOptions = {}): Promise<Harness> {
  const database = await createTestDatabase();
  let running: RunningServer;
  try {
    running = await startTestServer(
      {
        // Correctness suites must not depend on machine speed (parallel files share the CPU);
        // the fault suite sets a tight budget of its own.
        SECTION_TIMEOUT_MS: "3000",
        // Generous limits: these suites exercise the core, not the rate limiter.
        RATE_LIMIT_READ: "1000000",
        RATE_LIMIT_WRITE: "1000000",
        ...(database.url ? { DATABASE_URL: database.url } : {}),
        ...env,
      },
      options,
    );
  } catch (err) {
    await database.drop();
    throw err;
  }
  const url = running.url;
  return {
    url,
    running,
    database,
    async call(method, path, options = {}) {
      const reply = await send(`${url}${path}`, method, options);
      const template = specPathTemplate(path, method);
      if (template) assertMatchesContract(method, template, reply);
      return reply;
    },
    async close() {
      await running.close();
      await database.drop();
    },
  };
}
