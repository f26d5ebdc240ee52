import { AppError } from "../errors/app-error.js";
import type { ActivityCursor } from "../vocabulary/activity-cursor.js";

/** Encodes a keyset position as the opaque base64url cursor clients pass back. */
export function encodeCursor(cursor: ActivityCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.occurredAt, i: cursor.id }), "utf8").toString("base64url");
}

/**
 * Decodes a client's cursor.
 * @throws AppError(400) pointing at `/query/cursor` for anything we did not issue.
 */
export function decodeCursor(text: string): ActivityCursor {
  const invalid = () => new AppError(400, "The cursor is not one this server issued.", { errors: [{ pointer: "/query/cursor", detail: "is not a valid cursor" }] });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  const { t, i } = (parsed ?? {}) as { t?: unknown; i?: unknown };
  if (typeof t !== "string" || typeof i !== "string" || i.length === 0 || i.length > 64) throw invalid();
  const time = new Date(t);
  if (Number.isNaN(time.getTime()) || time.toISOString() !== t) throw invalid();
  return { occurredAt: t, id: i };
}
