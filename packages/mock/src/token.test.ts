import { describe, expect, it } from "vitest";
import { createMockToken, readBearerIdentity } from "./token.js";

const now = Date.parse("2026-11-25T10:00:00Z");

describe("mock tokens", () => {
  it("when a token is created, then it is an unsigned JWT whose claims the mock reads back", () => {
    const token = createMockToken({ sub: "demo", roles: ["admin"], exp: now / 1000 + 60, iss: "demo-page" });
    const [header, payload, signature] = token.split(".");
    expect(JSON.parse(atob(header!))).toEqual({ alg: "none", typ: "JWT" });
    expect(JSON.parse(atob(payload!.replace(/-/g, "+").replace(/_/g, "/")))).toMatchObject({ sub: "demo", iss: "demo-page" });
    expect(signature).toBe("");
    expect(readBearerIdentity(`Bearer ${token}`, now)).toEqual({ identity: { sub: "demo", roles: ["admin"] } });
  });

  it("when no roles or expiry are given, then the token is a user's and valid for a day", () => {
    const identity = readBearerIdentity(`Bearer ${createMockToken({ sub: "ünïcode" })}`, Date.now() + 23 * 3600_000);
    expect(identity).toEqual({ identity: { sub: "ünïcode", roles: ["user"] } });
  });

  it("when the token is expired, missing or malformed, then the reason is reported", () => {
    expect(readBearerIdentity(`Bearer ${createMockToken({ sub: "demo", exp: now / 1000 })}`, now)).toEqual({ rejected: "expired" });
    expect(readBearerIdentity(null, now)).toEqual({ rejected: "missing" });
    expect(readBearerIdentity("Basic abc", now)).toEqual({ rejected: "malformed" });
    expect(readBearerIdentity("Bearer a.b.c", now)).toEqual({ rejected: "malformed" });
    const noExp = `${btoa('{"alg":"none"}')}.${btoa('{"sub":"demo"}').replace(/=+$/, "")}.`;
    expect(readBearerIdentity(`Bearer ${noExp}`, now)).toEqual({ rejected: "malformed" });
    const badRole = createMockToken({ sub: "demo", roles: ["root" as "user"] });
    expect(readBearerIdentity(`Bearer ${badRole}`, now)).toEqual({ rejected: "malformed" });
  });
});
