// The `stream` check: an operation answering `text/event-stream` (the page
// stream) opens as the contract says, speaks the event format it documents
// (`retry:` first, named events with `id:` and JSON data matching the schema
// of their `x-sse-events` entry, `: ping` heartbeats) and is refused like the
// page is: 401 without a token, 403 for another user's stream.
import type { CheckRecorder, RunContext } from "../context.js";
import type { Exchange } from "../http-client.js";
import { callersFor, hasUserPath, requestFrom, validValues } from "../requests.js";
import type { Schema } from "../spec.js";
import type { Operation } from "../spec.js";
import { mediaType } from "../validator.js";
import { expectResponse } from "./expect.js";

/** True for operations whose success is an event stream. */
export const isEventStreamOperation = (operation: Operation): boolean =>
  Object.keys(operation.responses["200"]?.content ?? {}).includes("text/event-stream");

/** One block of an event stream: its fields in order, and its comment lines. */
interface StreamBlock {
  fields: Array<[name: string, value: string]>;
  comments: string[];
}

/** Splits event-stream text into blocks (separated by a blank line); the last block counts only when it is complete. */
export function parseEventStream(text: string): StreamBlock[] {
  const normalized = text.replace(/\r\n?/g, "\n");
  const complete = normalized.slice(0, normalized.lastIndexOf("\n\n") + 2);
  return complete
    .split("\n\n")
    .filter((block) => block.length > 0)
    .map((block) => {
      const fields: StreamBlock["fields"] = [];
      const comments: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) comments.push(line.slice(1).trim());
        else {
          const colon = line.indexOf(":");
          const name = colon === -1 ? line : line.slice(0, colon);
          const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
          fields.push([name, value]);
        }
      }
      return { fields, comments };
    });
}

/** What is wrong with the stream's text, judged against the events the contract names; null when nothing. */
export function eventFormatViolation(ctx: RunContext, events: Record<string, Schema>, text: string): string | null {
  const blocks = parseEventStream(text);
  const first = blocks.find((block) => block.fields.length > 0);
  if (!first) return "no event and no retry: line arrived";
  if (first.fields[0]?.[0] !== "retry") return `the stream does not open with a retry: line (it opens with ${first.fields[0]?.[0]}:)`;
  let sawEvent = false;
  for (const { fields } of blocks) {
    for (const [name, value] of fields) {
      if (!["event", "data", "id", "retry"].includes(name)) return `unknown field ${JSON.stringify(name)} in the stream`;
      if (name === "retry" && !/^\d+$/.test(value)) return `retry: ${JSON.stringify(value)} is not a whole number of ms`;
    }
    const event = fields.find(([name]) => name === "event")?.[1];
    const data = fields.filter(([name]) => name === "data").map(([, value]) => value);
    if (event === undefined && data.length === 0) continue;
    const label = `event ${event ?? "(unnamed)"}`;
    if (event === undefined || !events[event]) return `${label} is not one of the documented events (${Object.keys(events).join(", ")})`;
    if (!sawEvent && event !== "sync") return `the first event is ${event}, not sync`;
    sawEvent = true;
    if (!fields.some(([name, value]) => name === "id" && value.length > 0)) return `${label} has no id: line to resume from`;
    let payload: unknown;
    try {
      payload = JSON.parse(data.join("\n"));
    } catch {
      return `${label}: data is not JSON`;
    }
    const reason = ctx.validator.check(events[event]!, payload);
    if (reason) return `${label}: data ${reason}`;
  }
  return sawEvent ? null : "no sync event arrived";
}

/** The stream's documented events and their data schemas (`x-sse-events`), by event name. */
function documentedEvents(ctx: RunContext, operation: Operation): Record<string, Schema> {
  const raw = ctx.contract.document.paths?.[operation.path]?.[operation.method.toLowerCase()]?.["x-sse-events"];
  return (raw ?? {}) as Record<string, Schema>;
}

const hasHeartbeat = (text: string) => parseEventStream(text).some((block) => block.comments.length > 0);
const hasEvent = (text: string) => parseEventStream(text).some((block) => block.fields.some(([name]) => name === "data"));

/**
 * Opens the stream as its user and listens until an event and a heartbeat
 * arrived (or `streamListenMs` passed), then checks its head and format; then
 * the two refusals. Sends four requests.
 */
export async function checkStream(ctx: RunContext, operation: Operation, listenMs: number): Promise<void> {
  if (!isEventStreamOperation(operation)) return;
  const recorder = ctx.record(operation.operationId, "stream");
  const caller = callersFor(operation).find((candidate) => ctx.client.has(candidate));
  if (!caller) return recorder.skip("needs --token");
  await recorder.guard(async () => {
    const values = validValues(ctx, operation);
    if (!values) return recorder.skip("no values for the stream's path");
    const open = requestFrom(operation, caller, values);
    const exchange = await ctx.client.listen(open, listenMs, (text) => hasEvent(text) && hasHeartbeat(text));
    noteSeen(ctx, operation, exchange);
    if (exchange.status !== 200) return recorder.fail(`opening the stream: expected 200, got ${exchange.status}`, open);
    const type = mediaType(exchange.headers.get("content-type"));
    if (type !== "text/event-stream") return recorder.fail(`opening the stream: Content-Type ${type || "(none)"} is not text/event-stream`, open);
    recorder.pass();
    const cacheControl = exchange.headers.get("cache-control");
    if (cacheControl !== "no-cache") recorder.fail(`opening the stream: Cache-Control ${cacheControl ?? "(none)"}, the contract says no-cache`, open);
    const violation = eventFormatViolation(ctx, documentedEvents(ctx, operation), exchange.text);
    if (violation) recorder.fail(`event format: ${violation}`, open);
    else recorder.pass();
    if (!hasHeartbeat(exchange.text)) recorder.fail(`no heartbeat (a comment line such as ": ping") within ${listenMs} ms`, open);
    else recorder.pass();

    await refusal(ctx, recorder, operation, requestFrom(operation, "anonymous", values), 401, "no token");
    if (caller === "user" && hasUserPath(operation)) {
      const other = validValues(ctx, operation, { userId: ctx.settings.otherUserId });
      if (other) await refusal(ctx, recorder, operation, requestFrom(operation, "user", other), 403, `another user's stream (${ctx.settings.otherUserId})`);
    }
  });
}

async function refusal(ctx: RunContext, recorder: CheckRecorder, operation: Operation, request: ReturnType<typeof requestFrom>, status: number, label: string) {
  const exchange = await ctx.send(operation, request);
  expectResponse(ctx, recorder, operation, exchange, [status], label);
}

/** Coverage: the stream's status counts as seen, as `ctx.send` would note it. */
function noteSeen(ctx: RunContext, operation: Operation, exchange: Exchange): void {
  ctx.noteStatus(operation, exchange.status);
}
