#!/usr/bin/env node
// Loads the built package both ways a consumer can (require and import) and
// makes one call through each, so a broken interop in either build fails `check`.
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const builds = {
  cjs: require("@intro-page/sdk"),
  esm: await import("@intro-page/sdk"),
};

for (const [format, sdk] of Object.entries(builds)) {
  const requests = [];
  const client = sdk.createIntroPageClient({
    baseUrl: "http://intro-page.test",
    token: "t",
    fetch: async (request) => {
      requests.push(`${request.method} ${request.url} ${request.headers.get("Authorization")}`);
      return Response.json({ status: "ok", uptimeSeconds: 1 });
    },
  });
  assert.deepEqual(await client.getLiveness(), { status: "ok", uptimeSeconds: 1 }, format);
  assert.deepEqual(requests, ["GET http://intro-page.test/api/v1/health/live Bearer t"], format);
  assert.equal(new sdk.IntroPageError("network", "x").kind, "network", format);
  console.log(`${format} build: loads and calls`);
}
