import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { RequestListener } from "node:http";
import { loadJwtKeys, signToken, type JwtKeys } from "../../../src/auth/jwt.js";
import type { Role } from "../../../src/auth/principal.js";
import { loadConfig } from "../../../src/config/config.js";

/** A server listening on 127.0.0.1 port 0, and how to stop it. */
export interface Listening {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Serves `handler` on loopback, port 0. */
export async function listen(handler: RequestListener): Promise<Listening> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A fixed HS256 secret shared by test servers and the tokens below. */
export const TEST_JWT_SECRET = "ops-test-secret-0123456789-abcdefghijklmnop";

/** Verification keys matching {@link tokenFor}. */
export function testKeys(): JwtKeys {
  return loadJwtKeys(loadConfig({ JWT_SECRET: TEST_JWT_SECRET }));
}

/** A valid bearer token for `subject` with `roles`. */
export function tokenFor(subject: string, ...roles: Role[]): string {
  return signToken(subject, roles, 600, { key: TEST_JWT_SECRET, algorithm: "HS256", issuer: "intro-page", audience: "intro-page" });
}

/** `{ Authorization: "Bearer …" }` for `subject` with `roles`. */
export function authHeader(subject: string, ...roles: Role[]): Record<string, string> {
  return { authorization: `Bearer ${tokenFor(subject, ...roles)}` };
}
