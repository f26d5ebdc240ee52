import { createServer } from "node:http";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { missCapacity } from "./miss-capacity.mjs";

let server;
afterEach(() => new Promise((done) => (server ? server.close(done) : done())));

describe("miss capacity", () => {
  it("reads every user twice around a cache drop, decodes compressed pages to count the degraded ones, and lets a caller wrap each pass", async () => {
    const reads = [];
    server = createServer((req, res) => {
      const id = req.url.split("/").pop();
      reads.push(id);
      const body = JSON.stringify({ meta: { degraded: id.endsWith("1") } });
      if (id === "u404") return res.writeHead(404).end();
      const coding = req.headers["accept-encoding"];
      res.setHeader("Content-Type", "application/json");
      if (coding === "gzip") res.setHeader("Content-Encoding", "gzip").end(gzipSync(body));
      else if (coding === "br") res.setHeader("Content-Encoding", "br").end(brotliCompressSync(body));
      else res.end(body);
    });
    await new Promise((done) => server.listen(0, "127.0.0.1", done));
    const url = `http://127.0.0.1:${server.address().port}`;
    const ids = ["u0", "u1", "u2", "u11", "u404"];
    const codings = { u0: "gzip", u1: "gzip", u2: "br", u11: "br", u404: "gzip" };
    const events = [];
    const result = await missCapacity(
      { url, pid: process.pid },
      {
        ids,
        headersFor: (id) => ({ "Accept-Encoding": codings[id] }),
        dropCache: async () => void events.push("drop"),
        connections: 2,
        around: async (name, run) => {
          events.push(`${name} start`);
          const passed = await run();
          events.push(`${name} end`);
          return passed;
        },
      },
    );
    expect(events).toEqual(["firstReads start", "firstReads end", "drop", "cacheMisses start", "cacheMisses end"]);
    expect(reads.sort()).toEqual([...ids, ...ids].sort());
    expect(result.firstReads).toMatchObject({ degraded: 2, failed: 1 });
    expect(result.cacheMisses).toMatchObject({ degraded: 2, failed: 1 });
  });
});
