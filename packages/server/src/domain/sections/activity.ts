import type { Repositories } from "../../data-access/repositories.js";
import type { components } from "../../generated/openapi.js";
import { encodeCursor } from "../activity-cursor.js";
import { PageReads } from "./page-reads.js";
import type { SectionService } from "./section-service.js";

type Activity = components["schemas"]["Activity"];

/** Page size of the activity section inside the intro page and when no `limit` is given. */
export const defaultActivityLimit = 20;

/** The activity section: newest first, keyset-paginated. */
export function activitySection(repositories: Pick<Repositories, "activity">, now: () => Date = () => new Date()): SectionService<Activity> {
  return {
    name: "activity",
    async load(userId, query, _variant, reads = new PageReads(userId, now())) {
      const limit = query?.limit ?? defaultActivityLimit;
      const { items, hasMore } = await reads.read(await repositories.activity.feed(userId, limit, query?.cursor));
      const last = items.at(-1);
      return { items, nextCursor: hasMore && last ? encodeCursor({ occurredAt: last.occurredAt, id: last.id }) : null };
    },
  };
}
