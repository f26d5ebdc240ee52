// Stateful sequences driven by the spec's links: a write, then the reads its
// links name, which must show the write (and only once, for retried events).
import type { CheckRecorder, RunContext } from "../context.js";
import type { Caller, Exchange } from "../http-client.js";
import { followLink, linkNamed } from "../links.js";
import { exampleBody, requestFrom, validValues } from "../requests.js";
import type { Operation } from "../spec.js";
import { expectResponse } from "./expect.js";

/** Runs every sequence whose operations the contract has and the run selected. */
export async function checkStateful(ctx: RunContext): Promise<void> {
  await completeThenRead(ctx);
  await eventThenReads(ctx);
  await preferencesThenPersonalization(ctx);
  await activityPages(ctx);
}

/** The operations a flow needs, when all exist and the first is selected; the flow reports on the first. */
function flowOperations(ctx: RunContext, ids: string[]): Operation[] | undefined {
  const operations = ids.map((id) => ctx.operation(id));
  if (operations.some((op) => !op) || !ctx.selected.some((op) => op.operationId === ids[0])) return undefined;
  return operations as Operation[];
}

/** Calls `operation` with valid values (plus `extra`) as `caller`; the response must be a documented 2xx. */
async function call(ctx: RunContext, recorder: CheckRecorder, operation: Operation, caller: Caller, label: string, extra: Record<string, unknown> = {}, body?: unknown, mediaType?: string) {
  const values = validValues(ctx, operation, extra);
  if (!values) throw new Error(`no values for ${operation.operationId}`);
  if (body !== undefined) values.body = body;
  const exchange = await ctx.send(operation, requestFrom(operation, caller, values, mediaType));
  return expectResponse(ctx, recorder, operation, exchange, (status) => status >= 200 && status < 300, label) ? exchange : undefined;
}

/** Follows the link `name` of `from` (a response of `source`) as `caller`; the response must be a documented 2xx. */
async function follow(ctx: RunContext, recorder: CheckRecorder, source: Operation, from: Exchange, name: string, caller: Caller) {
  const link = linkNamed(source, name);
  const target = link && ctx.operation(link.operationId);
  if (!link || !target) {
    recorder.fail(`the spec has no link ${name} on ${source.operationId} to drive this sequence`);
    return undefined;
  }
  const { parameters, body } = followLink(link, from);
  const values = validValues(ctx, target, parameters);
  if (!values) {
    recorder.fail(`link ${source.operationId}.${name} gave no value for a required parameter of ${target.operationId}`, from.request);
    return undefined;
  }
  if (body !== undefined) values.body = body;
  const exchange = await ctx.send(target, requestFrom(target, caller, values));
  const ok = expectResponse(ctx, recorder, target, exchange, (status) => status >= 200 && status < 300, `${source.operationId} → ${name} → ${target.operationId}`);
  return ok ? { target, exchange } : undefined;
}

const data = (exchange: Exchange | undefined): any => (exchange?.json as { data?: unknown } | undefined)?.data;

/** True when every section named in `names` that the page holds has status `ok`. */
function sectionsFresh(exchange: { json?: unknown }, names: string[]): boolean {
  const sections = (exchange.json as { sections?: Record<string, { status?: string }> } | undefined)?.sections ?? {};
  return names.every((name) => sections[name] === undefined || sections[name]!.status === "ok");
}

/** Complete the first open item, then the page and the actions no longer list it, the statistics changed, and a repeat is idempotent. */
async function completeThenRead(ctx: RunContext): Promise<void> {
  const operations = flowOperations(ctx, ["completeAction", "getActions", "getIntroPage"]);
  if (!operations) return;
  const [complete, getActions, getIntroPage] = operations as [Operation, Operation, Operation];
  const recorder = ctx.record(complete.operationId, "stateful");
  if (!ctx.client.has("user")) return recorder.skip("needs --token");
  await recorder.guard(async () => {
    const before = await call(ctx, recorder, getIntroPage, "user", "page before completing");
    const actions = await call(ctx, recorder, getActions, "user", "open items");
    if (!before || !actions) return;
    const itemId = data(actions)?.items?.[0]?.id;
    if (!itemId) return recorder.skip("the user has no open item to complete");
    const completed = await follow(ctx, recorder, getActions, actions, "CompleteItem", "user");
    if (!completed) return;
    const outcome = completed.exchange.json as { id?: string; state?: string; at?: string };
    if (outcome.id !== itemId || outcome.state !== "completed") {
      return recorder.fail(`complete ${itemId}: the outcome says ${JSON.stringify(outcome)}`, completed.exchange.request);
    }
    // A section served `stale` is a last good copy from before the write (the server was degraded, as the
    // contract allows): read again for a while, and judge only a page whose sections are fresh.
    let page = await follow(ctx, recorder, complete, completed.exchange, "ReadPage", "user");
    for (let attempt = 0; page && !sectionsFresh(page.exchange, ["actions", "statistics"]) && attempt < 10; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      page = await follow(ctx, recorder, complete, completed.exchange, "ReadPage", "user");
    }
    if (!page) return;
    if (!sectionsFresh(page.exchange, ["actions", "statistics"])) return recorder.skip("the page kept serving stale sections after the write (the server is degraded), so the write could not be judged");
    const beforeSections = (before.json as any).sections;
    const afterSections = (page.exchange.json as any).sections;
    if (afterSections?.actions?.data?.items?.some((item: { id: string }) => item.id === itemId)) {
      return recorder.fail(`after completing ${itemId} the page still lists it as open (the write was not applied)`, page.exchange.request);
    }
    const totalBefore = beforeSections?.actions?.data?.total;
    const totalAfter = afterSections?.actions?.data?.total;
    if (typeof totalBefore === "number" && totalAfter !== totalBefore - 1) {
      return recorder.fail(`after completing ${itemId} actions.total went ${totalBefore} → ${totalAfter}, expected ${totalBefore - 1}`, page.exchange.request);
    }
    if (beforeSections?.statistics?.data && JSON.stringify(beforeSections.statistics.data) === JSON.stringify(afterSections?.statistics?.data)) {
      return recorder.fail(`after completing ${itemId} the statistics did not change`, page.exchange.request);
    }
    recorder.pass();
    const reread = await follow(ctx, recorder, complete, completed.exchange, "ReadActions", "user");
    if (reread && data(reread.exchange)?.items?.some((item: { id: string }) => item.id === itemId)) {
      return recorder.fail(`after completing ${itemId} the actions section still lists it`, reread.exchange.request);
    }
    const again = await ctx.send(complete, completed.exchange.request);
    const repeat = again.json as { state?: string; at?: string } | undefined;
    if (again.status !== 200 || repeat?.state !== "completed" || repeat.at !== outcome.at) {
      return recorder.fail(`completing ${itemId} again: expected the same outcome (200, at ${outcome.at}), got ${again.status} ${again.text.slice(0, 120)}`, again.request);
    }
    recorder.pass();
  });
}

/** Post a batch, then activity and actions show it; the same batch again applies nothing twice. */
async function eventThenReads(ctx: RunContext): Promise<void> {
  const operations = flowOperations(ctx, ["postEvents", "getActivity", "getActions"]);
  if (!operations) return;
  const [postEvents] = operations as [Operation];
  const recorder = ctx.record(postEvents.operationId, "stateful");
  if (!ctx.client.has("service")) return recorder.skip("needs --service-token");
  const reader: Caller | undefined = ctx.client.has("user") ? "user" : ctx.client.has("admin") ? "admin" : undefined;
  if (!reader) return recorder.skip("needs --token or --admin-token to read the user's page");
  await recorder.guard(async () => {
    const batch = exampleBody(ctx, postEvents) as { events?: any[] } | undefined;
    if (!batch?.events?.length) return recorder.skip("the spec has no example batch to post");
    const posted = await call(ctx, recorder, postEvents, "service", "post a fresh batch", {}, batch);
    if (!posted) return;
    const result = posted.json as { accepted?: number; duplicates?: number };
    if (result.accepted !== batch.events.length || result.duplicates !== 0) {
      return recorder.fail(`a fresh batch of ${batch.events.length}: expected accepted ${batch.events.length}, duplicates 0, got ${JSON.stringify(result)}`, posted.request);
    }
    const objectIds = batch.events.filter((event) => event.object?.id).map((event) => event.object.id as string);
    const itemIds = batch.events.filter((event) => event.item?.id).map((event) => event.item.id as string);
    const activity = await follow(ctx, recorder, postEvents, posted, "ReadActivity", reader);
    if (!activity) return;
    const listed = (data(activity.exchange)?.items ?? []) as Array<{ object?: { id?: string } }>;
    const absent = objectIds.filter((id) => !listed.some((item) => item.object?.id === id));
    if (absent.length > 0) return recorder.fail(`after posting, activity does not list ${absent.join(", ")} (the write was not applied)`, activity.exchange.request);
    const actions = await follow(ctx, recorder, postEvents, posted, "ReadActions", reader);
    if (!actions) return;
    const open = (data(actions.exchange)?.items ?? []) as Array<{ id: string }>;
    const missingItems = itemIds.filter((id) => !open.some((item) => item.id === id));
    if (missingItems.length > 0 && (data(actions.exchange)?.total ?? 0) < 50) {
      return recorder.fail(`after posting, actions do not list ${missingItems.join(", ")}`, actions.exchange.request);
    }
    recorder.pass();
    const retry = await follow(ctx, recorder, postEvents, posted, "RetryBatch", "service");
    if (!retry) return;
    const retried = retry.exchange.json as { accepted?: number; duplicates?: number };
    if (retried.accepted !== 0 || retried.duplicates !== batch.events.length) {
      return recorder.fail(`the same batch again: expected accepted 0, duplicates ${batch.events.length}, got ${JSON.stringify(retried)}`, retry.exchange.request);
    }
    const after = await follow(ctx, recorder, postEvents, posted, "ReadActivity", reader);
    if (!after) return;
    const twice = objectIds.filter((id) => ((data(after.exchange)?.items ?? []) as Array<{ object?: { id?: string } }>).filter((item) => item.object?.id === id).length !== 1);
    if (twice.length > 0) return recorder.fail(`after a retried batch, activity lists ${twice.join(", ")} other than exactly once`, after.exchange.request);
    recorder.pass();
  });
}

/** Patch preferences, then personalization shows them; then put the originals back. */
async function preferencesThenPersonalization(ctx: RunContext): Promise<void> {
  const operations = flowOperations(ctx, ["updatePreferences", "getPersonalization"]);
  if (!operations) return;
  const [update, getPersonalization] = operations as [Operation, Operation];
  const recorder = ctx.record(update.operationId, "stateful");
  if (!ctx.client.has("user")) return recorder.skip("needs --token");
  const mediaType = Object.keys(update.requestBody?.content ?? {})[0] ?? "application/json";
  await recorder.guard(async () => {
    const original = data(await call(ctx, recorder, getPersonalization, "user", "personalization before the patch"));
    if (!original?.layout) return recorder.skip("no personalization to patch");
    const patch = {
      locale: original.locale === "de-DE" ? "fr-FR" : "de-DE",
      timezone: original.timezone === "Asia/Tokyo" ? "Europe/Berlin" : "Asia/Tokyo",
      layout: { order: [...original.layout.order].reverse(), hidden: original.layout.hidden.length > 0 ? [] : original.layout.order.slice(-1) },
    };
    const restore = { locale: original.locale, timezone: original.timezone, layout: { order: original.layout.order, hidden: original.layout.hidden } };
    const patched = await call(ctx, recorder, update, "user", "patch preferences", {}, patch, mediaType);
    if (!patched) return;
    try {
      const mismatch = (view: any) => (["locale", "timezone"] as const).find((key) => view?.[key] !== patch[key]) ?? (JSON.stringify(view?.layout) === JSON.stringify(patch.layout) ? undefined : "layout");
      const inReply = mismatch(data(patched));
      if (inReply) return recorder.fail(`the patch reply shows ${inReply} ${JSON.stringify(data(patched)?.[inReply])}, patched ${JSON.stringify(patch[inReply as keyof typeof patch])}`, patched.request);
      const read = await follow(ctx, recorder, update, patched, "ReadPersonalization", "user");
      if (!read) return;
      const inRead = mismatch(data(read.exchange));
      if (inRead) return recorder.fail(`after the patch personalization shows ${inRead} ${JSON.stringify(data(read.exchange)?.[inRead])}, patched ${JSON.stringify(patch[inRead as keyof typeof patch])} (the write was not applied)`, read.exchange.request);
      recorder.pass();
    } finally {
      await call(ctx, recorder, update, "user", "restore the original preferences", {}, restore, mediaType);
    }
  });
}

/** Two pages of activity through the NextPage link: no item twice, newest first across the boundary. */
async function activityPages(ctx: RunContext): Promise<void> {
  const operations = flowOperations(ctx, ["getActivity"]);
  if (!operations) return;
  const [getActivity] = operations as [Operation];
  const recorder = ctx.record(getActivity.operationId, "stateful");
  if (!ctx.client.has("user")) return recorder.skip("needs --token");
  await recorder.guard(async () => {
    const first = await call(ctx, recorder, getActivity, "user", "first page", { limit: 5 });
    if (!first) return;
    if (!data(first)?.nextCursor) return recorder.skip("the user's activity fits on one page of 5");
    const second = await follow(ctx, recorder, getActivity, first, "NextPage", "user");
    if (!second) return;
    const one = (data(first)?.items ?? []) as Array<{ id: string; occurredAt: string }>;
    const two = (data(second.exchange)?.items ?? []) as Array<{ id: string; occurredAt: string }>;
    const repeated = two.filter((item) => one.some((earlier) => earlier.id === item.id));
    if (repeated.length > 0) return recorder.fail(`the next page repeats ${repeated.map((item) => item.id).join(", ")}`, second.exchange.request);
    if (one.length !== 5) return recorder.fail(`limit=5 gave ${one.length} items and a next cursor`, first.request);
    const last = one.at(-1);
    if (last && two[0] && Date.parse(two[0].occurredAt) > Date.parse(last.occurredAt)) {
      return recorder.fail(`the next page starts newer (${two[0].occurredAt}) than the first ended (${last.occurredAt})`, second.exchange.request);
    }
    recorder.pass();
  });
}
