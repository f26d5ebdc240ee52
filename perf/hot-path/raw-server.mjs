// Baseline: node:http writing pre-built bytes (the hardware limit for this body), and answering 304 with no body
// when If-None-Match carries the ETag given as the second argument (the hardware limit for a poll).
// Own process; prints its port.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const body = readFileSync(process.argv[2]);
const etag = process.argv[3];
const headers = { "Content-Type": "application/json; charset=utf-8", "Content-Length": String(body.length) };
const notModified = { ETag: etag ?? "" };
const server = createServer((req, res) => {
  if (etag && req.headers["if-none-match"] === etag) {
    res.writeHead(304, notModified);
    res.end();
    return;
  }
  res.writeHead(200, headers);
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
