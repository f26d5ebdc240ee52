import type { Request, Response } from "express";
import { ifNoneMatchMatches } from "../cache/etag.js";

/**
 * Sends a JSON read with its weak ETag and `Cache-Control: private,
 * no-cache`; answers 304 with no body when `If-None-Match` matches.
 */
export function sendConditional(req: Request, res: Response, body: string, etag: string): void {
  res.setHeader("ETag", etag);
  res.setHeader("Cache-Control", "private, no-cache");
  if (ifNoneMatchMatches(req.headers["if-none-match"], etag)) {
    res.status(304).end();
    return;
  }
  res.status(200).type("application/json").send(body);
}
