// What a run produces: one result per (operation, check), coverage of the
// documented statuses, and the totals the CLI turns into an exit code.

/** Every check, in the order the report's table shows them. */
export const checkNames = [
  "positive",
  "auth",
  "owner",
  "role",
  "params",
  "body",
  "not-found",
  "media-type",
  "body-size",
  "method",
  "conditional",
  "stream",
  "stateful",
  "fuzz",
] as const;

/** The name of a check (see {@link checkNames}). */
export type CheckName = (typeof checkNames)[number];

/** The first failure of a check, with what reproduces it. */
export interface CheckFailure {
  /** Which case failed and why, e.g. `no token: expected 401, got 200`. */
  detail: string;
  /** A curl command that sends the failing request again (tokens as $TOKEN, $ADMIN_TOKEN, $SERVICE_TOKEN). */
  curl?: string;
}

/** The outcome of one check on one operation. */
export interface CheckResult {
  operationId: string;
  check: CheckName;
  status: "passed" | "failed" | "skipped";
  /** Cases that passed. */
  passed: number;
  /** Cases that failed. */
  failed: number;
  /** The first failure (when `status` is `failed`). */
  failure?: CheckFailure;
  /** Why the check was skipped (a missing token, the budget, no data to work on). */
  reason?: string;
}

/** A documented (operation, status) pair and whether any response of the run had it. */
export interface StatusCoverage {
  operationId: string;
  status: string;
  seen: boolean;
}

/** Everything a run found. */
export interface ContractReport {
  baseUrl: string;
  /** The spec file the run read. */
  spec: string;
  seed: number;
  startedAt: string;
  durationMs: number;
  /** Requests sent. */
  requests: number;
  results: CheckResult[];
  coverage: { documented: number; seen: number; pairs: StatusCoverage[] };
  /** True when no check failed. */
  ok: boolean;
}
