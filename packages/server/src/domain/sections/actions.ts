import type { Repositories } from "../../data-access/repositories.js";
import type { components } from "../../generated/openapi.js";
import { JsonText } from "../../vocabulary/json-text.js";
import { PageReads } from "./page-reads.js";
import type { SectionService } from "./section-service.js";

type Actions = components["schemas"]["Actions"];

/** The contract caps the list; counts still cover every open item. */
export const maxListedActions = 50;

/**
 * The actions section: open items, most pressing first (or soonest due first in the `due-first` variant), with
 * total/urgent/overdue counts. The items go to the cache as the text PostgreSQL wrote (`openItems`).
 */
export function actionsSection(repositories: Pick<Repositories, "actionItems">, now: () => Date = () => new Date()): SectionService<JsonText<Actions>> {
  const { actionItems } = repositories;
  return {
    name: "actions",
    async load(userId, _query, variant, reads = new PageReads(userId, now())) {
      const ordering = variant === "due-first" ? "due-first" : "priority-first";
      const [items, { total, urgent, overdue }] = await Promise.all([reads.read(actionItems.openItems(userId, maxListedActions, ordering)), reads.itemSummary(actionItems)]);
      return new JsonText(`{"items":${items.text},"total":${total},"urgent":${urgent},"overdue":${overdue}}`);
    },
  };
}
