// Key rotation by signal, as an operator does it: the real start command in
// its own process, JWT_KEYS_FILE changed on disk with the file poll set to
// ten minutes (so only the signal can be what reloads it), then SIGHUP.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startChildServer, type ChildServer } from "../support/child-server.js";
import { send } from "../support/harness.js";
import { claims, forgeHs256 } from "./support/forge.js";
import { timeUntil } from "./support/traffic.js";

const dir = mkdtempSync(join(tmpdir(), "intro-page-sighup-"));
const keyFile = join(dir, "keys.json");
const secretOf = (kid: string) => Buffer.from(`${kid}-`.padEnd(40, kid[0]!));
const writeKeys = (...kids: string[]) => writeFileSync(keyFile, JSON.stringify({ keys: kids.map((kid) => ({ kid, kty: "oct", k: secretOf(kid).toString("base64url") })) }));

describe("SIGHUP re-reads JWT_KEYS_FILE (start command in its own process)", () => {
  let server: ChildServer;
  const statusWith = async (kid: string) =>
    (await send(`${server.url}/api/v1/intro-page/demo/actions`, "GET", { headers: { authorization: `Bearer ${forgeHs256({ alg: "HS256", typ: "JWT", kid }, claims(), secretOf(kid))}` } })).status;

  beforeAll(async () => {
    writeKeys("old");
    server = await startChildServer({ DATABASE_URL: "", PGLITE_DATA_DIR: join(dir, "pglite"), JWT_SECRET: "", JWT_KEYS_FILE: keyFile, JWT_KEYS_RELOAD_MS: "600000", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" }, 90_000);
  }, 120_000);
  afterAll(async () => {
    await server?.terminate();
    rmSync(dir, { recursive: true, force: true });
  });

  it("when the file gains a key and loses the old one, then nothing changes until SIGHUP, and after it the new key verifies and the old is refused", { timeout: 60_000 }, async () => {
    expect(await statusWith("old")).toBe(200);
    writeKeys("new");
    // No signal yet: the ten-minute poll has not looked, the keys in use stay.
    expect(await statusWith("new")).toBe(401);
    expect(await statusWith("old")).toBe(200);

    server.process.kill("SIGHUP");
    await timeUntil(async () => (await statusWith("new")) === 200, 10_000);
    expect(await statusWith("old")).toBe(401);
    expect(server.output()).toContain("JWT verification keys reloaded");
    expect(server.process.exitCode).toBeNull();
  });
});
