import type { Repositories } from "../../data-access/repositories.js";
import type { components } from "../../generated/openapi.js";
import type { SectionService } from "./section-service.js";

type SystemOverview = components["schemas"]["SystemOverview"];

const dayMs = 86_400_000;
const maxAnnouncements = 20;

/**
 * The system section, shared by every user (one cache entry): service
 * status, users active in the last 24 hours and current announcements. An
 * active critical announcement means the service is degraded.
 */
export function systemSection(repositories: Pick<Repositories, "users" | "announcements">, now: () => Date = () => new Date()): SectionService<SystemOverview> {
  const { users, announcements } = repositories;
  return {
    name: "system",
    async load() {
      const at = now();
      const [activeUsers, current] = await Promise.all([users.countActiveSince(new Date(at.getTime() - dayMs)), announcements.active(at, maxAnnouncements)]);
      return { status: current.some((a) => a.severity === "critical") ? "degraded" : "operational", activeUsers, announcements: current };
    },
  };
}
