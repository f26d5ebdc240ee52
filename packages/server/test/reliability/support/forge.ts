// Hand-made tokens for attack tests: any header, any payload text, any signature.
import { createHmac, createSign, type KeyObject } from "node:crypto";

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");
const json = (value: object | string) => (typeof value === "string" ? value : JSON.stringify(value));

/** Claims a valid token for `sub` would carry, expiring in ten minutes. */
export function claims(sub = "demo", extra: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { sub, roles: ["user"], iss: "intro-page", aud: "intro-page", iat: now, exp: now + 600, ...extra };
}

/** `header.payload.signature` where the signature is HMAC-SHA256 over the first two parts with `secret`. */
export function forgeHs256(header: object | string, payload: object | string, secret: string | Buffer): string {
  const input = `${b64(json(header))}.${b64(json(payload))}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

/** A token signed with an RSA or EC private key (RS256 / ES256 in JOSE form). */
export function forgeAsymmetric(header: { alg: "RS256" | "ES256" } & Record<string, unknown>, payload: object, key: KeyObject): string {
  const input = `${b64(json(header))}.${b64(json(payload))}`;
  const signature = createSign("SHA256").update(input).sign({ key, dsaEncoding: "ieee-p1363" });
  return `${input}.${signature.toString("base64url")}`;
}

/** `header.payload.signature` with the signature given as is (e.g. empty or junk). */
export function forgeUnsigned(header: object | string, payload: object | string, signature = ""): string {
  return `${b64(json(header))}.${b64(json(payload))}.${signature}`;
}
