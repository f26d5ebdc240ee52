import { LRUCache } from "lru-cache";
import { verifyTokenUntil, type JwtKeys } from "./jwt.js";
import type { Principal } from "./principal.js";

/** Verifies a bearer token into its principal; throws the same 401 `AppError`s as `verifyToken`. */
export type TokenVerifier = (token: string) => Principal;

/** Options for {@link cachedTokenVerifier}. */
export interface CachedTokenVerifierOptions {
  /** Most memory the remembered tokens may take, in bytes, as estimated by `entryBytes` (least recently used go first). */
  maxBytes?: number;
  /** Clock (epoch ms), for tests. */
  now?: () => number;
}

/**
 * A verifier that checks each token's signature and claims once and then
 * remembers the principal until the token's `exp`, in an LRU keyed by the
 * whole token text and bounded in bytes (so as many users as the memory
 * allows, not a fixed count: past the bound every poll of the least recent
 * users would be checked again). A widget polls with the same token for its whole
 * life, so most requests skip the HMAC/RSA check and the JSON parsing. Only
 * tokens that verified are remembered; a refused token is checked again every
 * time. Nothing is served past `exp` (the clock tolerance is applied only by
 * the full check), and nothing survives a reload of the key set
 * (`reloadJwtKeys` replaces `keys.keys`): a retired key's tokens are refused
 * at once.
 */
export function cachedTokenVerifier(keys: JwtKeys, options: CachedTokenVerifierOptions = {}): TokenVerifier {
  const now = options.now ?? Date.now;
  // A byte bound (no `max`): lru-cache would allocate its index arrays for `max` entries up front.
  const verified = new LRUCache<string, { principal: Principal; expiresAtMs: number }>({ maxSize: options.maxBytes ?? 16 * 2 ** 20, sizeCalculation: entryBytes });
  let keySet = keys.keys;
  return (token) => {
    if (keys.keys !== keySet) {
      verified.clear();
      keySet = keys.keys;
    }
    const known = verified.get(token);
    if (known && now() < known.expiresAtMs) return known.principal;
    const fresh = verifyTokenUntil(token, keys);
    if (now() < fresh.expiresAtMs) verified.set(token, fresh);
    else verified.delete(token);
    return fresh.principal;
  };
}

/**
 * What one remembered token costs, roughly: the token text (one byte a
 * character), the principal with its role set, and the LRU's own slots.
 */
export const entryBytes = (_value: unknown, token: string): number => token.length + 300;
