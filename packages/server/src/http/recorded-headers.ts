import type { IncomingHttpHeaders } from "node:http";

/** A response header as a name and its value. */
export type HeaderPair = readonly [name: string, value: string];

/** A connect-style middleware that decides headers only, synchronously (helmet, cors). */
type HeaderMiddleware = (req: never, res: never, next: (err?: unknown) => void) => void;

/**
 * The headers `middleware` sets for a request shaped like `request`, found by
 * running it once against a stand-in response. Lets a hot route send the
 * very headers a library decides (helmet's policy, cors's answer for an
 * origin) as a block computed once, instead of running the library per
 * request. Throws when the middleware does not finish synchronously or
 * fails, since its answer could then depend on more than the request's shape.
 */
export function recordHeaders(middleware: HeaderMiddleware, request: { method: string; url: string; headers: IncomingHttpHeaders }): HeaderPair[] {
  const headers = new Map<string, [string, string]>();
  const res = {
    statusCode: 200,
    getHeader: (name: string) => headers.get(name.toLowerCase())?.[1],
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name.toLowerCase(), [name, Array.isArray(value) ? value.join(", ") : String(value)]);
      return res;
    },
    removeHeader: (name: string) => void headers.delete(name.toLowerCase()),
    end: () => {
      throw new Error("a header middleware answered the request itself");
    },
  };
  let finished = false;
  (middleware as (req: unknown, res: unknown, next: (err?: unknown) => void) => void)({ ...request, path: request.url }, res, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
    finished = true;
  });
  if (!finished) throw new Error("a header middleware did not finish synchronously");
  return [...headers.values()];
}
