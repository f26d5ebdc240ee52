import { generateKeyPairSync } from "node:crypto";
import jwt from "jsonwebtoken";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, send, startHarness, testSecret, tokenFor, type Harness } from "./support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const claims = { sub: "demo", roles: ["user"], iss: "intro-page", aud: "intro-page" };
const sign = (payload: object, key: string = testSecret, options: jwt.SignOptions = { algorithm: "HS256", expiresIn: 600 }) => jwt.sign(payload, key, options);
const readWith = (token: string) => h.call("GET", "/api/v1/intro-page/demo/actions", { headers: { authorization: `Bearer ${token}` } });

describe("JWT verification", () => {
  it("when the token is valid, then 200", async () => {
    expect((await readWith(sign(claims))).status).toBe(200);
  });

  it.each([
    ["expired", () => sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 3600 }, testSecret, { algorithm: "HS256" }), /expired/],
    ["without exp", () => sign(claims, testSecret, { algorithm: "HS256" }), /exp/],
    ["signed with another secret", () => sign(claims, "another-secret-another-secret-another-secret"), /another key/],
    ["signed with HS512 (not pinned)", () => sign(claims, testSecret, { algorithm: "HS512", expiresIn: 600 }), /algorithm is not accepted/],
    ["unsigned (alg none)", () => sign(claims, "", { algorithm: "none", expiresIn: 600 }), /malformed/],
    ["from another issuer", () => sign({ ...claims, iss: "evil" }), /issuer is not accepted/],
    ["for another audience", () => sign({ ...claims, aud: "other-app" }), /audience is not accepted/],
    ["not valid yet", () => sign({ ...claims, nbf: Math.floor(Date.now() / 1000) + 3600 }), /not valid yet/],
    ["without roles", () => sign({ sub: "demo", iss: "intro-page", aud: "intro-page" }), /roles/],
    ["with only unknown roles", () => sign({ ...claims, roles: ["superuser"] }), /roles/],
    ["without sub", () => sign({ roles: ["user"], iss: "intro-page", aud: "intro-page" }), /sub/],
    ["garbage", () => "not.a.jwt", /malformed/],
  ])("when the token is %s, then 401 with invalid_token", async (_name, token, detail) => {
    const reply = await readWith(token());
    expect(reply.status).toBe(401);
    expect(reply.body.detail).toMatch(detail);
    expect(reply.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("when the header is not a Bearer one, then 401 invalid_request", async () => {
    const reply = await h.call("GET", "/api/v1/intro-page/demo/actions", { headers: { authorization: "Basic ZGVtbzpkZW1v" } });
    expect(reply.status).toBe(401);
    expect(reply.headers.get("www-authenticate")).toContain('error="invalid_request"');
  });

  it("when roles is a space-separated string, then it is understood", async () => {
    expect((await readWith(sign({ ...claims, roles: "user admin" }))).status).toBe(200);
  });

  it("when a public path is read without a token, then it is served", async () => {
    expect((await h.call("GET", "/openapi.json")).status).toBe(200);
  });
});

describe("RS256 with a public key", () => {
  let rs: Harness;
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  beforeAll(async () => {
    rs = await startHarness({ JWT_SECRET: "", JWT_PUBLIC_KEY: publicPem, JWT_ALGORITHMS: "RS256" });
  });
  afterAll(async () => {
    await rs?.close();
  });

  it("when a token is signed with the private key, then 200", async () => {
    const token = jwt.sign(claims, privateKey, { algorithm: "RS256", expiresIn: 600 });
    expect((await rs.call("GET", "/api/v1/intro-page/demo/actions", { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it("when an HS256 token uses the public key as its secret (key confusion), then 401", async () => {
    const forged = jwt.sign(claims, publicPem, { algorithm: "HS256", expiresIn: 600 });
    expect((await rs.call("GET", "/api/v1/intro-page/demo/actions", { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
  });

  it("when an HS256 token with the test secret is sent, then 401", async () => {
    expect((await rs.call("GET", "/api/v1/intro-page/demo/actions", { as: as.user("demo") })).status).toBe(401);
  });
});

describe("demo mode", () => {
  it("when no key is configured, then the server makes a random secret, says so in its log, and tokens signed with it work", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => lines.push(line) });
    const demo = await startHarness({ JWT_SECRET: "", LOG_LEVEL: "info" }, { logger });
    try {
      const { demoSecret } = demo.running.deps.jwtKeys;
      expect(demoSecret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      expect(lines.some((line) => JSON.parse(line).msg.includes("demo mode"))).toBe(true);
      const token = jwt.sign(claims, demoSecret!, { algorithm: "HS256", expiresIn: 60 });
      expect((await send(`${demo.url}/api/v1/intro-page/demo/actions`, "GET", { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      expect((await send(`${demo.url}/api/v1/intro-page/demo/actions`, "GET", { headers: { authorization: `Bearer ${tokenFor(as.user("demo"))}` } })).status).toBe(401);
    } finally {
      await demo.close();
    }
  });
});
