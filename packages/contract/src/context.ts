// The state one run shares between its checks: the contract, the HTTP client,
// the identities to act as, the results so far and which statuses were seen.
import { BudgetExhausted, RequestFailed } from "./http-client.js";
import type { Caller, Exchange, HttpClient, OutgoingRequest } from "./http-client.js";
import type { CheckName, CheckResult } from "./report/model.js";
import type { Contract, Operation } from "./spec.js";
import { SchemaValidator } from "./validator.js";

/** The identities and knobs the checks need. */
export interface RunSettings {
  /** The user the `user` token speaks for. */
  userId: string;
  /** A user the `user` token must not read or change. */
  otherUserId: string;
  /** Seed of every generated value. */
  seed: number;
  /** Fresh per run, so created ids (event ids, item ids) never collide with an earlier run's. */
  nonce: string;
  /** The size of the body the `body-size` check sends (bytes). */
  oversizeBytes: number;
}

/** Collects the cases of one check on one operation. */
export class CheckRecorder {
  constructor(
    private readonly result: CheckResult,
    private readonly client: HttpClient,
  ) {}

  /** Counts passed cases. */
  pass(cases = 1): void {
    this.result.passed += cases;
    delete this.result.reason;
    if (this.result.status === "skipped") this.result.status = "passed";
  }

  /** Counts a failed case; the first one is kept with a curl reproducer of `request`. */
  fail(detail: string, request?: OutgoingRequest): void {
    this.result.failed++;
    delete this.result.reason;
    this.result.status = "failed";
    this.result.failure ??= { detail, ...(request ? { curl: this.client.curl(request) } : {}) };
  }

  /** Marks the check skipped (only while nothing passed or failed). */
  skip(reason: string): void {
    if (this.result.passed === 0 && this.result.failed === 0) {
      this.result.status = "skipped";
      this.result.reason = reason;
    }
  }

  /** Runs `body`, turning a timeout or network error into a failure and a used-up budget into a skip. */
  async guard(body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      if (error instanceof BudgetExhausted) this.skip(error.message);
      else if (error instanceof RequestFailed) this.fail(`${error.request.method} ${error.request.path}: ${error.kind}: ${error.message}`, error.request);
      else throw error;
    }
  }
}

/** One run's shared state. */
export class RunContext {
  readonly validator: SchemaValidator;
  /** The successful positive exchange of each operation, for checks that build on it (conditional GET). */
  readonly positives = new Map<string, Exchange>();
  /** The caller each operation's positive call succeeded as (e.g. service, after admin got 403). */
  readonly workingCallers = new Map<string, Caller>();
  private readonly results = new Map<string, CheckResult>();
  private readonly seen = new Set<string>();
  private created = 0;

  constructor(
    readonly contract: Contract,
    readonly client: HttpClient,
    readonly settings: RunSettings,
    readonly selected: Operation[],
  ) {
    this.validator = new SchemaValidator(contract);
  }

  /** The recorder for `check` on `operationId`; starts as skipped until a case passes or fails. */
  record(operationId: string, check: CheckName): CheckRecorder {
    const key = `${operationId}\u0000${check}`;
    let result = this.results.get(key);
    if (!result) {
      result = { operationId, check, status: "skipped", passed: 0, failed: 0, reason: "not run" };
      this.results.set(key, result);
    }
    return new CheckRecorder(result, this.client);
  }

  /** The operation with this id (throws on a spec that lacks it: a check asked for it by name). */
  operation(operationId: string): Operation | undefined {
    return this.contract.operations.find((op) => op.operationId === operationId);
  }

  /** Sends a request for `operation` and notes the status for coverage. */
  async send(operation: Operation, request: OutgoingRequest): Promise<Exchange> {
    const exchange = await this.client.send(request);
    this.seen.add(`${operation.operationId} ${exchange.status}`);
    return exchange;
  }

  /** Notes `status` for coverage, for exchanges sent without `send` (the stream check's own reader). */
  noteStatus(operation: Operation, status: number): void {
    this.seen.add(`${operation.operationId} ${status}`);
  }

  /** A suffix no earlier call of this run (or earlier run) has used, for ids the run creates. */
  fresh(): string {
    return `${this.settings.nonce}${(this.created++).toString(36)}`;
  }

  /** Every result recorded so far. */
  allResults(): CheckResult[] {
    return [...this.results.values()];
  }

  /** True when some response of `operationId` had `status`. */
  wasSeen(operationId: string, status: string): boolean {
    return this.seen.has(`${operationId} ${status}`);
  }
}
