import { randomBytes } from "node:crypto";
import pg from "pg";

/** A database for one test file: a fresh PostgreSQL database, or none (the server then starts an in-memory PGlite). */
export interface TestDatabase {
  /** DATABASE_URL for the server, undefined for PGlite. */
  url: string | undefined;
  /** Which engine the file runs against, for test names and logs. */
  kind: "postgres" | "pglite";
  drop(): Promise<void>;
}

async function admin(sql: string, url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * With TEST_DATABASE_URL set, creates `intro_page_t_<random>` on that server
 * (isolated from parallel runs) and drops it afterwards; otherwise uses PGlite.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return { url: undefined, kind: "pglite", drop: async () => undefined };
  const name = `intro_page_t_${randomBytes(6).toString("hex")}`;
  await admin(`CREATE DATABASE ${name}`, base);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), kind: "postgres", drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, base) };
}
