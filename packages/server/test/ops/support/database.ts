import { randomUUID } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";

/** The PostgreSQL the suite may use; unset means each server runs on its own embedded PGlite. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** A database made for one test file, and how to drop it. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates a uniquely named database on TEST_DATABASE_URL's server (isolation from parallel runs). */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) throw new Error("TEST_DATABASE_URL is not set");
  const name = `ops_${label}_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A database several server instances can share: a fresh PostgreSQL database
 * when TEST_DATABASE_URL is set, else one in-memory PGlite served over a
 * socket that accepts a few connections (give each instance a pool of 1).
 */
export async function createSharedDatabase(label: string): Promise<TestDatabase> {
  if (TEST_DATABASE_URL) return createTestDatabase(label);
  const db = new PGlite();
  await db.waitReady;
  const socket = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 8 });
  await socket.start();
  return {
    url: `postgres://postgres@${socket.getServerConn()}/postgres`,
    async drop() {
      await socket.stop();
      await db.close();
    },
  };
}
