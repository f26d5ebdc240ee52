/** A well-formed incoming `X-Request-Id` is echoed, like on the reference server. */
const wellFormedRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id to answer with: the caller's when well-formed, otherwise a new UUID. */
export function requestIdFor(request: Request): string {
  const incoming = request.headers.get("x-request-id");
  return incoming && wellFormedRequestId.test(incoming) ? incoming : crypto.randomUUID();
}
