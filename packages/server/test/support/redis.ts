import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";

/** The Redis the suite may use; Redis tests skip only when this is unset. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL;

/** A key prefix unique to this test run, so parallel runs never see each other's keys. */
export function uniquePrefix(label: string): string {
  return `intro-page-test:${label}:${randomUUID().slice(0, 8)}:`;
}

/** Deletes every key under `prefix` (after a test run). */
export async function dropKeys(url: string, prefix: string): Promise<void> {
  const admin = new Redis(url, { lazyConnect: true });
  await admin.connect();
  let cursor = "0";
  do {
    const [next, keys] = await admin.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
    cursor = next;
    if (keys.length > 0) await admin.unlink(...keys);
  } while (cursor !== "0");
  await admin.quit();
}

/** Polls `condition` every 5 ms until it holds or `timeoutMs` passes; resolves with whether it held. */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return condition();
}
