// The perf lab's own connection to the server's database: PostgreSQL via `pg`
// when DATABASE_URL is set, otherwise the same file-backed PGlite the server
// will open afterwards (PGlite allows one process at a time, so the lab seeds
// and times queries before it starts the server).
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";

/**
 * @typedef {object} PerfDatabase
 * @property {"postgres" | "pglite"} kind
 * @property {(sql: string, params?: unknown[]) => Promise<{ rows: any[] }>} query
 * @property {() => Promise<void>} close
 */

/** Creates the database named in `url` when it does not exist yet (connecting to `postgres` to do so). */
export async function ensurePostgresDatabase(url) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`DATABASE_URL names database "${name}"; the perf lab only creates plain names.`);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

/** Applies the server's migrations with its own CLI, exactly as an operator would. */
export function migrate(root, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, "packages/server/dist/cli/migrate.js"), "up"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.once("exit", (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`migrate exited with ${code}: ${out}`))));
  });
}

/** Opens the database the server will use. */
export async function openPerfDatabase({ databaseUrl, pgliteDir }) {
  if (databaseUrl) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, application_name: "intro-page-perf" });
    return { kind: "postgres", query: (sql, params) => pool.query(sql, params), close: () => pool.end() };
  }
  mkdirSync(pgliteDir, { recursive: true });
  const { PGlite } = await import("@electric-sql/pglite");
  const db = new PGlite(pgliteDir);
  await db.waitReady;
  return { kind: "pglite", query: (sql, params) => db.query(sql, params), close: () => db.close() };
}
