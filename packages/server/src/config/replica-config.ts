import { z } from "zod";

/** A comma-separated list of PostgreSQL URLs; empty entries are dropped. */
const postgresUrlList = z
  .string()
  .transform((value) => value.split(",").map((part) => part.trim()).filter(Boolean))
  .pipe(z.array(z.url({ protocol: /^postgres(ql)?$/ })));

/**
 * The read-replica variables, spread into the server's config schema. With
 * none set, every query goes to DATABASE_URL as before.
 */
export const replicaConfigShape = {
  DATABASE_READ_URL: postgresUrlList
    .default([])
    .describe("Comma-separated PostgreSQL URLs of read replicas for section reads. Unset: all reads go to DATABASE_URL."),
  DATABASE_READ_MAX_LAG_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(3_600_000)
    .default(5_000)
    .describe("A replica whose replay lags the primary by more than this (ms), or that is down, is skipped; reads fall back to the primary."),
  DATABASE_READ_YOUR_WRITES_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(600_000)
    .default(5_000)
    .describe("After a user's write, that user's reads go to the primary for this long (ms), so they see their own write."),
  DATABASE_READ_LAG_CHECK_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(1_000)
    .describe("How often each replica's replay lag is measured (ms)."),
} as const;
