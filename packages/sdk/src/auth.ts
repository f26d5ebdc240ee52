/** Supplies the bearer token; called before every request, so it may refresh as it likes. */
export type TokenProvider = () => string | Promise<string>;

/**
 * Sets `Authorization: Bearer <token>` on a request about to be sent, unless
 * the caller set an Authorization header for that call.
 */
export async function authorize(request: Request, token: TokenProvider): Promise<void> {
  if (!request.headers.has("Authorization")) request.headers.set("Authorization", `Bearer ${await token()}`);
}
