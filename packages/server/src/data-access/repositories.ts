import type { Sequelize } from "sequelize";
import { createActionItemRepository, type ActionItemRepository } from "./action-item-repository.js";
import { createActivityRepository, type ActivityRepository } from "./activity-repository.js";
import { createFlagRepository, type FlagRepository } from "./flag-repository.js";
import { createAnnouncementRepository, type AnnouncementRepository } from "./announcement-repository.js";
import { createPreferenceRepository, type PreferenceRepository } from "./preference-repository.js";
import { createProcessedEventRepository, type ProcessedEventRepository } from "./processed-event-repository.js";
import { createUserRepository, type UserRepository } from "./user-repository.js";

/** Every repository, over one shared Sequelize instance. */
export interface Repositories {
  sequelize: Sequelize;
  users: UserRepository;
  actionItems: ActionItemRepository;
  activity: ActivityRepository;
  preferences: PreferenceRepository;
  announcements: AnnouncementRepository;
  processedEvents: ProcessedEventRepository;
  flags: FlagRepository;
}

/** Creates all repositories. */
export function createRepositories(sequelize: Sequelize): Repositories {
  return {
    sequelize,
    users: createUserRepository(sequelize),
    actionItems: createActionItemRepository(sequelize),
    activity: createActivityRepository(sequelize),
    preferences: createPreferenceRepository(sequelize),
    announcements: createAnnouncementRepository(sequelize),
    processedEvents: createProcessedEventRepository(sequelize),
    flags: createFlagRepository(sequelize),
  };
}
