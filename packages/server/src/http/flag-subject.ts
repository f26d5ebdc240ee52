import type { IncomingMessage } from "node:http";
import { roles, type Principal } from "../auth/principal.js";
import type { FlagSubject } from "../domain/flags/flag-evaluation.js";
import { principalOf } from "./middleware/authenticate.js";

/** What a request says about its caller: the verified principal and the request's headers (an Express or a plain `node:http` request). */
export interface Caller {
  principal?: Principal | undefined;
  headers: IncomingMessage["headers"];
}

/** A BCP 47 tag as the contract's `Locale` allows it. */
const localeTag = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/;

/** The first language of `Accept-Language`, lower-cased; undefined when absent or not a plain tag (`*`, garbage). */
export function requestLocale(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const end = header.search(/[,;]/);
  const first = (end < 0 ? header : header.slice(0, end)).trim().toLowerCase();
  return first.length <= 35 && localeTag.test(first) ? first : undefined;
}

/**
 * Whom a page's flags are evaluated for: the page's user (percentage
 * buckets and user targeting follow the page, so an admin looking at it sees
 * what its user sees there), the caller's roles, and the request's locale.
 */
export function flagSubjectOf(req: Caller, userId: string): FlagSubject {
  const principal = principalOf(req);
  return {
    userId,
    roles: roles.filter((role) => principal.roles.has(role)),
    locale: requestLocale(req.headers["accept-language"]),
  };
}
