import { randomUUID } from "node:crypto";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
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
 * when TEST_DATABASE_URL is set, else an in-memory PGlite served over a socket
 * from its own process (see pglite-process.ts); give each instance a small pool.
 */
export async function createSharedDatabase(label: string): Promise<TestDatabase> {
  if (TEST_DATABASE_URL) return createTestDatabase(label);
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./pglite-process.ts", import.meta.url))], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = once(child, "exit");
  const address = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`PGlite did not start:\n${out}`)), 60_000);
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then(() => reject(new Error(`PGlite exited before listening:\n${out}`)));
  });
  return {
    url: `postgres://postgres@${address}/postgres`,
    async drop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
