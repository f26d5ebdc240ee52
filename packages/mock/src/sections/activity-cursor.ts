// Keyset cursors: the (occurredAt, id) of the last entry on a page, as
// base64url JSON, so the next page starts strictly after it even when new
// activity arrives in between.

/** The position a cursor points after. */
export interface ActivityPosition {
  occurredAt: string;
  id: string;
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Encodes a position as an opaque cursor matching the contract's `Cursor` pattern. */
export function encodeActivityCursor(position: ActivityPosition): string {
  return toBase64Url(JSON.stringify({ t: position.occurredAt, i: position.id }));
}

/** Decodes a cursor; `undefined` when it is not one this mock issued. */
export function decodeActivityCursor(cursor: string): ActivityPosition | undefined {
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(cursor)) return undefined;
  try {
    const base64 = cursor.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
    const parsed: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0))));
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const { t, i } = parsed as Record<string, unknown>;
    if (typeof t !== "string" || Number.isNaN(Date.parse(t)) || typeof i !== "string") return undefined;
    return { occurredAt: t, id: i };
  } catch {
    return undefined;
  }
}
