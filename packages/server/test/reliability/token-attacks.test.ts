// The catalogue of token attacks against a server that verifies HS256 (JWT_SECRET)
// and a JWK Set with an HS256, an RS256 and an ES256 key: each attack is refused
// with 401 problem+json and one structured security log line naming the reason.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, testSecret, type Harness } from "../support/harness.js";
import { captureLog, type CapturedLog } from "./support/log-capture.js";
import { claims, forgeAsymmetric, forgeHs256, forgeUnsigned } from "./support/forge.js";

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
const rsaPublicPem = rsa.publicKey.export({ type: "spki", format: "pem" }).toString();
const ecPublicPem = ec.publicKey.export({ type: "spki", format: "pem" }).toString();
const fileSecret = randomBytes(32);

const keySet = {
  keys: [
    { kid: "hs-1", kty: "oct", k: fileSecret.toString("base64url") },
    { kid: "rsa-1", ...rsa.publicKey.export({ format: "jwk" }) },
    { kid: "ec-1", ...ec.publicKey.export({ format: "jwk" }) },
  ],
};

const hs = { alg: "HS256", typ: "JWT" };
const now = () => Math.floor(Date.now() / 1000);
const valid = () => forgeHs256(hs, claims(), testSecret);

/** Every attack: a token (or a request) that must be refused, and the reason the log must name. */
const attacks: { name: string; reason: string; token: () => string; query?: (token: string) => string }[] = [
  ...["none", "None", "NONE", "nOnE"].flatMap((alg) => [
    { name: `alg ${alg}, no signature`, reason: "alg_none", token: () => forgeUnsigned({ alg, typ: "JWT" }, claims()) },
    { name: `alg ${alg}, junk signature`, reason: "alg_none", token: () => forgeUnsigned({ alg, typ: "JWT" }, claims(), "c2lnbmVk") },
  ]),
  { name: "HS256 signed with the RSA public key (algorithm confusion, kid rsa-1)", reason: "alg_not_allowed", token: () => forgeHs256({ ...hs, kid: "rsa-1" }, claims(), rsaPublicPem) },
  { name: "HS256 signed with the RSA public key (algorithm confusion, no kid)", reason: "bad_signature", token: () => forgeHs256(hs, claims(), rsaPublicPem) },
  { name: "HS256 signed with the EC public key (algorithm confusion, kid ec-1)", reason: "alg_not_allowed", token: () => forgeHs256({ ...hs, kid: "ec-1" }, claims(), ecPublicPem) },
  { name: "RS256 header on the HS256 key (kid hs-1)", reason: "alg_not_allowed", token: () => forgeAsymmetric({ alg: "RS256", kid: "hs-1" }, claims(), rsa.privateKey) },
  { name: "a tampered payload (sub changed after signing)", reason: "bad_signature", token: () => { const [h, , s] = valid().split("."); return `${h}.${Buffer.from(JSON.stringify(claims("alice", { roles: ["admin"] }))).toString("base64url")}.${s}`; } },
  { name: "a stripped signature", reason: "missing_signature", token: () => valid().split(".").slice(0, 2).join(".") + "." },
  { name: "signed with another secret", reason: "bad_signature", token: () => forgeHs256(hs, claims(), "another-secret-another-secret-another-secret") },
  { name: "expired", reason: "expired", token: () => forgeHs256(hs, claims("demo", { iat: now() - 7200, exp: now() - 3600 }), testSecret) },
  { name: "not valid yet (nbf in an hour)", reason: "not_yet_valid", token: () => forgeHs256(hs, claims("demo", { nbf: now() + 3600 }), testSecret) },
  { name: "issued in the future (iat in an hour)", reason: "issued_in_future", token: () => forgeHs256(hs, claims("demo", { iat: now() + 3600, exp: now() + 7200 }), testSecret) },
  { name: "from another issuer", reason: "wrong_issuer", token: () => forgeHs256(hs, claims("demo", { iss: "https://evil.example" }), testSecret) },
  { name: "for another audience", reason: "wrong_audience", token: () => forgeHs256(hs, claims("demo", { aud: "another-app" }), testSecret) },
  { name: "without sub", reason: "missing_sub", token: () => { const { sub: _sub, ...rest } = claims(); return forgeHs256(hs, rest, testSecret); } },
  { name: "without exp", reason: "missing_exp", token: () => { const { exp: _exp, ...rest } = claims(); return forgeHs256(hs, rest, testSecret); } },
  { name: "with a kid that names no configured key", reason: "unknown_kid", token: () => forgeHs256({ ...hs, kid: "attacker-key" }, claims(), testSecret) },
  { name: "with a kid that is a path", reason: "unknown_kid", token: () => forgeHs256({ ...hs, kid: "../../../../dev/null" }, claims(), "") },
  { name: "with a jku header pointing elsewhere", reason: "remote_key_reference", token: () => forgeHs256({ ...hs, jku: "https://evil.example/jwks.json" }, claims(), testSecret) },
  { name: "with an x5u header pointing elsewhere", reason: "remote_key_reference", token: () => forgeHs256({ ...hs, x5u: "https://evil.example/cert.pem" }, claims(), testSecret) },
  { name: "with an embedded jwk header", reason: "remote_key_reference", token: () => forgeHs256({ ...hs, jwk: { kty: "oct", k: "YQ" } }, claims(), testSecret) },
  { name: "oversized (10 KB of claims)", reason: "oversized", token: () => forgeHs256(hs, claims("demo", { padding: "x".repeat(10_000) }), testSecret) },
  { name: "with a duplicated sub claim", reason: "duplicate_claims", token: () => forgeHs256(hs, `{"sub":"demo","roles":["user"],"iss":"intro-page","aud":"intro-page","exp":${now() + 600},"sub":"alice"}`, testSecret) },
  { name: "with an escaped duplicate of roles", reason: "duplicate_claims", token: () => forgeHs256(hs, `{"sub":"demo","roles":["user"],"iss":"intro-page","aud":"intro-page","exp":${now() + 600},"r\\u006fles":["admin"]}`, testSecret) },
  { name: "a JWE (five parts)", reason: "encrypted_or_nested", token: () => `${Buffer.from('{"alg":"dir","enc":"A256GCM"}').toString("base64url")}..aXY.Y2lwaGVy.dGFn` },
  { name: "a nested token (cty JWT)", reason: "encrypted_or_nested", token: () => forgeHs256({ ...hs, cty: "JWT" }, claims(), testSecret) },
  { name: "garbage", reason: "malformed", token: () => "not.a.jwt" },
  { name: "a valid token, but also in the query string", reason: "token_in_query", token: valid, query: (token) => `?access_token=${token}` },
  { name: "a valid token under an innocent query name", reason: "token_in_query", token: valid, query: (token) => `?cursor=${token}` },
];

describe("token attacks", () => {
  let harness: Harness;
  let log: CapturedLog;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "intro-page-keys-"));
    writeFileSync(join(dir, "keys.json"), JSON.stringify(keySet));
    log = captureLog();
    harness = await startHarness({ JWT_KEYS_FILE: join(dir, "keys.json") }, { logger: log.logger });
  });
  afterAll(async () => {
    await harness?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ["HS256 with JWT_SECRET, no kid", () => forgeHs256(hs, claims(), testSecret)],
    ["HS256 with the file's kid hs-1", () => forgeHs256({ ...hs, kid: "hs-1" }, claims(), fileSecret)],
    ["RS256 with kid rsa-1", () => forgeAsymmetric({ alg: "RS256", kid: "rsa-1" }, claims(), rsa.privateKey)],
    ["ES256 with kid ec-1", () => forgeAsymmetric({ alg: "ES256", kid: "ec-1" }, claims(), ec.privateKey)],
  ])("when a genuine token is sent (%s), then 200", async (_name, token) => {
    const reply = await harness.call("GET", "/api/v1/intro-page/demo/actions", { headers: { authorization: `Bearer ${token()}` } });
    expect(reply.status, reply.text).toBe(200);
  });

  it.each(attacks)("when the token is $name, then 401 problem+json and a security event naming $reason", async ({ token, reason, query }) => {
    const sent = token();
    const before = log.lines().length;
    const reply = await harness.call("GET", `/api/v1/intro-page/demo/actions${query?.(sent) ?? ""}`, { headers: { authorization: `Bearer ${sent}` } });
    expect(reply.status, reply.text).toBe(401);
    expect(reply.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(reply.body).toMatchObject({ status: 401, title: "Unauthorized" });
    expect(reply.headers.get("www-authenticate")).toMatch(/^Bearer realm="intro-page", error="invalid_(token|request)"$/);
    // Neither the reply nor the log echoes the token (checked for parts long enough to be recognisable).
    const parts = sent.split(".").filter((part) => part.length >= 16);
    const events = log.lines().slice(before).filter((line) => line.securityEvent === "token_refused");
    expect(events, log.text().slice(-2000)).toHaveLength(1);
    expect(events[0]).toMatchObject({ reason, path: "/api/v1/intro-page/demo/actions", level: 40 });
    for (const part of parts) {
      expect(reply.text).not.toContain(part);
      expect(JSON.stringify(events[0])).not.toContain(part);
    }
  });

  it("when a token is refused, then its detail names no expected issuer, audience or key", async () => {
    const reply = await harness.call("GET", "/api/v1/intro-page/demo", { headers: { authorization: `Bearer ${forgeHs256(hs, claims("demo", { iss: "x" }), testSecret)}` } });
    expect(reply.status).toBe(401);
    expect(reply.text).not.toMatch(/intro-page"|hs-1|rsa-1|BEGIN/);
  });
});

describe("key rotation without a restart", () => {
  let harness: Harness;
  let dir: string;
  const keyFile = () => join(dir, "keys.json");
  const secretOf = (label: string) => Buffer.from(`${label}-`.padEnd(40, label[0]!));
  const writeKeys = (...kids: string[]) =>
    writeFileSync(keyFile(), JSON.stringify({ keys: kids.map((kid) => ({ kid, kty: "oct", k: secretOf(kid).toString("base64url") })) }));
  const readAs = (kid: string) =>
    harness.call("GET", "/api/v1/intro-page/demo/actions", { headers: { authorization: `Bearer ${forgeHs256({ ...hs, kid }, claims(), secretOf(kid))}` } });
  const until = async (kid: string, status: number) => {
    const deadline = Date.now() + 10_000;
    let last = 0;
    while (Date.now() < deadline) {
      last = (await readAs(kid)).status;
      if (last === status) return last;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return last;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "intro-page-rotation-"));
    writeKeys("2026-10");
    harness = await startHarness({ JWT_SECRET: "", JWT_KEYS_FILE: keyFile(), JWT_KEYS_RELOAD_MS: "100" });
  });
  afterAll(async () => {
    await harness?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("when a second key is added, both verify; when the old one is retired, its tokens are refused and the new one's accepted", async () => {
    expect((await readAs("2026-10")).status).toBe(200);
    expect((await readAs("2026-11")).status).toBe(401);

    const addedAt = performance.now();
    writeKeys("2026-10", "2026-11");
    expect(await until("2026-11", 200)).toBe(200);
    console.log(`key rotation: new key accepted ${Math.round(performance.now() - addedAt)} ms after the file changed (poll ${100} ms)`);
    expect((await readAs("2026-10")).status).toBe(200);

    writeKeys("2026-11");
    expect(await until("2026-10", 401)).toBe(401);
    expect((await readAs("2026-11")).status).toBe(200);
  });

  it("when the key file is broken, then the keys in use stay", async () => {
    writeFileSync(keyFile(), "{ not json");
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await readAs("2026-11")).status).toBe(200);
    writeKeys("2026-11");
  });
});
