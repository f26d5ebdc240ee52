import { plural } from "../i18n/messages.js";
import type { Messages } from "../i18n/messages.js";
import type { IntroPage } from "../page-model.js";

/**
 * The sentence for the live region when polling brought urgent items that were
 * not there before, or `""` when nothing is worth interrupting the user for.
 * Only new urgent items count: routine changes would make the region chatty.
 */
export function describeNewUrgentItems(previous: IntroPage, next: IntroPage, messages: Messages): string {
  const before = new Set((previous.sections.actions?.data?.items ?? []).map((item) => item.id));
  const added = (next.sections.actions?.data?.items ?? []).filter((item) => item.priority === "urgent" && !before.has(item.id));
  if (added.length === 0) return "";
  const titles = new Intl.ListFormat(messages.lang).format(added.map((item) => item.title));
  return plural(messages.lang, added.length, messages.newUrgent(String(added.length), titles));
}
