import { readFileSync } from "node:fs";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { postgresCpuSeconds, startFlags } from "./servers.mjs";

const read = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

describe("startFlags", () => {
  it("when the server is started by npm start, the server package or the image, then Node gets the same V8 flags the benchmark measures", () => {
    const flags = startFlags();
    expect(flags.some((flag) => flag.startsWith("--max-semi-space-size="))).toBe(true);
    expect(startFlags(JSON.parse(read("packages/server/package.json")).scripts.start)).toEqual(flags);
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(read("Dockerfile"))[1]);
    expect(startFlags(cmd.join(" "))).toEqual(flags);
  });

  it("when a start script runs something other than node, then it says so", () => {
    expect(() => startFlags("tsx src/cli/start.ts")).toThrow(/does not run node/);
  });
});

const url = process.env.TEST_DATABASE_URL;
const local = url !== undefined && ["127.0.0.1", "localhost", "[::1]"].includes(new URL(url).hostname);

describe("postgresCpuSeconds", () => {
  it.skipIf(!local)("when PostgreSQL on this machine does work, then the CPU time it reports grows by about that much", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const before = postgresCpuSeconds();
      const started = performance.now();
      // Work that only the backend does: counting a few million generated rows.
      await client.query("SELECT count(*) FROM generate_series(1, 4000000)");
      const wallSeconds = (performance.now() - started) / 1000;
      const used = postgresCpuSeconds() - before;
      expect(used).toBeGreaterThan(0.05);
      // CPU is counted in 10 ms ticks; the other processes (checkpointer, idle backends) add a little.
      expect(used).toBeLessThan(wallSeconds + 0.5);
    } finally {
      await client.end();
    }
  });
});
