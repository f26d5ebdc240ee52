// Checks shared by the handlers: who may see which user,
// request bodies and conditional reads.
import { weakEtag, matchesIfNoneMatch } from "../http/etag.js";
import { mayAct, mayRead } from "../http/auth.js";
import type { AuthenticatedCall, Call } from "../http/pipeline.js";
import { badRequestInit } from "../http/problem.js";
import type { MockRuntime } from "../mock-runtime.js";
import type { ValidationIssue } from "../schema.js";
import type { UserRecord } from "../state/mock-state.js";

/** The largest request body the reference server accepts. */
export const maxBodyBytes = 1024 * 1024;

/** A 400 naming each bad parameter. */
export function badRequest(call: Call, issues: ValidationIssue[]): Response {
  return call.problem(badRequestInit(issues));
}

/**
 * Finds the user a request is about, applying the contract's rules in order (a malformed id
 * was refused by the pipeline already): another user's page → 403 (`act`: only the user themself), unknown user → 404.
 */
export function findUser(runtime: MockRuntime, call: AuthenticatedCall, userId: string, access: "read" | "act"): UserRecord | Response {
  const allowed = access === "read" ? mayRead(call.identity, userId) : mayAct(call.identity, userId);
  if (!allowed) {
    return call.problem({
      status: 403,
      detail: access === "read" ? "You may only read your own intro page." : "You may only act on your own intro page.",
    });
  }
  const user = runtime.state.users.get(userId);
  return user ?? call.problem({ status: 404, detail: `No user with id "${userId}".` });
}

/** Parses a JSON body: 415 for another media type, 413 above the size limit, 400 for broken JSON. */
export async function readJsonBody(request: Request, call: Call, mediaTypes: readonly string[]): Promise<{ body: unknown } | Response> {
  const contentType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!mediaTypes.includes(contentType)) {
    return call.problem({
      status: 415,
      detail: `Content-Type ${contentType || "(none)"} is not accepted; send ${mediaTypes.join(" or ")}.`,
    });
  }
  const text = await request.text();
  if (new TextEncoder().encode(text).byteLength > maxBodyBytes) {
    return call.problem({ status: 413, detail: "The body exceeds the limit of 1 MB." });
  }
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    return badRequest(call, [{ pointer: "/body", detail: "is not valid JSON" }]);
  }
}

/** The headers every successful read sends: a weak ETag from `etagSource` and `Cache-Control`. */
export function readHeaders(etagSource: unknown): { ETag: string; "Cache-Control": "private, no-cache" } {
  return { ETag: weakEtag(etagSource), "Cache-Control": "private, no-cache" };
}

/** True when the request's `If-None-Match` still matches, i.e. the answer is `304`. */
export function isNotModified(request: Request, etag: string): boolean {
  return matchesIfNoneMatch(request.headers.get("if-none-match"), etag);
}
