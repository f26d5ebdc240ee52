import { createPublicKey, createSecretKey, randomBytes, type KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";
import type { Config } from "../config/config.js";
import { AppError } from "../errors/app-error.js";
import { hasDuplicateKeys } from "./json-duplicate-keys.js";
import { roles, type Principal, type Role } from "./principal.js";
import { readKeySet, type VerificationAlgorithm, type VerificationKey } from "./verification-keys.js";

/** The accepted signing algorithms, pinned by configuration. */
export type JwtAlgorithm = Config["JWT_ALGORITHMS"][number] & VerificationAlgorithm;

/** Longest bearer token accepted (bytes); anything longer is refused before it is decoded. */
export const MAX_TOKEN_BYTES = 8192;

/** Key material loaded once at start (KeyObjects verify ~50× faster than strings); `keys` is replaced on reload. */
export interface JwtKeys {
  /** The keys tokens may be verified with, each bound to one algorithm. Replaced as a whole by {@link reloadJwtKeys}. */
  keys: readonly VerificationKey[];
  /** The algorithms of `keys`. */
  algorithms: JwtAlgorithm[];
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
  /** JWT_KEYS_FILE, re-read by {@link reloadJwtKeys}. */
  keysFile?: string;
  /** Present only in demo mode (no key configured): the secret made at start, so a demo token can be printed. */
  demoSecret?: string;
}

/** The key from JWT_SECRET or JWT_PUBLIC_KEY (no kid), one entry per pinned algorithm. */
function configuredKeys(config: Config): VerificationKey[] {
  const key: KeyObject | undefined = config.JWT_PUBLIC_KEY
    ? createPublicKey(config.JWT_PUBLIC_KEY)
    : config.JWT_SECRET
      ? createSecretKey(Buffer.from(config.JWT_SECRET, "utf8"))
      : undefined;
  return key ? config.JWT_ALGORITHMS.map((algorithm) => ({ algorithm, key })) : [];
}

/**
 * Builds `JwtKeys` from the configuration: the JWT_SECRET / JWT_PUBLIC_KEY
 * key plus the keys of JWT_KEYS_FILE; a random HS256 secret in demo mode
 * (none of them set).
 * @throws Error when JWT_KEYS_FILE cannot be read or parsed.
 */
export function loadJwtKeys(config: Config): JwtKeys {
  const common = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, clockToleranceSeconds: config.JWT_CLOCK_TOLERANCE_S };
  const keys = [...configuredKeys(config), ...(config.JWT_KEYS_FILE ? readKeySet(config.JWT_KEYS_FILE) : [])];
  if (keys.length > 0) return { ...common, keys, algorithms: algorithmsOf(keys), ...(config.JWT_KEYS_FILE ? { keysFile: config.JWT_KEYS_FILE } : {}) };
  const demoSecret = randomBytes(32).toString("base64url");
  return { ...common, algorithms: ["HS256"], keys: [{ algorithm: "HS256", key: createSecretKey(Buffer.from(demoSecret, "utf8")) }], demoSecret };
}

/**
 * Re-reads JWT_KEYS_FILE and swaps in its keys (plus the configured key):
 * a key added there is accepted and a key removed is retired, without a
 * restart. A file that cannot be read or parsed changes nothing.
 * @returns the kids now accepted.
 * @throws Error when the file is unreadable or invalid (the old keys stay).
 */
export function reloadJwtKeys(keys: JwtKeys, config: Config): string[] {
  if (!keys.keysFile) return [];
  const next = [...configuredKeys(config), ...readKeySet(keys.keysFile)];
  keys.keys = next;
  keys.algorithms = algorithmsOf(next);
  return next.flatMap((key) => (key.kid ? [key.kid] : []));
}

const algorithmsOf = (keys: readonly VerificationKey[]) => [...new Set(keys.map((key) => key.algorithm))] as JwtAlgorithm[];

/** Why a token was refused, for the security log (never sent to the client beyond the detail text). */
export type TokenRefusalReason =
  | "oversized"
  | "encrypted_or_nested"
  | "malformed"
  | "missing_signature"
  | "duplicate_claims"
  | "alg_none"
  | "alg_not_allowed"
  | "remote_key_reference"
  | "unknown_kid"
  | "bad_signature"
  | "expired"
  | "not_yet_valid"
  | "issued_in_future"
  | "wrong_issuer"
  | "wrong_audience"
  | "missing_exp"
  | "missing_sub"
  | "no_roles"
  | "token_in_query"
  | "bad_scheme";

/** The `cause` of a refused token's AppError: the reason, for the security log. */
export class TokenRefusal extends Error {
  constructor(readonly reason: TokenRefusalReason) {
    super(reason);
    this.name = "TokenRefusal";
  }
}

/** A 401 for a refused token, carrying the reason for the security log. */
export const tokenRefused = (reason: TokenRefusalReason, detail: string, error = "invalid_token") =>
  new AppError(401, detail, { headers: { "WWW-Authenticate": `Bearer realm="intro-page", error="${error}"` }, cause: new TokenRefusal(reason) });

/** The challenge sent when no token was presented at all (RFC 6750: no error code). */
export const missingTokenError = () =>
  new AppError(401, "A bearer token is required.", { headers: { "WWW-Authenticate": 'Bearer realm="intro-page"' } });

/** A jsonwebtoken failure as a refusal; never echoes the token or the expected values. */
function refusalFor(err: unknown): AppError {
  if (err instanceof jwt.TokenExpiredError) return tokenRefused("expired", "The token has expired.");
  if (err instanceof jwt.NotBeforeError) return tokenRefused("not_yet_valid", "The token is not valid yet.");
  const message = err instanceof Error ? err.message : "";
  if (message.startsWith("jwt issuer invalid")) return tokenRefused("wrong_issuer", "The token's issuer is not accepted.");
  if (message.startsWith("jwt audience invalid")) return tokenRefused("wrong_audience", "The token's audience is not accepted.");
  if (message === "invalid algorithm") return tokenRefused("alg_not_allowed", "The token's algorithm is not accepted.");
  if (message === "invalid signature") return tokenRefused("bad_signature", "The token's signature does not verify (signed with another key).");
  return tokenRefused("malformed", "The token is malformed.");
}

/** A base64url JSON segment of a JWS, or undefined when it is not one. */
function decodeSegment(segment: string): { text: string; value: Record<string, unknown> } | undefined {
  try {
    const text = Buffer.from(segment, "base64url").toString("utf8");
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? { text, value: value as Record<string, unknown> } : undefined;
  } catch {
    return undefined;
  }
}

/** Header members that would make a verifier fetch or trust a key named by the token itself; we never do. */
const KEY_REFERENCES = ["jku", "x5u", "x5c", "jwk"];

/**
 * Looks at the token's structure and header before any signature check and
 * picks the keys it may be verified with. Refuses what jsonwebtoken would
 * not name precisely (alg none in any casing, JWE, nested tokens, key
 * references, duplicate members, unknown kid).
 */
function candidateKeys(token: string, keys: JwtKeys): VerificationKey[] {
  if (token.length > MAX_TOKEN_BYTES) throw tokenRefused("oversized", `The token is longer than ${MAX_TOKEN_BYTES} bytes.`);
  const segments = token.split(".");
  if (segments.length === 5) throw tokenRefused("encrypted_or_nested", "Encrypted tokens (JWE) are not accepted; send a signed JWT.");
  if (segments.length !== 3) throw tokenRefused("malformed", "The token is malformed (a signed JWT has three parts).");
  const header = decodeSegment(segments[0]!);
  const payload = decodeSegment(segments[1]!);
  if (!header || !payload) throw tokenRefused("malformed", "The token is malformed.");
  if (hasDuplicateKeys(header.text) || hasDuplicateKeys(payload.text)) throw tokenRefused("duplicate_claims", "The token names a claim or header twice.");
  const alg = header.value.alg;
  if (typeof alg !== "string") throw tokenRefused("malformed", "The token is malformed (no alg).");
  if (alg.toLowerCase() === "none") throw tokenRefused("alg_none", "The token is malformed: unsigned tokens (alg none) are refused.");
  if (segments[2] === "") throw tokenRefused("missing_signature", "The token is malformed: it has no signature.");
  if (KEY_REFERENCES.some((name) => name in header.value)) throw tokenRefused("remote_key_reference", "The token names its own key (jku, x5u, x5c or jwk); keys are configured on the server only.");
  if (typeof header.value.cty === "string" && /jwt/i.test(header.value.cty)) throw tokenRefused("encrypted_or_nested", "Nested tokens are not accepted.");
  if ("crit" in header.value) throw tokenRefused("malformed", "The token has critical header parameters this server does not understand.");
  const kid = header.value.kid;
  if (kid !== undefined && typeof kid !== "string") throw tokenRefused("unknown_kid", "The token's key id is not known.");
  const byKid = kid === undefined ? keys.keys : keys.keys.filter((key) => key.kid === kid);
  if (byKid.length === 0) throw tokenRefused("unknown_kid", "The token's key id is not known.");
  const usable = byKid.filter((key) => key.algorithm === alg);
  if (usable.length === 0) throw tokenRefused("alg_not_allowed", "The token's algorithm is not accepted.");
  return usable;
}

/**
 * Verifies a bearer token: size and structure, the header (no alg none, no
 * key references, known kid), then signature with a key bound to the
 * token's algorithm, `exp` (required), `nbf`, `iat` not in the future,
 * `iss`, `aud`, small clock skew; then reads `sub` and `roles`.
 * @throws AppError(401) with a reason a client can act on; its cause is a {@link TokenRefusal}.
 */
export function verifyToken(token: string, keys: JwtKeys): Principal {
  let payload: string | jwt.JwtPayload | undefined;
  let failure: unknown;
  for (const candidate of candidateKeys(token, keys)) {
    try {
      payload = jwt.verify(token, candidate.key, {
        algorithms: [candidate.algorithm],
        issuer: keys.issuer,
        audience: keys.audience,
        clockTolerance: keys.clockToleranceSeconds,
      });
      break;
    } catch (err) {
      failure = err;
      // Another key without a kid may still verify it; any other failure is final.
      if (!(err instanceof Error && err.message === "invalid signature")) break;
    }
  }
  if (payload === undefined) throw refusalFor(failure);
  if (typeof payload === "string" || typeof payload.exp !== "number") throw tokenRefused("missing_exp", "The token must carry an exp claim.");
  if (typeof payload.iat === "number" && payload.iat > Date.now() / 1000 + keys.clockToleranceSeconds) throw tokenRefused("issued_in_future", "The token claims to be issued in the future.");
  if (typeof payload.sub !== "string" || payload.sub.length === 0 || payload.sub.length > 128) throw tokenRefused("missing_sub", "The token must carry a sub claim.");
  const claimed: unknown = (payload as { roles?: unknown }).roles;
  const list = Array.isArray(claimed) ? claimed : typeof claimed === "string" ? claimed.split(/[ ,]+/) : [];
  const granted = new Set(list.filter((role): role is Role => (roles as readonly unknown[]).includes(role)));
  if (granted.size === 0) throw tokenRefused("no_roles", "The token grants none of the roles user, admin or service.");
  return { subject: payload.sub, roles: granted, expiresAt: payload.exp * 1000 };
}

/** Like {@link verifyToken}, and also says until when (epoch ms, the `exp` claim) the answer holds. */
export function verifyTokenUntil(token: string, keys: JwtKeys): { principal: Principal; expiresAtMs: number } {
  const principal = verifyToken(token, keys);
  return { principal, expiresAtMs: principal.expiresAt ?? 0 };
}

/** What `signToken` needs: a signing key matching one of the pinned algorithms. */
export interface SigningOptions {
  /** HS256 secret, or a PEM private key for RS256/ES256. */
  key: string | KeyObject;
  algorithm: JwtAlgorithm;
  issuer: string;
  audience: string;
  /** Key id written into the header, naming the verification key (JWT_KEYS_FILE). */
  kid?: string;
}

/** Signs a token for `subject` with `roles`, valid for `ttlSeconds` (used by `npm run token`, the demo and tests). */
export function signToken(subject: string, grantedRoles: ReadonlyArray<Role>, ttlSeconds: number, options: SigningOptions): string {
  return jwt.sign({ roles: [...grantedRoles] }, options.key, {
    algorithm: options.algorithm,
    subject,
    issuer: options.issuer,
    audience: options.audience,
    expiresIn: ttlSeconds,
    ...(options.kid === undefined ? {} : { keyid: options.kid }),
  });
}
