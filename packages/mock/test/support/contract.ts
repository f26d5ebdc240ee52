// Checks the mock's responses against openapi.yaml (the real file, not the
// copy the mock embeds) with the repository's one contract checker:
// documented status, content type, body schema and documented headers.
import { contractViolations as violationsOf, operationFor } from "../../../../test/support/contract-validator.js";

export { deref, operationFor, spec, specOperations, type SpecOperation } from "../../../../test/support/contract-validator.js";

/** Everything wrong with one response, as readable strings; empty when it honours the contract. */
export async function contractViolations(method: string, url: string, response: Response): Promise<string[]> {
  const contentType = response.headers.get("content-type")?.split(";")[0]?.trim() ?? "";
  // An event stream never ends by itself: status, headers and content type are what can be checked here.
  const text = contentType === "text/event-stream" ? (void response.body?.cancel(), "") : await response.text();
  const body = contentType === "text/event-stream" ? "" : text === "" ? undefined : contentType.endsWith("json") ? JSON.parse(text) : text;
  return violationsOf(method, operationFor(method, url).path, { status: response.status, headers: response.headers, body }, { headers: true });
}
