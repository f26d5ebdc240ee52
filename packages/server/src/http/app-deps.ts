import type { Logger } from "pino";
import type { JwtKeys } from "../auth/jwt.js";
import type { SectionCache } from "../cache/section-cache.js";
import type { Config } from "../config/config.js";
import type { Database } from "../data-access/database.js";
import type { Coordinator } from "../domain/coordinator.js";
import type { LiveUpdates } from "../domain/live-updates.js";
import type { FlagAdmin } from "../domain/flags/flag-admin.js";
import type { PageFlags } from "../domain/flags/page-flags.js";
import type { PageWrites } from "../domain/page-writes.js";
import type { UserDirectory } from "../domain/user-directory.js";
import type { OpsRuntime } from "../ops/ops-runtime.js";
import type { ContractDocument } from "./contract-document.js";
import type { LiveStreams } from "./live-streams.js";
import type { DemoPageFiles } from "./routes/demo.js";
import type { DemoMode } from "./routes/demo-api.js";

/**
 * Everything the HTTP layer needs; the start layer builds it, tests may hand
 * in their own parts. Its own module so the route files can name it without
 * importing `app.ts`, which imports them.
 */
export interface AppDeps {
  config: Config;
  logger: Logger;
  jwtKeys: JwtKeys;
  contract: ContractDocument;
  database: Database;
  cache: SectionCache;
  coordinator: Coordinator;
  users: UserDirectory;
  writes: PageWrites;
  /** Health, metrics, cache API, rate limits and hardening (`createOpsRuntime`); the start layer always provides it. */
  ops?: OpsRuntime;
  /** Live push: the page changes and the streams open here; without it the stream route is not mounted (404). */
  live?: { updates: LiveUpdates; streams: LiveStreams };
  /** Feature flags (evaluation and the admin API); without them every section is on and `/api/v1/flags` is absent. */
  flags?: { pageFlags: PageFlags; admin: FlagAdmin };
  /** The widget demo served at `/`; without it `/` redirects to `/docs`. */
  demoPage?: DemoPageFiles;
  /** Demo mode (no JWT key configured): the demo page's token, user and live-activity endpoints; without it `/demo/*` is 404. */
  demo?: DemoMode;
}
