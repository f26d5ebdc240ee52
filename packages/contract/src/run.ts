// The library entry: runs every check against a server and returns the report.
import { randomBytes } from "node:crypto";
import { checkConditional } from "./checks/conditional.js";
import { checkFuzz } from "./checks/fuzz.js";
import { checkAuth, checkBody, checkBodySize, checkMediaType, checkMethod, checkNotFound, checkOwner, checkParams, checkRole } from "./checks/negative.js";
import { checkPositive } from "./checks/positive.js";
import { checkStateful } from "./checks/stateful.js";
import { checkStream } from "./checks/stream.js";
import { RunContext } from "./context.js";
import { UsageError } from "./errors.js";
import { HttpClient, RequestFailed, tokenFlag } from "./http-client.js";
import type { Tokens } from "./http-client.js";
import { checkNames } from "./report/model.js";
import type { ContractReport } from "./report/model.js";
import { loadContract } from "./spec.js";
import type { Contract, Operation } from "./spec.js";

/** What to check and as whom. Only `baseUrl` is required; without a token only public operations are checked. */
export interface ContractOptions {
  /** The server's origin (and path prefix), e.g. `http://localhost:3000`. */
  baseUrl: string;
  /** A `user` token; its `sub` is the user whose page is checked unless `userId` says otherwise. */
  token?: string;
  /** An `admin` token: admin-only operations, and unknown users (404). */
  adminToken?: string;
  /** A `service` token: posting events, cache invalidation. */
  serviceToken?: string;
  /** The user `token` speaks for; default its `sub` claim. */
  userId?: string;
  /** A user `token` must not read or change; default `intro-page-contract-stranger`. */
  otherUserId?: string;
  /** Seed of every generated value; the same seed sends the same fuzz cases. Default 1. */
  seed?: number;
  /** The most requests the run may send; fuzzing gets what the other checks leave. Default 1000. */
  maxRequests?: number;
  /** Check only these operationIds. */
  only?: string[];
  /** The OpenAPI 3.1 document to check against; default the repository's (or packaged) openapi.yaml. */
  spec?: string;
  /** How long one request may take before it counts as a hang (ms). Default 5000. */
  timeoutMs?: number;
  /** The size of the body the oversized-body check sends (bytes). Default 2 MiB. */
  oversizeBytes?: number;
  /** How long the stream check listens to an event stream for its first event and a heartbeat (ms). Default 20000. */
  streamListenMs?: number;
  /** Called with a short line as each stage starts. */
  onProgress?: (line: string) => void;
}

/** The defaults of {@link ContractOptions}. */
export const contractDefaults = { seed: 1, maxRequests: 1000, timeoutMs: 5000, oversizeBytes: 2 * 1024 * 1024, streamListenMs: 20_000, otherUserId: "intro-page-contract-stranger" } as const;

/**
 * Checks the server at `options.baseUrl` against the contract: positive,
 * negative, conditional, stateful and fuzzed calls of every operation.
 * Throws {@link UsageError} for bad options, an unreadable spec, an
 * unreachable server or a refused token; contract failures are in the report.
 */
export async function runContractChecks(options: ContractOptions): Promise<ContractReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const baseUrl = checkBaseUrl(options.baseUrl);
  const seed = options.seed ?? contractDefaults.seed;
  const maxRequests = options.maxRequests ?? contractDefaults.maxRequests;
  const timeoutMs = options.timeoutMs ?? contractDefaults.timeoutMs;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`seed must be a whole number >= 0, got ${options.seed}`);
  if (!Number.isSafeInteger(maxRequests) || maxRequests < 1) throw new UsageError(`max-requests must be a whole number >= 1, got ${options.maxRequests}`);
  if (!Number.isFinite(timeoutMs) || timeoutMs < 1) throw new UsageError(`timeout must be a positive number of ms, got ${options.timeoutMs}`);
  const contract = loadContract(options.spec);
  const selected = selectOperations(contract, options.only);
  const tokens: Tokens = { user: options.token, admin: options.adminToken, service: options.serviceToken };
  const userId = options.userId ?? (options.token ? subjectOf(options.token) : undefined) ?? "intro-page-contract-user";
  const client = new HttpClient(baseUrl, tokens, timeoutMs, maxRequests);
  const ctx = new RunContext(
    contract,
    client,
    {
      userId,
      otherUserId: options.otherUserId ?? contractDefaults.otherUserId,
      seed,
      nonce: randomBytes(4).toString("hex"),
      oversizeBytes: options.oversizeBytes ?? contractDefaults.oversizeBytes,
    },
    selected,
  );
  const progress = options.onProgress ?? (() => {});

  await preflight(ctx, tokens);
  progress(`positive and conditional checks (${selected.length} operations)`);
  for (const operation of selected) await checkPositive(ctx, operation);
  for (const operation of selected) await checkConditional(ctx, operation);
  const streamListenMs = options.streamListenMs ?? contractDefaults.streamListenMs;
  for (const operation of selected) await checkStream(ctx, operation, streamListenMs);
  progress("negative checks");
  for (const operation of selected) {
    for (const check of [checkAuth, checkOwner, checkRole, checkParams, checkBody, checkNotFound, checkMediaType, checkBodySize, checkMethod]) {
      await check(ctx, operation);
    }
  }
  progress("stateful sequences");
  await checkStateful(ctx);
  progress(`fuzzing (${client.remaining} requests left in the budget)`);
  await checkFuzz(ctx);

  const order = new Map(selected.map((op, index) => [op.operationId, index]));
  const results = ctx
    .allResults()
    .filter((result) => order.has(result.operationId))
    .sort((a, b) => order.get(a.operationId)! - order.get(b.operationId)! || checkNames.indexOf(a.check) - checkNames.indexOf(b.check));
  const pairs = selected.flatMap((op) =>
    Object.keys(op.responses).map((status) => ({ operationId: op.operationId, status, seen: ctx.wasSeen(op.operationId, status) })),
  );
  return {
    baseUrl,
    spec: contract.source,
    seed,
    startedAt,
    durationMs: Math.round(performance.now() - started),
    requests: client.sent,
    results,
    coverage: { documented: pairs.length, seen: pairs.filter((pair) => pair.seen).length, pairs },
    ok: results.every((result) => result.status !== "failed"),
  };
}

function checkBaseUrl(raw: string | undefined): string {
  if (!raw) throw new UsageError("--base-url is required (e.g. --base-url http://localhost:3000)");
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--base-url ${JSON.stringify(raw)} is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--base-url must be http or https, got ${url.protocol}`);
  return url.toString().replace(/\/+$/, "");
}

function selectOperations(contract: Contract, only: string[] | undefined): Operation[] {
  if (!only || only.length === 0) return contract.operations;
  const unknown = only.filter((id) => !contract.operations.some((op) => op.operationId === id));
  if (unknown.length > 0) throw new UsageError(`--only: no operation ${unknown.join(", ")} in ${contract.source}`);
  return contract.operations.filter((op) => only.includes(op.operationId));
}

/** The `sub` claim of a JWT, read without verifying (the server verifies). */
function subjectOf(token: string): string | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const sub = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")).sub;
    return typeof sub === "string" ? sub : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Fails fast, with one line, when the server cannot be reached or refuses a
 * token outright: every check after that would only repeat the same error.
 */
async function preflight(ctx: RunContext, tokens: Tokens): Promise<void> {
  const { contract, client } = ctx;
  const publicGet = contract.operations.find((op) => !op.secured && op.method === "GET" && !op.parameters.some((p) => p.required));
  try {
    await client.send({ method: "GET", path: publicGet?.path ?? "/", caller: "anonymous" });
  } catch (error) {
    // A slow answer is the checks' business (they report the hang per operation); no connection at all is the caller's.
    if (!(error instanceof RequestFailed)) throw error;
    if (error.kind === "network") throw new UsageError(`cannot reach ${client.baseUrl}: ${error.message}`);
  }
  // Any authenticated role may read an operation with no path and no 403; a 401 there means the token itself is refused.
  const anyRole = contract.operations.find((op) => op.secured && op.method === "GET" && !op.responses["403"] && !op.parameters.some((p) => p.required));
  if (!anyRole) return;
  for (const caller of ["user", "admin", "service"] as const) {
    if (!tokens[caller]) continue;
    const exchange = await client.send({ method: "GET", path: anyRole.path, caller }).catch((error: unknown) => {
      if (error instanceof RequestFailed && error.kind === "timeout") return undefined;
      throw error;
    });
    if (exchange?.status === 401) {
      const detail = (exchange.json as { detail?: string } | undefined)?.detail;
      throw new UsageError(`the server refused ${tokenFlag(caller)} (401${detail ? `: ${detail}` : ""}) on GET ${anyRole.path}`);
    }
  }
}
