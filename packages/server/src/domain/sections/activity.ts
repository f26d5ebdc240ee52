import type { Repositories } from "../../data-access/repositories.js";
import type { components } from "../../generated/openapi.js";
import { JsonText } from "../../vocabulary/json-text.js";
import { encodeCursor } from "../activity-cursor.js";
import { PageReads } from "./page-reads.js";
import type { SectionService } from "./section-service.js";

type Activity = components["schemas"]["Activity"];

/** Page size of the activity section inside the intro page and when no `limit` is given. */
export const defaultActivityLimit = 20;

/**
 * The activity section: newest first, keyset-paginated. Its data is the
 * largest of a page, so its items go to the cache as the text PostgreSQL
 * wrote, not parsed and serialized again (docs/performance.md, ninth round).
 */
export function activitySection(repositories: Pick<Repositories, "activity">, now: () => Date = () => new Date()): SectionService<JsonText<Activity>> {
  return {
    name: "activity",
    async load(userId, query, _variant, reads = new PageReads(userId, now())) {
      const limit = query?.limit ?? defaultActivityLimit;
      const { items, next } = await reads.read(await repositories.activity.feed(userId, limit, query?.cursor));
      return new JsonText(`{"items":${items.text},"nextCursor":${next ? JSON.stringify(encodeCursor(next)) : "null"}}`);
    },
  };
}
