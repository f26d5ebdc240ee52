import { signToken } from "../../src/auth/jwt.js";
import type { Role } from "../../src/auth/principal.js";

/** The HS256 secret every test server verifies with and every test token is signed with. */
export const testSecret = "server-test-secret-0123456789-abcdefghijklmnop";

/** Who makes a request: a subject with roles, or nobody (no Authorization header). */
export interface Caller {
  sub: string;
  roles: Role[];
}

/** Ready-made callers. */
export const as = {
  user: (sub: string): Caller => ({ sub, roles: ["user"] }),
  admin: (sub = "root"): Caller => ({ sub, roles: ["admin"] }),
  service: (sub = "host-backend"): Caller => ({ sub, roles: ["service"] }),
};

/** A valid token for `caller`. */
export const tokenFor = (caller: Caller, ttlSeconds = 600) =>
  signToken(caller.sub, caller.roles, ttlSeconds, { key: testSecret, algorithm: "HS256", issuer: "intro-page", audience: "intro-page" });

/** `{ authorization: "Bearer …" }` for `subject` with `roles`. */
export function authHeader(subject: string, ...roles: Role[]): Record<string, string> {
  return { authorization: `Bearer ${tokenFor({ sub: subject, roles })}` };
}
