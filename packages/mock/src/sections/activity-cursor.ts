// Keyset cursors: the (occurredAt, id) of the last entry on a page, as
// base64url JSON, so the next page starts strictly after it even when new
// activity arrives in between.

import { decodeBase64Url, encodeBase64Url } from "../base64url.js";

/** The position a cursor points after. */
export interface ActivityPosition {
  occurredAt: string;
  id: string;
}

/** Encodes a position as an opaque cursor matching the contract's `Cursor` pattern. */
export function encodeActivityCursor(position: ActivityPosition): string {
  return encodeBase64Url(JSON.stringify({ t: position.occurredAt, i: position.id }));
}

/** Decodes a cursor; `undefined` when it is not one this mock issued. */
export function decodeActivityCursor(cursor: string): ActivityPosition | undefined {
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(cursor)) return undefined;
  try {
    const parsed: unknown = JSON.parse(decodeBase64Url(cursor));
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const { t, i } = parsed as Record<string, unknown>;
    if (typeof t !== "string" || Number.isNaN(Date.parse(t)) || typeof i !== "string") return undefined;
    return { occurredAt: t, id: i };
  } catch {
    return undefined;
  }
}
