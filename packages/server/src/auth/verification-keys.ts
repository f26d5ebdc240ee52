import { createPublicKey, createSecretKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";

/** A signing algorithm the server can verify. */
export type VerificationAlgorithm = "HS256" | "RS256" | "ES256";

/** One key tokens may be verified with, bound to exactly one algorithm (so no token can pick another). */
export interface VerificationKey {
  /** The JWK `kid`; a token naming a `kid` is verified with that key only. Undefined for the key from JWT_SECRET / JWT_PUBLIC_KEY. */
  kid?: string;
  algorithm: VerificationAlgorithm;
  key: KeyObject;
}

/** What a key's type implies: RSA → RS256, EC P-256 → ES256, oct → HS256. */
function algorithmOf(jwk: JsonWebKey & { alg?: string }): VerificationAlgorithm {
  const implied = jwk.kty === "RSA" ? "RS256" : jwk.kty === "EC" && jwk.crv === "P-256" ? "ES256" : jwk.kty === "oct" ? "HS256" : undefined;
  if (!implied) throw new Error(`key type ${String(jwk.kty)}${jwk.crv ? ` (${jwk.crv})` : ""} is not supported; use RSA, EC P-256 or oct`);
  if (jwk.alg !== undefined && jwk.alg !== implied) throw new Error(`alg ${jwk.alg} does not fit a key of type ${String(jwk.kty)}; expected ${implied}`);
  return implied;
}

/**
 * Parses a JWK Set (`{"keys": [...]}`, RFC 7517) into verification keys.
 * Every key needs a unique `kid`; HS256 secrets (`kty: "oct"`) need at
 * least 32 bytes; private members of RSA/EC keys are ignored (only the
 * public half is kept).
 * @throws Error naming the first bad key.
 */
export function parseKeySet(text: string): VerificationKey[] {
  const document = JSON.parse(text) as { keys?: unknown };
  if (!Array.isArray(document.keys) || document.keys.length === 0) throw new Error('expected {"keys": [...]} with at least one key');
  const seen = new Set<string>();
  return document.keys.map((entry: unknown, index) => {
    const jwk = entry as JsonWebKey & { kid?: unknown; alg?: string; use?: string };
    const where = `keys[${index}]`;
    if (typeof jwk.kid !== "string" || !/^[A-Za-z0-9._:-]{1,128}$/.test(jwk.kid)) throw new Error(`${where}: kid must be 1-128 of A-Z a-z 0-9 . _ : -`);
    if (seen.has(jwk.kid)) throw new Error(`${where}: kid ${jwk.kid} is listed twice`);
    seen.add(jwk.kid);
    if (jwk.use !== undefined && jwk.use !== "sig") throw new Error(`${where}: use must be sig`);
    const algorithm = algorithmOf(jwk);
    if (algorithm === "HS256") {
      const secret = Buffer.from(String(jwk.k ?? ""), "base64url");
      if (secret.length < 32) throw new Error(`${where}: an HS256 secret (k) must be at least 32 bytes`);
      return { kid: jwk.kid, algorithm, key: createSecretKey(secret) };
    }
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicPart } = jwk;
    return { kid: jwk.kid, algorithm, key: createPublicKey({ key: publicPart, format: "jwk" }) };
  });
}

/** Reads and parses the key file at `path`; see {@link parseKeySet}. */
export function readKeySet(path: string): VerificationKey[] {
  try {
    return parseKeySet(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`JWT_KEYS_FILE ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
