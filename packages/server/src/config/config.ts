import { z } from "zod";
import { liveConfigShape } from "./live-config.js";
import { flagConfigShape } from "./flag-config.js";
import { opsConfigShape } from "./ops-config.js";
import { replicaConfigShape } from "./replica-config.js";

/**
 * Reads a boolean environment variable. Only the spellings operators actually
 * use are accepted, so a typo like `ture` stops the process instead of
 * silently meaning false.
 */
const booleanFlag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"])
    .default(fallback ? "true" : "false")
    .transform((value) => value === "true" || value === "1" || value === "yes");

const seconds = (fallback: number) => z.coerce.number().int().min(1).max(7 * 24 * 3600).default(fallback);

const sectionTtl = (section: string, fallback: number) =>
  seconds(fallback).describe(`How long (s) a computed ${section} section is served from the cache.`);

/**
 * Every environment variable the server reads, each with its documentation
 * and default. `loadConfig()` validates them all at start; the README's
 * configuration table mirrors this schema.
 */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe("TCP port to listen on; 0 picks a free one."),
  HOST: z.string().min(1).default("127.0.0.1").describe("Interface to bind; use 0.0.0.0 in containers."),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .optional()
    .describe("PostgreSQL connection URL. Unset: an embedded PGlite database is started in-process."),
  PGLITE_DATA_DIR: z
    .string()
    .min(1)
    .optional()
    .describe("Where the embedded PGlite keeps its files when DATABASE_URL is unset. Unset: in memory (lost at exit)."),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10).describe("PostgreSQL pool size; the connections are opened at start and kept (PGlite always uses 1)."),
  DATABASE_ACQUIRE_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(60_000)
    .default(5_000)
    .describe("Longest wait for a free pooled connection (ms); then the request gets 503 with Retry-After."),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000).describe("Longest wait for a new PostgreSQL connection (ms), e.g. during a network partition."),
  DATABASE_QUERY_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(6_000)
    .describe("Client-side limit for one query's answer (ms): catches a stalled network the server-side statement_timeout (5 s) cannot see."),
  DATABASE_PREPARED_STATEMENTS: booleanFlag(true).describe(
    "Run reads as named prepared statements, parsed and planned once per connection (generic plans: the startup option plan_cache_mode=force_generic_plan). Set false behind a pooler that cannot keep them or refuses startup options (PgBouncer before 1.21 in transaction mode); left on, reads fall back to unnamed statements, with one warning, once sessions turn out to be shared.",
  ),
  MIGRATE_ON_START: booleanFlag(true).describe("Apply pending migrations from migrations/ before serving."),
  SEED_DEMO: booleanFlag(false).describe("Insert the demo dataset when the database has no users yet."),
  JWT_SECRET: z
    .string()
    .min(32, "must be at least 32 bytes for HS256")
    .optional()
    .describe("HS256 shared secret (>= 32 bytes). Unset and no JWT_PUBLIC_KEY: demo mode with a random secret."),
  JWT_PUBLIC_KEY: z
    .string()
    .includes("BEGIN PUBLIC KEY", { message: "must be a PEM public key" })
    .optional()
    .describe("PEM public key for RS256/ES256 tokens."),
  JWT_KEYS_FILE: z
    .string()
    .min(1)
    .optional()
    .describe("Path of a JWK Set (`{\"keys\": [...]}`, each with a kid) of verification keys, next to JWT_SECRET/JWT_PUBLIC_KEY. Re-read on change and on SIGHUP: rotate keys without a restart."),
  JWT_KEYS_RELOAD_MS: z.coerce.number().int().min(50).max(600_000).default(2_000).describe("How often JWT_KEYS_FILE is checked for changes (ms)."),
  JWT_ALGORITHMS: z
    .string()
    .default("HS256")
    .transform((value) => value.split(",").map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(z.enum(["HS256", "RS256", "ES256"])).min(1))
    .describe("Comma-separated accepted algorithms (HS256, RS256, ES256)."),
  JWT_ISSUER: z.string().min(1).default("intro-page").describe("Required `iss` claim."),
  JWT_AUDIENCE: z.string().min(1).default("intro-page").describe("Required `aud` claim."),
  JWT_CLOCK_TOLERANCE_S: z.coerce.number().int().min(0).max(300).default(30).describe("Allowed clock skew for exp/nbf (s)."),
  JWT_CACHE_MAX_MB: z.coerce
    .number()
    .int()
    .min(1)
    .max(4096)
    .default(16)
    .describe(
      "Upper bound of the verified bearer tokens each process remembers until they expire, in MB (about 0.5 KB a token: the default holds ~30,000 users); past it the least recently used are verified again on their next request.",
    ),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
    .default("info")
    .describe("pino log level."),
  ACCESS_LOG_SAMPLE_RATE: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(1)
    .describe("Share of successful requests (status < 400) that get an access log line; failed requests are always logged."),
  SECTION_TIMEOUT_MS: z.coerce.number().int().min(1).max(10_000).default(80).describe("Budget per section load (ms)."),
  BREAKER_ERROR_THRESHOLD_PERCENT: z.coerce.number().int().min(1).max(100).default(50).describe("Failure percentage that opens a section's circuit."),
  BREAKER_VOLUME_THRESHOLD: z.coerce.number().int().min(1).max(10_000).default(5).describe("Calls in the window before the circuit may open."),
  BREAKER_RESET_MS: z.coerce.number().int().min(10).max(600_000).default(10_000).describe("How long an open circuit waits before a trial call (ms)."),
  CACHE_TTL_STATISTICS_S: sectionTtl("statistics", 60),
  CACHE_TTL_ACTIONS_S: sectionTtl("actions", 30),
  CACHE_TTL_ACTIVITY_S: sectionTtl("activity", 30),
  CACHE_TTL_PERSONALIZATION_S: sectionTtl("personalization", 300),
  CACHE_TTL_SYSTEM_S: sectionTtl("system", 60),
  CACHE_STALE_TTL_S: seconds(86_400).describe("How long last-good copies are kept for stale fallback (s)."),
  CACHE_MAX_KEYS: z.coerce.number().int().min(100).max(10_000_000).default(100_000).describe("Upper bound of L1 entries."),
  CACHE_MAX_MB: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(32)
    .describe("Upper bound of the section data L1 keeps (each entry is a fresh section and its last-good copy at once), in MB; the least recently read go first."),
  EVENT_DEDUPE_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(30)
    .describe("How long POST /events remembers an eventId; a batch retried later than this is applied again."),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, "must look like 100kb or 1mb")
    .default("1mb")
    .describe("Largest accepted request body."),
  // [ops] configuration variables (rate limits, Redis, CORS, shutdown) go below this line.
  ...opsConfigShape,
  ...liveConfigShape,
  ...replicaConfigShape,
  // Feature flags (config/flag-config.ts).
  ...flagConfigShape,
});

/** The validated, typed configuration the server runs with. */
export type Config = z.output<typeof configSchema>;

/** Raised when the environment does not satisfy `configSchema`; the message names every bad variable. */
export class ConfigError extends Error {
  /** The variables that failed, each with the reason. */
  readonly issues: ReadonlyArray<{ variable: string; message: string }>;

  constructor(issues: ReadonlyArray<{ variable: string; message: string }>) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join("\n")}`);
    this.name = "ConfigError";
    this.issues = issues;
  }
}

/**
 * Validates environment variables into a `Config`. Empty strings count as
 * unset so `FOO=` in a shell or .env file falls back to the default.
 * @throws ConfigError naming each bad variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== "") relevant[key] = value;
  }
  const parsed = configSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? "?"), message: issue.message })));
  }
  const config = parsed.data;
  const wantsKeyPair = config.JWT_ALGORITHMS.some((alg) => alg !== "HS256");
  if (wantsKeyPair && !config.JWT_PUBLIC_KEY && !config.JWT_KEYS_FILE) {
    throw new ConfigError([{ variable: "JWT_PUBLIC_KEY", message: `is required when JWT_ALGORITHMS includes ${config.JWT_ALGORITHMS.join(",")}` }]);
  }
  if (config.JWT_PUBLIC_KEY && config.JWT_ALGORITHMS.includes("HS256")) {
    // Accepting HS256 next to a public key enables the classic key-confusion attack.
    throw new ConfigError([{ variable: "JWT_ALGORITHMS", message: "must not include HS256 when JWT_PUBLIC_KEY is set" }]);
  }
  if (config.HTTP_HEADERS_TIMEOUT_MS > config.HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError([{ variable: "HTTP_HEADERS_TIMEOUT_MS", message: "must not be longer than HTTP_REQUEST_TIMEOUT_MS" }]);
  }
  return config;
}

/** TTL in seconds per section name, from the configuration. */
export function sectionTtls(config: Config): Record<"statistics" | "actions" | "activity" | "personalization" | "system", number> {
  return {
    statistics: config.CACHE_TTL_STATISTICS_S,
    actions: config.CACHE_TTL_ACTIONS_S,
    activity: config.CACHE_TTL_ACTIVITY_S,
    personalization: config.CACHE_TTL_PERSONALIZATION_S,
    system: config.CACHE_TTL_SYSTEM_S,
  };
}
