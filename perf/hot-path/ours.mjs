// What the hot-path benchmarks share about our server: the environment it runs with, tokens for the seeded
// users, and dropping its cached sections between phases.
import { missCapacity } from "./miss-capacity.mjs";

const secret = "hot-path-bench-secret-0123456789abcdef0123456789";
const { signToken } = await import("../../packages/server/dist/index.js");

/** A bearer token for `subject`, signed with the benchmark servers' secret. */
export const token = (subject, roles = ["user"]) => signToken(subject, roles, 3600, { key: secret, algorithm: "HS256", issuer: "intro-page", audience: "intro-page" });
export const pagePath = "/api/v1/intro-page/demo";
export const auth = { Authorization: `Bearer ${token("demo")}` };
export const adminHeaders = { Authorization: `Bearer ${token("bench-admin", ["admin"])}` };

/**
 * First reads and misses are read as a widget reads them, in a browser: each new page is compressed for it.
 * (Until the tenth round they were read without Accept-Encoding, which left compression out of a miss's cost.)
 */
export const browserAcceptEncoding = "gzip, deflate, br, zstd";

/** Our servers' environment. */
export const oursEnv = {
  JWT_SECRET: secret,
  // Limits stay on (their headers are part of every answer); high enough that the limiter never refuses.
  RATE_LIMIT_READ: "1000000",
  RATE_LIMIT_WRITE: "1000000",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
  ACCESS_LOG_SAMPLE_RATE: process.env.ACCESS_LOG_SAMPLE_RATE ?? "0.01",
  // Sections stay cached for the whole run, so the cached scenarios measure cached reads (not reloads at TTL expiry).
  ...Object.fromEntries(["STATISTICS", "ACTIONS", "ACTIVITY", "PERSONALIZATION", "SYSTEM"].map((name) => [`CACHE_TTL_${name}_S`, "3600"])),
};

/** The ids `npm run seed -- --users <users>` gives its users. */
export const seededIds = (users) => Array.from({ length: users }, (_, i) => `user-${String(i + 1).padStart(Math.max(6, String(users).length), "0")}`);

/** Reads the page from `server` until every section is served `ok` (a busy machine can blow the first loads' time budgets). */
export async function untilWarm(server, headers = auth, path = pagePath) {
  for (let attempt = 1; attempt <= 30; attempt++) {
    const reply = await fetch(`${server.url}${path}`, { headers });
    if (!JSON.parse(await reply.text()).meta.degraded) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Reads the demo users' pages with every section loaded from the database: warms the process (JIT, pool), not its cache. */
export const warmingPaths = ["demo", "alice", "bob", "carol", "dave"].map((id) => `/api/v1/intro-page/${id}?fresh=true`);

/** Drops every cached section on `server` (as TTL expiry or invalidation leaves them) and waits until pages are whole again. */
export async function dropCache(server) {
  const dropped = await fetch(`${server.url}/api/v1/cache/invalidate`, { method: "POST", headers: { ...adminHeaders, "Content-Type": "application/json" }, body: JSON.stringify({ all: true }) });
  if (dropped.status !== 200) throw new Error(`cache invalidation answered ${dropped.status}: ${await dropped.text()}`);
  await untilWarm(server, adminHeaders, `${pagePath}?fresh=true`);
}

/**
 * For the tools that count one process's work per page (bench:instructions, bench:allocations): exits with a line
 * saying what is missing unless DATABASE_URL names the seeded database.
 */
export function requireSeededDatabase() {
  if (process.env.DATABASE_URL) return;
  console.error("DATABASE_URL is not set: it needs PostgreSQL seeded with npm run seed -- --users 10000");
  process.exit(2);
}

/**
 * The seeded users such a tool reads: `count` from the start of the range to measure, 300 from its end to warm the
 * process first, and each one's headers (their own token, and `acceptEncoding`).
 */
export function seededReaders(count, acceptEncoding) {
  const all = seededIds(10_000);
  const measured = all.slice(0, count);
  const warming = all.slice(-300);
  const headers = new Map([...measured, ...warming].map((id) => [id, { Authorization: `Bearer ${token(id)}`, "Accept-Encoding": acceptEncoding }]));
  return { measured, warming, headersFor: (id) => headers.get(id) };
}

/** Warms `server` (JIT, connection pool, closed circuits) with the demo pages, then first reads and misses of `warming`. */
export async function warmUp(server, { warming, headersFor }, connections) {
  for (const path of warmingPaths) await untilWarm(server, adminHeaders, path);
  await missCapacity(server, { ids: warming, headersFor, dropCache, connections });
}

/** Throws when a `missCapacity` result has a failed or degraded page: such a page's work is not a page's. */
export function requireWholePages({ firstReads, cacheMisses }) {
  const bad = firstReads.failed + firstReads.degraded + cacheMisses.failed + cacheMisses.degraded;
  if (bad > 0) throw new Error(`${bad} pages failed or came back degraded: their work is not a page's`);
}
