import { signToken } from "../../src/auth/jwt.js";
import type { Role } from "../../src/auth/principal.js";
import { loadConfig } from "../../src/config/config.js";
import { startServer, type RunningServer, type StartOptions } from "../../src/start/start-server.js";
import { assertMatchesContract } from "../ops/support/contract.js";
import { specPathTemplate } from "./spec-paths.js";
import { createTestDatabase, type TestDatabase } from "./database.js";

/** The HS256 secret test servers verify with. */
export const testSecret = "core-test-secret-0123456789-abcdefghijklmnop";

/** Who makes a request: a subject with roles, or nobody (no Authorization header). */
export interface Caller {
  sub: string;
  roles: Role[];
}

/** Ready-made callers. */
export const as = {
  user: (sub: string): Caller => ({ sub, roles: ["user"] }),
  admin: (sub = "root"): Caller => ({ sub, roles: ["admin"] }),
  service: (sub = "host-backend"): Caller => ({ sub, roles: ["service"] }),
};

/** A valid token for `caller`. */
export const tokenFor = (caller: Caller, ttlSeconds = 600) =>
  signToken(caller.sub, caller.roles, ttlSeconds, { key: testSecret, algorithm: "HS256", issuer: "intro-page", audience: "intro-page" });

/** A response with its body read (parsed when JSON). */
export interface Reply {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** Options of one `call`. */
export interface CallOptions {
  as?: Caller | null;
  /** JSON body (serialized for you). */
  body?: unknown;
  /** A raw body, sent as is. */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
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

/** Sends one HTTP request and reads the reply. */
export async function send(url: string, method: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.as) headers.authorization = `Bearer ${tokenFor(options.as)}`;
  let payload: string | undefined = options.raw;
  if (options.body !== undefined) payload = JSON.stringify(options.body);
  if (payload !== undefined) headers["content-type"] = options.contentType ?? "application/json";
  const response = await fetch(url, { method, headers, body: payload, redirect: "manual" });
  const text = await response.text();
  const type = response.headers.get("content-type") ?? "";
  return { status: response.status, headers: response.headers, text, body: type.includes("json") && text ? JSON.parse(text) : text || undefined };
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
    running = await startServer(
      loadConfig({
        HOST: "127.0.0.1",
        PORT: "0",
        LOG_LEVEL: "silent",
        JWT_SECRET: testSecret,
        SEED_DEMO: "true",
        // Correctness suites must not depend on machine speed (parallel files share the CPU);
        // the fault suite sets a tight budget of its own.
        SECTION_TIMEOUT_MS: "3000",
        // Generous limits: these suites exercise the core, not the rate limiter.
        RATE_LIMIT_READ: "1000000",
        RATE_LIMIT_WRITE: "1000000",
        ...(database.url ? { DATABASE_URL: database.url } : {}),
        ...env,
      }),
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
