import { createSecretKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signToken, type JwtKeys } from "./jwt.js";
import { cachedTokenVerifier, entryBytes } from "./verified-tokens.js";

const secret = "verified-tokens-test-secret-0123456789abcdef";
const keys: JwtKeys = {
  keys: [{ algorithm: "HS256", key: createSecretKey(Buffer.from(secret)) }],
  algorithms: ["HS256"],
  issuer: "intro-page",
  audience: "intro-page",
  clockToleranceSeconds: 0,
};
const sign = (subject: string, ttlSeconds = 600, key = secret) => signToken(subject, ["user"], ttlSeconds, { key, algorithm: "HS256", issuer: "intro-page", audience: "intro-page" });

describe("cachedTokenVerifier", () => {
  it("when a token verified once, then the same principal is answered again without a new check", () => {
    const verify = cachedTokenVerifier(keys);
    const token = sign("ada");
    const first = verify(token);
    expect(first.subject).toBe("ada");
    expect(verify(token)).toBe(first);
  });

  it("when the clock passes the token's exp, then it is checked again and no longer remembered", () => {
    let clock = Date.now();
    const verify = cachedTokenVerifier(keys, { now: () => clock });
    const token = sign("ada", 60);
    const first = verify(token);
    clock += 61_000;
    // The full check runs on the real clock (still valid there), so a new principal proves it ran.
    const second = verify(token);
    expect(second).not.toBe(first);
    expect(verify(token)).not.toBe(second);
  });

  it("when a token is refused, then it is refused every time with the same 401", () => {
    const verify = cachedTokenVerifier(keys);
    const forged = sign("ada", 600, "another-secret-0123456789abcdef0123456789");
    for (let i = 0; i < 2; i++) expect(() => verify(forged)).toThrow(expect.objectContaining({ status: 401, message: expect.stringContaining("signature") }));
  });

  it("when the remembered tokens would take more than maxBytes, then the least recently used is checked again", () => {
    const [a, b, c] = [sign("a"), sign("b"), sign("c")];
    // Room for two of the three.
    const verify = cachedTokenVerifier(keys, { maxBytes: entryBytes(undefined, a) * 2 + 10 });
    const firstA = verify(a);
    verify(b);
    verify(c);
    expect(verify(a)).not.toBe(firstA);
  });

  it("when 30,000 users' tokens are verified with the default bound, then every one is still remembered", () => {
    const verify = cachedTokenVerifier(keys);
    const tokens = Array.from({ length: 30_000 }, (_, i) => sign(`user-${String(i).padStart(6, "0")}`));
    const first = tokens.map((token) => verify(token));
    expect(tokens.every((token, i) => verify(token) === first[i])).toBe(true);
  });

  it("when the key set is reloaded without the token's key, then its remembered principal is dropped and the token refused", () => {
    const rotating: JwtKeys = { ...keys, keys: [...keys.keys] };
    const verify = cachedTokenVerifier(rotating);
    const token = sign("ada");
    expect(verify(token).subject).toBe("ada");
    // What reloadJwtKeys does when the old key is retired: the whole set is replaced.
    rotating.keys = [{ algorithm: "HS256", key: createSecretKey(Buffer.from("the-new-secret-0123456789abcdef0123456789")) }];
    expect(() => verify(token)).toThrow(expect.objectContaining({ status: 401 }));
  });
});
