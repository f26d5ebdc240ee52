import type { Repositories } from "../../data-access/repositories.js";
import { actionsSection } from "./actions.js";
import { activitySection } from "./activity.js";
import { personalizationSection } from "./personalization.js";
import type { SectionServices } from "./section-service.js";
import { statisticsSection } from "./statistics.js";
import { systemSection } from "./system.js";

/** The five production section services over the repositories. */
export function createSectionServices(repositories: Repositories, now?: () => Date): SectionServices {
  return {
    statistics: statisticsSection(repositories, now),
    actions: actionsSection(repositories, now),
    activity: activitySection(repositories, now),
    personalization: personalizationSection(repositories, now),
    system: systemSection(repositories, now),
  };
}
