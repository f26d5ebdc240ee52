import type { Middleware } from "openapi-fetch";

/** Supplies the bearer token; called before every request, so it may refresh as it likes. */
export type TokenProvider = () => string | Promise<string>;

/**
 * openapi-fetch middleware that sets `Authorization: Bearer <token>` on each
 * request, unless the caller set an Authorization header for that call.
 */
export function bearerAuth(token: TokenProvider): Middleware {
  return {
    async onRequest({ request }) {
      if (!request.headers.has("Authorization")) request.headers.set("Authorization", `Bearer ${await token()}`);
      return undefined;
    },
  };
}
