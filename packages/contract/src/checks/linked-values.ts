// Finds values for path parameters the run cannot invent (an item id) by
// calling an operation whose documented links lead to the one we need.
import type { RunContext } from "../context.js";
import type { RequestValues } from "../http-client.js";
import { followLink, linksTo } from "../links.js";
import { callersFor, requestFrom, validValues } from "../requests.js";
import type { Operation } from "../spec.js";

/**
 * Valid values for `operation`. Path ids the run cannot know (an item id)
 * come through the first link to it whose source answers with them; other
 * values directly. Undefined when nothing yields them (e.g. no open items).
 */
export async function valuesFor(ctx: RunContext, operation: Operation): Promise<RequestValues | undefined> {
  const needsLink = operation.parameters.some((p) => p.in === "path" && p.name !== "userId");
  if (!needsLink) return validValues(ctx, operation);
  for (const { source, link } of linksTo(ctx.contract, operation.operationId)) {
    const sourceValues = validValues(ctx, source);
    const caller = callersFor(source).find((candidate) => ctx.client.has(candidate));
    if (!sourceValues || !caller) continue;
    const exchange = await ctx.send(source, requestFrom(source, caller, sourceValues));
    if (exchange.status < 200 || exchange.status > 299) continue;
    const { parameters, body } = followLink(link, exchange);
    if (Object.values(parameters).some((value) => value === undefined || value === null)) continue;
    const values = validValues(ctx, operation, parameters);
    if (values && body !== undefined) values.body = body;
    if (values) return values;
  }
  return validValues(ctx, operation);
}
