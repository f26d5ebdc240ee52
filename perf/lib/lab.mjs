// The steps `npm run bench` and `npm run profile` share: a fresh server
// build, the database with its dataset, the server's environment and a
// sample of the page the baselines serve.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensurePostgresDatabase, migrate, openPerfDatabase } from "./db/database.mjs";
import { timeSectionQueries } from "./db/query-timing.mjs";
import { ensureDataset } from "./db/seed.mjs";
import { perfUserId } from "./requests.mjs";

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds packages/server when its dist is missing or older than its sources (one printed line). */
export function ensureServerBuilt(root) {
  const entry = join(root, "packages/server/dist/cli/start.js");
  if (existsSync(entry) && statSync(entry).mtimeMs >= newestMtime(join(root, "packages/server/src"))) return;
  console.log("packages/server/dist is missing or older than its sources: building it (npm run build -w packages/server) …");
  execFileSync("npm", ["run", "build", "-w", "packages/server", "--silent"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
}

/**
 * Migrates the database, makes sure the dataset is there (seeding it with a
 * progress bar when not) and optionally times the section queries.
 * PostgreSQL when DATABASE_URL is set, else a file-backed PGlite under perf/.data/.
 */
export async function prepareDatabase({ root, perfDir, profile, queryRuns = 0 }) {
  const databaseUrl = process.env.DATABASE_URL;
  const dbEnv = databaseUrl ? { DATABASE_URL: databaseUrl } : { PGLITE_DATA_DIR: join(perfDir, ".data", "pglite") };
  if (databaseUrl) await ensurePostgresDatabase(databaseUrl);
  await migrate(root, dbEnv);
  const db = await openPerfDatabase({ databaseUrl, pgliteDir: dbEnv.PGLITE_DATA_DIR });
  try {
    const dataset = await ensureDataset(db, { users: profile.users, activityPerUser: profile.activityPerUser });
    console.log(
      dataset.reused
        ? `dataset: reused ${dataset.users} perf users, ${dataset.activity} activity rows (${db.kind})`
        : `dataset: seeded ${dataset.users} perf users, ${dataset.activity} activity rows in ${dataset.seconds.toFixed(1)} s (${db.kind})`,
    );
    let queries;
    if (queryRuns > 0) {
      const userIds = Array.from({ length: dataset.users }, (_, i) => perfUserId(i + 1));
      queries = await timeSectionQueries(db, { userIds, runs: queryRuns });
    }
    return { kind: db.kind, dbEnv, dataset, queries };
  } finally {
    await db.close();
  }
}

/** The server's environment for a measured run: our secret, limits lifted out of the way, no demo seed. */
export function serverEnv({ dbEnv, secret, logLevel }) {
  return {
    ...dbEnv,
    JWT_SECRET: secret,
    LOG_LEVEL: logLevel,
    SEED_DEMO: "false",
    // Measure the server, not the limiter's refusals (the limiter itself still runs on every request).
    RATE_LIMIT_WINDOW_S: "1",
    RATE_LIMIT_READ: "1000000",
    RATE_LIMIT_WRITE: "1000000",
  };
}

/** A secret for this run only (tokens die with it). */
export const runSecret = () => randomBytes(36).toString("base64url");

/**
 * Fetches user 1's page from the server until no section is degraded (a
 * first read on a busy machine can time out a section) and writes the body
 * the baselines will serve; returns its file, ETag and size.
 */
export async function samplePage(server, sign, attempts = 20) {
  const userId = perfUserId(1);
  let body;
  let res;
  for (let i = 0; i < attempts; i++) {
    res = await fetch(`${server.url}/api/v1/intro-page/${userId}`, { headers: { authorization: `Bearer ${sign(userId, ["user"])}` } });
    body = Buffer.from(await res.arrayBuffer());
    if (!res.ok) throw new Error(`the server answered ${res.status} for ${userId}'s page: ${body.toString().slice(0, 300)}`);
    if (JSON.parse(body.toString()).meta?.degraded === false) break;
    if (i === attempts - 1) console.log(`${userId}'s page is still degraded after ${attempts} reads; the baselines serve it as it is (${body.length} bytes).`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const bodyFile = join(mkdtempSync(join(tmpdir(), "perf-page-")), "page.json");
  writeFileSync(bodyFile, body);
  return { bodyFile, etag: res.headers.get("etag") ?? '"none"', bytes: body.length };
}
