import { randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import pg from "pg";

/** The PostgreSQL the suite may use; unset means each server runs on its own embedded PGlite. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** A database for one test file: a fresh PostgreSQL database, or none (the server then starts an in-memory PGlite). */
export interface TestDatabase {
  /** DATABASE_URL for the server, undefined for PGlite. */
  url: string | undefined;
  /** Which engine the file runs against, for test names and logs. */
  kind: "postgres" | "pglite";
  drop(): Promise<void>;
}

/** A database several server instances (or processes) can connect to: it always has a URL. */
export interface SharedDatabase extends TestDatabase {
  url: string;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function createPostgresDatabase(label: string): Promise<SharedDatabase> {
  const name = `intro_page_${label}_${randomBytes(6).toString("hex")}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return { url: url.toString(), kind: "postgres", drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * The environment that puts a server process (test/support/child-server.ts) on `database`: its URL, or, for PGlite,
 * a data folder of its own at `pgliteDir` (a process started without either would use the default local folder).
 */
export function databaseEnv(database: TestDatabase, pgliteDir: string): Record<string, string> {
  return database.url ? { DATABASE_URL: database.url } : { DATABASE_URL: "", PGLITE_DATA_DIR: pgliteDir };
}

/**
 * With TEST_DATABASE_URL set, creates `intro_page_<label>_<random>` on that
 * server (isolated from parallel runs) and drops it afterwards; otherwise
 * the server under test uses its own in-memory PGlite.
 */
export async function createTestDatabase(label = "t"): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) return { url: undefined, kind: "pglite", drop: async () => undefined };
  return createPostgresDatabase(label);
}

/**
 * A database several server instances can share: a fresh PostgreSQL database
 * when TEST_DATABASE_URL is set, else an in-memory PGlite served over a socket
 * from its own process (see pglite-process.ts); give each instance a small pool.
 */
export async function createSharedDatabase(label: string): Promise<SharedDatabase> {
  if (TEST_DATABASE_URL) return createPostgresDatabase(label);
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
    kind: "pglite",
    async drop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
